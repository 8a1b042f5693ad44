package dev.slipway.release.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.slipway.model.CanaryAnalysis.CustomMetric;
import dev.slipway.model.JudgeKind;
import dev.slipway.release.Track;
import dev.slipway.release.analysis.Verdict.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class PanelTest {

    private final FakeMetrics metrics = new FakeMetrics();
    private final Analysis look = Looks.at(Duration.ofMinutes(1), metrics);

    private static Judge says(Outcome outcome, String reason) {
        Measurement m = new Measurement("stub", reason, outcome, OptionalDouble.empty(), OptionalDouble.empty(), 0, 0,
                Measurement.StatisticKind.NONE, "", OptionalDouble.empty(), OptionalDouble.empty(), reason);
        return analysis -> new Verdict(outcome, reason, List.of(m));
    }

    @Test
    void anyFailureFailsWithTheFirstFailingReasonAndEveryMeasurement() {
        Verdict verdict = new Panel(List.of(says(Outcome.PASS, "a"), says(Outcome.INCONCLUSIVE, "b"),
                says(Outcome.FAIL, "c"), says(Outcome.FAIL, "d"))).judge(look);

        assertThat(verdict.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(verdict.reason()).isEqualTo("c");
        assertThat(verdict.measurements()).extracting(Measurement::metric).containsExactly("a", "b", "c", "d");
    }

    @Test
    void allPassingPassesAndAnythingElseIsInconclusive() {
        assertThat(new Panel(List.of(says(Outcome.PASS, "a"), says(Outcome.PASS, "b"))).judge(look))
                .extracting(Verdict::outcome, Verdict::reason).containsExactly(Outcome.PASS, "a; b");
        assertThat(new Panel(List.of(says(Outcome.PASS, "a"), says(Outcome.INCONCLUSIVE, "b"))).judge(look))
                .extracting(Verdict::outcome, Verdict::reason).containsExactly(Outcome.INCONCLUSIVE, "b");
    }

    @Test
    void judgesThatDoNotApplyAreLeftOut() {
        Judge never = new Judge() {
            @Override
            public Verdict judge(Analysis analysis) {
                return Verdict.fail("must not be asked", List.of());
            }

            @Override
            public boolean appliesTo(Analysis analysis) {
                return false;
            }
        };

        assertThat(new Panel(List.of(says(Outcome.PASS, "a"), never)).judge(look).outcome()).isEqualTo(Outcome.PASS);
        assertThat(new Panel(List.of(never)).judge(look).outcome()).isEqualTo(Outcome.INCONCLUSIVE);
    }

    @Test
    void unavailableMetricsMakeTheirJudgeInconclusiveWhileThePodsStillFail() {
        FakeMetrics down = new FakeMetrics().unavailable();
        Judge panel = Judges.forSettings(Looks.settings());

        Verdict healthyPods = panel.judge(Looks.at(Duration.ofMinutes(1), down));
        assertThat(healthyPods.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(healthyPods.reason()).isEqualTo("metrics unavailable: prometheus did not answer");

        Analysis crashing = new Analysis("production", Looks.SERVICE, "2.0.0", 0, 10, Looks.START,
                Looks.START.plus(Duration.ofMinutes(1)), Track.CANARY, Track.STABLE, Optional.of(Looks.pods(3, 4)), 3,
                List.of(), Looks.settings(), down);
        assertThat(panel.judge(crashing).reason()).isEqualTo("canary pods restarted 4 times");
    }

    @Test
    void theDefaultPanelIsPodsTheLimitsAndTheDependentsGuard() {
        FalseRollbackBudget budget = new FalseRollbackBudget(true, false, true);
        assertThat(((Panel) Judges.forSettings(Looks.settings())).judges())
                .containsExactly(new PodsJudge(), new LimitsJudge(budget), new DependentsGuard(budget));
    }

    @Test
    void theConfiguredJudgesJoinInTheirOrderWithCustomMetricsWhenDefined() {
        CustomMetric queue = new CustomMetric("queue", "q", Optional.of(1.0), Optional.empty());
        Panel panel = (Panel) Judges.forSettings(Looks.settings(List.of(JudgeKind.STATISTICAL, JudgeKind.THRESHOLD),
                false, List.of(queue)));

        assertThat(panel.judges()).containsExactly(new PodsJudge(),
                new StatisticalJudge(new FalseRollbackBudget(false, true, false)), new ThresholdJudge(), new CustomMetricJudge());
    }

    @Test
    void theStatisticalJudgeAndTheGuardShareTheFalseRollbackRateOnlyWhenThereAreDependents() {
        FalseRollbackBudget both = new FalseRollbackBudget(false, true, true);
        Analysis alone = Looks.at(Duration.ofMinutes(1), metrics, Looks.settings(), List.of());
        Analysis called = Looks.at(Duration.ofMinutes(1), metrics, Looks.settings(), List.of("web", "mobile"));

        assertThat(both.statistical(alone)).isEqualTo(0.01);
        assertThat(both.statistical(called)).isEqualTo(0.005);
        assertThat(both.perDependent(called)).isEqualTo(0.0025);
        assertThat(new FalseRollbackBudget(false, false, true).perDependent(called)).isEqualTo(0.005);
        assertThat(both.statistical(called) + 2 * both.perDependent(called)).isEqualTo(0.01);
    }

    @Test
    void theLimitsTheStatisticalJudgeAndTheGuardTakeEqualSharesThatAddUpToTheFalseRollbackRate() {
        FalseRollbackBudget all = new FalseRollbackBudget(true, true, true);
        Analysis alone = Looks.at(Duration.ofMinutes(1), metrics, Looks.settings(), List.of());
        Analysis called = Looks.at(Duration.ofMinutes(1), metrics, Looks.settings(), List.of("web", "mobile"));

        assertThat(all.limits(alone)).isEqualTo(0.005);
        assertThat(all.statistical(alone)).isEqualTo(0.005);
        assertThat(all.limits(called) + all.statistical(called) + 2 * all.perDependent(called))
                .isCloseTo(0.01, within(1e-15));
        assertThat(all.perDependent(called)).isCloseTo(0.01 / 6, within(1e-15));
    }
}
