package dev.slipway.release.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.slipway.model.JudgeKind;
import dev.slipway.release.Track;
import dev.slipway.release.analysis.Verdict.Outcome;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatisticalJudgeTest {

    private final FakeMetrics metrics = new FakeMetrics();
    private final StatisticalJudge judge = new StatisticalJudge();

    private Verdict judge(Duration elapsed) {
        return judge.judge(Looks.at(elapsed, metrics,
                Looks.settings(List.of(JudgeKind.STATISTICAL), false, List.of()), List.of()));
    }

    private void traffic(double canaryRps, double canaryErrors, double canaryP95, double baselineRps,
                         double baselineErrors, double baselineP95) {
        metrics.traffic(Looks.SERVICE, Track.CANARY, Looks.START, canaryRps, canaryErrors, canaryP95);
        metrics.traffic(Looks.SERVICE, Track.STABLE, Looks.START, baselineRps, baselineErrors, baselineP95);
    }

    @Test
    void tenTimesTheBaselinesErrorRateFailsWithinTwoIntervals() {
        traffic(10, 0.10, 40, 100, 0.01, 40); // per 5 s: 50 requests, 5 errors against 500 and 5

        assertThat(judge(Duration.ofSeconds(5)).outcome()).isNotEqualTo(Outcome.FAIL);
        Verdict verdict = judge(Duration.ofSeconds(10));

        assertThat(verdict.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(verdict.reason()).startsWith("error rate 10.0% (10/100) against the baseline's 1.0% (10/1000): "
                + "significantly higher (likelihood ratio ");
        Measurement errors = verdict.measurements().getFirst();
        assertThat(errors.statistic()).isEqualTo("mixture likelihood ratio");
        assertThat(errors.statisticKind()).isEqualTo(Measurement.StatisticKind.LIKELIHOOD_RATIO);
        assertThat(errors.bound()).hasValue(200); // 1 / (α / 2): half of α = 0.01 for errors, half for latency
        assertThat(errors.value().getAsDouble()).isGreaterThanOrEqualTo(200);
        assertThat(errors.canarySamples()).isEqualTo(100);
        assertThat(errors.baselineSamples()).isEqualTo(1000);
    }

    @Test
    void theSameErrorRatePassesOnceBothSidesHaveMinRequests() {
        traffic(20, 0.01, 40, 100, 0.01, 40);

        Verdict verdict = judge(Duration.ofMinutes(1));

        assertThat(verdict.outcome()).isEqualTo(Outcome.PASS);
        assertThat(verdict.measurements()).allSatisfy(m -> {
            assertThat(m.value()).isPresent();
            assertThat(m.bound()).isPresent();
        });
        assertThat(verdict.measurements().getFirst().value().getAsDouble()).isLessThan(1);
    }

    @Test
    void tooLittleTrafficIsInconclusiveUntilMinRequestsNeverAPass() {
        traffic(1, 0, 40, 100, 0.01, 40);

        for (int seconds = 5; seconds < 50; seconds += 5) {
            assertThat(judge(Duration.ofSeconds(seconds)).outcome()).as(seconds + " s").isEqualTo(Outcome.INCONCLUSIVE);
        }
        assertThat(judge(Duration.ofSeconds(10)).reason())
                .isEqualTo("waiting for 40 more requests (40 canary, 0 baseline; minRequests 50 each)");
        assertThat(judge(Duration.ofSeconds(50)).outcome()).isEqualTo(Outcome.PASS);
    }

    @Test
    void noDataIsInconclusive() {
        assertThat(judge(Duration.ofSeconds(3)).outcome()).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(judge(Duration.ofSeconds(3)).reason()).isEqualTo("waiting for the first 5s of canary traffic");
        Verdict verdict = judge(Duration.ofMinutes(2));
        assertThat(verdict.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(verdict.reason()).isEqualTo("waiting for 100 more requests (50 canary, 50 baseline; minRequests 50 each)");
    }

    @Test
    void aCanaryBetterThanTheBaselineNeverFailsHoweverLongItIsWatched() {
        traffic(40, 0.005, 30, 100, 0.01, 40); // half the errors, faster

        for (int seconds = 5; seconds <= 1800; seconds += 5) {
            Verdict verdict = judge(Duration.ofSeconds(seconds));
            assertThat(verdict.outcome()).as(seconds + " s").isNotEqualTo(Outcome.FAIL);
        }
        Verdict end = judge(Duration.ofMinutes(30));
        assertThat(end.outcome()).isEqualTo(Outcome.PASS);
        assertThat(end.measurements().getFirst().value().getAsDouble()).isLessThan(1e-6);
        assertThat(end.measurements().get(1).value().getAsDouble()).isGreaterThan(0.99);
    }

    @Test
    void twiceTheBaselinesLatencyFailsAtTheFirstLookThatSpendsAlpha() {
        traffic(20, 0.01, 80, 100, 0.01, 40);

        Verdict early = judge(Duration.ofSeconds(5L * (LatencyComparison.FIRST_LOOK - 1)));
        assertThat(early.outcome()).isEqualTo(Outcome.PASS);
        assertThat(early.measurements().get(1).detail()).endsWith("not tested before 8 intervals on each side");

        Verdict verdict = judge(Duration.ofSeconds(5L * LatencyComparison.FIRST_LOOK));
        assertThat(verdict.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(verdict.reason()).startsWith("p95 latency 80 ms (median of 8 intervals) against the baseline's "
                + "40 ms (8): significantly above 1.10× the baseline's (Mann-Whitney p ");
        Measurement latency = verdict.measurements().get(1);
        assertThat(latency.statistic()).isEqualTo("Mann-Whitney U one-sided p-value");
        assertThat(latency.statisticKind()).isEqualTo(Measurement.StatisticKind.P_VALUE);
        assertThat(latency.bound().getAsDouble()).isCloseTo(LatencyComparison.spent(0.005, 8), within(1e-12));
        assertThat(latency.value().getAsDouble()).isLessThanOrEqualTo(latency.bound().getAsDouble());
    }

    @Test
    void latencyWithinTheToleranceNeverFails() {
        traffic(20, 0.01, 43, 100, 0.01, 40); // 7.5 % slower, tolerance 10 %

        for (int seconds = 5; seconds <= 600; seconds += 5) {
            assertThat(judge(Duration.ofSeconds(seconds)).outcome()).as(seconds + " s").isEqualTo(Outcome.PASS);
        }
    }

    @Test
    void itsStatisticIsTheSequentialTestFedTheSameIntervalsLookedAtAnyMomentWithinAnInterval() {
        // traffic that changes mid-way, as at a step's weight change
        traffic(10, 0.03, 40, 90, 0.01, 40);
        metrics.traffic(Looks.SERVICE, Track.CANARY, Looks.START.plus(Duration.ofSeconds(62)), 25, 0.02, 40);
        metrics.traffic(Looks.SERVICE, Track.STABLE, Looks.START.plus(Duration.ofSeconds(62)), 75, 0.01, 40);
        ErrorRateComparison expected = new ErrorRateComparison();
        for (int i = 0; i < 24; i++) {
            var from = Looks.START.plus(Duration.ofSeconds(5L * i));
            var to = from.plus(Duration.ofSeconds(5));
            var c = metrics.sample("production", Looks.SERVICE, Track.CANARY, from, to);
            var b = metrics.sample("production", Looks.SERVICE, Track.STABLE, from, to);
            expected.add(c.requests(), c.errors(), b.requests(), b.errors());
        }

        // 2 min and 2 min 4 s see the same 24 whole intervals
        for (Duration at : List.of(Duration.ofSeconds(120), Duration.ofSeconds(124))) {
            Measurement errors = judge(at).measurements().getFirst();
            assertThat(errors.value().getAsDouble()).isCloseTo(expected.likelihoodRatio(), within(1e-9));
        }
    }
}
