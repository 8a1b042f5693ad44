package dev.slipway.release.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.release.Track;
import dev.slipway.release.analysis.Verdict.Outcome;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ThresholdJudgeTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private final FakeMetrics metrics = new FakeMetrics()
            .traffic(Looks.SERVICE, Track.STABLE, Looks.START, 90, 0.01, 40);

    private Verdict judge(Duration elapsed) {
        return new ThresholdJudge().judge(Looks.at(elapsed, metrics));
    }

    private void canary(double rps, double errorRate, double p95) {
        metrics.traffic(Looks.SERVICE, Track.CANARY, Looks.START, rps, errorRate, p95);
    }

    @Test
    void anErrorRateOverTheLimitFails() {
        canary(10, 0.08, 40);

        Verdict verdict = judge(MINUTE);

        assertThat(verdict.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(verdict.reason()).isEqualTo("error rate 8.0% (threshold 5.0%) over 600 requests");
        Measurement errors = verdict.measurements().getFirst();
        assertThat(errors.metric()).isEqualTo("error-rate");
        assertThat(errors.canary()).hasValue(0.08);
        assertThat(errors.value()).hasValue(0.08);
        assertThat(errors.bound()).as("the limit").hasValue(0.05);
    }

    @Test
    void aHealthyCanaryPassesWithBothMetricsMeasured() {
        canary(10, 0.01, 44);

        Verdict verdict = judge(MINUTE);

        assertThat(verdict.outcome()).isEqualTo(Outcome.PASS);
        assertThat(verdict.measurements()).extracting(Measurement::metric, Measurement::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("error-rate", Outcome.PASS),
                org.assertj.core.groups.Tuple.tuple("latency-p95", Outcome.PASS));
        assertThat(verdict.measurements().get(1).value().getAsDouble()).isCloseTo(1.1, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aCanaryBetterThanTheBaselinePasses() {
        canary(10, 0, 20);

        assertThat(judge(MINUTE).outcome()).isEqualTo(Outcome.PASS);
    }

    @Test
    void latencyOverTheRatioFails() {
        canary(10, 0.01, 100);

        Verdict verdict = judge(MINUTE);

        assertThat(verdict.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(verdict.reason()).isEqualTo("p95 latency 100 ms = 2.50× the baseline's 40 ms (threshold 2.00×)");
    }

    @Test
    void withoutBaselineTrafficOnlyTheErrorRateIsJudgedAndTheMeasurementSaysSo() {
        FakeMetrics alone = new FakeMetrics().traffic(Looks.SERVICE, Track.CANARY, Looks.START, 100, 0.01, 400);

        Verdict verdict = new ThresholdJudge().judge(Looks.at(MINUTE, alone));

        assertThat(verdict.outcome()).isEqualTo(Outcome.PASS);
        Measurement latency = verdict.measurements().get(1);
        assertThat(latency.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(latency.detail()).isEqualTo("no baseline latency to compare with: only the error rate is judged");
    }

    @Test
    void noCanaryTrafficIsInconclusiveNeverAPass() {
        Verdict verdict = judge(MINUTE);

        assertThat(verdict.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(verdict.reason()).isEqualTo("no requests reached the canary over the last 60s");
    }

    @Test
    void aFewRequestsWaitForMinRequestsEvenWithAnError() {
        canary(1, 0.1, 40); // 10 requests, 1 error: 10 % of very little

        Verdict verdict = judge(Duration.ofSeconds(10));

        assertThat(verdict.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(verdict.reason()).isEqualTo(
                "error rate 10.0% (threshold 5.0%) over 10 requests: waiting for 40 more requests");
    }

    @Test
    void aFewRequestsFailOnceTheLimitIsCertainToBeExceeded() {
        canary(1, 0.3, 40); // 10 requests, 3 errors: over 5 % of 50 whatever follows

        Verdict verdict = judge(Duration.ofSeconds(10));

        assertThat(verdict.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(verdict.reason()).startsWith("error rate 30.0%");
    }

    @Test
    void onlyTheWindowCounts() {
        canary(10, 0.5, 40);
        metrics.traffic(Looks.SERVICE, Track.CANARY, Looks.START.plus(Duration.ofMinutes(2)), 10, 0.01, 40);

        assertThat(judge(Duration.ofMinutes(3)).outcome()).isEqualTo(Outcome.PASS);
    }
}
