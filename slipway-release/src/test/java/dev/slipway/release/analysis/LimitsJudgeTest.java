package dev.slipway.release.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.CanaryAnalysis;
import dev.slipway.model.JudgeKind;
import dev.slipway.release.Track;
import dev.slipway.release.analysis.Verdict.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The default panel's promise: a healthy canary is rolled back at most 1 % of the time at every traffic level, over a
 * 40-minute canary looked at every 5 s — where the raw threshold rule rolls back a quarter of them at 10 requests/s —
 * while canaries clearly over the classic limits (10 % errors against a 5 % limit, p95 3× the baseline's) are still
 * rolled back, every one, and soon.
 */
class LimitsJudgeTest {

    private static final CanaryAnalysis DEFAULTS = CanaryAnalysis.builtIn();
    private static final int HEALTHY_CANARIES = 200;

    /** How many of {@code canaries} simulated canaries the judge fails at some look, and at which look each. */
    private record Rollbacks(int count, int[] looks) {
        double rate() {
            return (double) count / looks.length;
        }

        /** The median look of the rolled-back canaries, as time since the canary took traffic. */
        Duration median() {
            int[] failed = java.util.Arrays.stream(looks).filter(k -> k > 0).sorted().toArray();
            return SimulatedCanary.INTERVAL.multipliedBy(failed[failed.length / 2]);
        }
    }

    private static Rollbacks simulate(Judge judge, CanaryAnalysis settings, int canaries, long seed, double rps,
                                      double errorFactor, double latencyFactor) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] looks = new int[canaries];
        int count = 0;
        for (int c = 0; c < canaries; c++) {
            SimulatedCanary canary = new SimulatedCanary(random.split(), rps, 0.01, errorFactor, latencyFactor);
            for (int k = 1; k <= SimulatedCanary.INTERVALS; k++) {
                if (judge.judge(canary.look(k, settings)).failed()) {
                    looks[c] = k;
                    count++;
                    break;
                }
            }
        }
        return new Rollbacks(count, looks);
    }

    @ParameterizedTest(name = "{0} requests/s")
    @ValueSource(ints = {10, 100, 1000})
    void theDefaultPanelRollsBackAtMostOnePercentOfHealthyCanariesAtEveryTrafficLevel(int rps) {
        Rollbacks rollbacks = simulate(Judges.forSettings(DEFAULTS), DEFAULTS, HEALTHY_CANARIES, rps, rps, 1, 1);

        assertThat(rollbacks.rate()).as("default panel, %d requests/s", rps).isLessThanOrEqualTo(0.01);
    }

    @Test
    void theRawThresholdRuleOnTheSameTrafficRollsBackManyHealthyCanariesAtTenRequestsPerSecond() {
        CanaryAnalysis raw = DEFAULTS.withJudges(List.of(JudgeKind.THRESHOLD));

        Rollbacks rollbacks = simulate(Judges.forSettings(raw), raw, HEALTHY_CANARIES, 10, 10, 1, 1);

        // what the default used to be, and why it is no longer: it is the contrast that makes the test above mean much
        assertThat(rollbacks.rate()).isGreaterThan(0.10);
    }

    @Test
    void atTheLimitItselfTheErrorTestRejectsAtMostAlphaHoweverOftenItIsLookedAt() {
        double alpha = 0.005; // the limits judge's share for error rates with the defaults
        int canaries = 2_000;
        SplittableRandom random = new SplittableRandom(5);
        int rejected = 0;
        for (int c = 0; c < canaries; c++) {
            ErrorRateOverLimit test = new ErrorRateOverLimit(0.05);
            for (int look = 0; look < 480; look++) {
                test.add(50, SimulatedCanary.binomial(random, 50, 0.05)); // exactly at the limit: H₀'s worst case
                if (test.rejects(alpha)) {
                    rejected++;
                    break;
                }
            }
        }
        double allowance = 3 * Math.sqrt(alpha * (1 - alpha) / canaries);
        assertThat((double) rejected / canaries).isLessThanOrEqualTo(alpha + allowance);
    }

    /** Ten times the baseline's 1 %, twice the 5 % limit: caught in every trial; the median time depends on traffic. */
    @ParameterizedTest(name = "{0} requests/s: caught within {1} s (median)")
    @CsvSource({"10, 420", "100, 60", "1000, 10"})
    void aCanaryFailingTenPercentIsRolledBackEveryTime(int rps, int medianSeconds) {
        Rollbacks rollbacks = simulate(Judges.forSettings(DEFAULTS), DEFAULTS, 100, 1_000 + rps, rps, 10, 1);

        assertThat(rollbacks.count()).isEqualTo(100);
        assertThat(rollbacks.median()).isLessThanOrEqualTo(Duration.ofSeconds(medianSeconds));
    }

    /** At 10 requests/s a 10 % canary's per-interval p95 is of 5 requests, and noisy: it takes a few more looks. */
    @ParameterizedTest(name = "{0} requests/s: caught within {1} s (median)")
    @CsvSource({"10, 120", "100, 45", "1000, 40"})
    void aCanaryThreeTimesAsSlowIsRolledBackEveryTimeFromTheFirstLookThatSpendsAlphaOn(int rps, int medianSeconds) {
        Rollbacks rollbacks = simulate(Judges.forSettings(DEFAULTS), DEFAULTS, 100, 2_000 + rps, rps, 1, 3);

        assertThat(rollbacks.count()).isEqualTo(100);
        assertThat(rollbacks.median()).isLessThanOrEqualTo(Duration.ofSeconds(medianSeconds))
                .isGreaterThanOrEqualTo(SimulatedCanary.INTERVAL.multipliedBy(LatencyComparison.FIRST_LOOK));
    }

    @Test
    void itsVerdictNamesTheLimitAndTheEvidence() {
        FakeMetrics metrics = new FakeMetrics();
        metrics.traffic(Looks.SERVICE, Track.CANARY, Looks.START, 20, 0.15, 40);
        metrics.traffic(Looks.SERVICE, Track.STABLE, Looks.START, 80, 0.01, 40);
        LimitsJudge judge = new LimitsJudge();

        Verdict early = judge.judge(Looks.at(Duration.ofSeconds(3), metrics));
        assertThat(early.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(early.reason()).isEqualTo("waiting for the first 5s of canary traffic");
        Verdict verdict = judge.judge(Looks.at(Duration.ofSeconds(60), metrics));

        assertThat(verdict.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(verdict.reason()).startsWith("error rate 15.0% (180/1200): significantly above 5.0% (likelihood "
                + "ratio ").endsWith(" ≥ 200)");
        Measurement errors = verdict.measurements().getFirst();
        assertThat(errors.judge()).isEqualTo("limits");
        assertThat(errors.bound()).hasValue(200); // 1 / (α / 2)
        assertThat(errors.value().getAsDouble()).isGreaterThanOrEqualTo(200);
    }

    @Test
    void withinTheLimitsItPassesOnceTheCanaryHasMinRequestsAndNeverBefore() {
        FakeMetrics metrics = new FakeMetrics();
        metrics.traffic(Looks.SERVICE, Track.CANARY, Looks.START, 2, 0.04, 70); // 4 % errors, p95 1.75×
        metrics.traffic(Looks.SERVICE, Track.STABLE, Looks.START, 80, 0.01, 40);
        LimitsJudge judge = new LimitsJudge();

        Verdict waiting = judge.judge(Looks.at(Duration.ofSeconds(20), metrics));
        assertThat(waiting.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(waiting.reason()).isEqualTo("waiting for 10 more canary requests (minRequests 50)");
        for (int seconds = 25; seconds <= 1800; seconds += 5) {
            assertThat(judge.judge(Looks.at(Duration.ofSeconds(seconds), metrics)).outcome()).as(seconds + " s")
                    .isEqualTo(Outcome.PASS);
        }
    }
}
