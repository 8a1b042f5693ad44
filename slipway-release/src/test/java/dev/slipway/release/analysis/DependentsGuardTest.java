package dev.slipway.release.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.JudgeKind;
import dev.slipway.release.Track;
import dev.slipway.release.analysis.Verdict.Outcome;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DependentsGuardTest {

    private static final Duration HOUR = Duration.ofHours(1);
    private final FakeMetrics metrics = new FakeMetrics();
    private final DependentsGuard guard = new DependentsGuard();

    private Verdict judge(Duration elapsed, List<String> dependents) {
        return guard.judge(Looks.at(elapsed, metrics, Looks.settings(List.of(JudgeKind.THRESHOLD), true, List.of()),
                dependents));
    }

    /** The dependent's stable track: {@code before} until the canary starts, {@code during} from then on. */
    private void dependent(String name, double rps, double before, double during) {
        metrics.traffic(name, Track.STABLE, Looks.START.minus(HOUR), rps, before, 40);
        metrics.traffic(name, Track.STABLE, Looks.START, rps, during, 40);
    }

    @Test
    void aSignificantRiseInADependentsErrorRateFailsTheCanary() {
        dependent("web", 100, 0.01, 0.01);
        dependent("mobile", 100, 0.01, 0.03);

        Verdict verdict = judge(Duration.ofSeconds(30), List.of("web", "mobile"));

        assertThat(verdict.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(verdict.reason()).startsWith("dependent mobile's error rate 3.0% since the canary started against "
                + "1.0% before: rose significantly (likelihood ratio ");
        assertThat(verdict.measurements()).extracting(Measurement::metric, Measurement::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("web error-rate", Outcome.PASS),
                org.assertj.core.groups.Tuple.tuple("mobile error-rate", Outcome.FAIL));
        Measurement mobile = verdict.measurements().get(1);
        assertThat(mobile.bound()).hasValue(200); // α = 0.01 shared by two dependents
        assertThat(mobile.value().getAsDouble()).isGreaterThanOrEqualTo(200);
    }

    @Test
    void dependentsWhoseErrorRateDidNotRisePass() {
        dependent("web", 100, 0.02, 0.01);

        for (int seconds = 5; seconds <= 600; seconds += 5) {
            assertThat(judge(Duration.ofSeconds(seconds), List.of("web")).outcome()).isEqualTo(Outcome.PASS);
        }
    }

    @Test
    void aRiseBelowTheFloorDoesNotFailHoweverSignificant() {
        dependent("web", 100_000, 0.0001, 0.0005); // five times the errors, but 0.04 percentage points

        Verdict verdict = judge(Duration.ofMinutes(5), List.of("web"));

        assertThat(verdict.outcome()).isEqualTo(Outcome.PASS);
        assertThat(verdict.measurements().getFirst().detail()).contains("rose less than 0.1 points");
        assertThat(verdict.measurements().getFirst().value().getAsDouble()).isGreaterThan(1e6);
    }

    @Test
    void aDependentWithoutTrafficContributesNothingAndBlocksNothing() {
        dependent("web", 100, 0.01, 0.01);

        Verdict verdict = judge(Duration.ofMinutes(5), List.of("web", "nightly-report"));

        assertThat(verdict.outcome()).isEqualTo(Outcome.PASS);
        Measurement quiet = verdict.measurements().get(1);
        assertThat(quiet.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(quiet.detail()).isEqualTo("nightly-report had no traffic since the canary started: not compared");
    }

    @Test
    void itAppliesOnlyToServicesWithDependents() {
        assertThat(guard.appliesTo(Looks.at(Duration.ofMinutes(1), metrics))).isFalse();
        assertThat(guard.appliesTo(Looks.at(Duration.ofMinutes(1), metrics, Looks.settings(), List.of("web"))))
                .isTrue();
    }

    @Test
    void intervalIAfterTheStartIsComparedWithIntervalIBeforeIt() {
        // the dependent was bad long ago, fine just before the canary, and stays fine: no rise
        metrics.traffic("web", Track.STABLE, Looks.START.minus(HOUR), 100, 0.2, 40);
        metrics.traffic("web", Track.STABLE, Looks.START.minus(Duration.ofMinutes(1)), 100, 0.01, 40);
        metrics.traffic("web", Track.STABLE, Looks.START, 100, 0.01, 40);

        Measurement web = judge(Duration.ofMinutes(1), List.of("web")).measurements().getFirst();

        assertThat(web.baseline()).hasValue(0.01);
        assertThat(web.canary()).hasValue(0.01);
    }
}
