package dev.slipway.release.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The statistical judge's promise, measured: a canary exactly as good as its baseline, looked at after every 5 s
 * interval for half an hour, is rolled back with probability at most α — and the obvious alternative, a fixed-sample
 * test repeated at every look, is not. Seeded simulations of 2,000 canaries per case, exact binomial errors.
 */
class FalseRollbackRateTest {

    private static final double ALPHA = 0.01;
    private static final int CANARIES = 2_000;
    /** Three standard errors of a rate α estimated from {@link #CANARIES} canaries. */
    private static final double ALLOWANCE = 3 * Math.sqrt(ALPHA * (1 - ALPHA) / CANARIES);
    /** A 30-minute canary: 10 minutes at each weight, a look every 5 s. */
    private static final int[] WEIGHTS = {10, 25, 50};
    private static final int LOOKS_PER_WEIGHT = 120;
    private static final double ERROR_RATE = 0.01;
    private static final long MIN_REQUESTS = 50;

    /** How many of the canaries each test rolled back. */
    private record Rollbacks(int sequential, int naive) {
        double sequentialRate() {
            return (double) sequential / CANARIES;
        }

        double naiveRate() {
            return (double) naive / CANARIES;
        }
    }

    @ParameterizedTest(name = "{0} requests/s")
    @ValueSource(ints = {10, 100, 1000})
    void theErrorTestRollsBackAtMostAlphaOfEqualCanariesWhileAZTestAtEveryLookExceedsIt(int rps) {
        Rollbacks rollbacks = simulateErrors(rps, new SplittableRandom(rps));

        assertThat(rollbacks.sequentialRate()).as("sequential test").isLessThanOrEqualTo(ALPHA + ALLOWANCE);
        assertThat(rollbacks.naiveRate()).as("z-test at every look").isGreaterThan(3 * (ALPHA + ALLOWANCE));
    }

    private static Rollbacks simulateErrors(int rps, SplittableRandom random) {
        double critical = new NormalDistribution().inverseCumulativeProbability(1 - ALPHA);
        int sequential = 0;
        int naive = 0;
        for (int c = 0; c < CANARIES; c++) {
            ErrorRateComparison test = new ErrorRateComparison();
            boolean sequentialRejected = false;
            boolean naiveRejected = false;
            for (int weight : WEIGHTS) {
                long canaryRequests = Math.round(rps * 5 * weight / 100.0);
                long baselineRequests = rps * 5L - canaryRequests;
                for (int look = 0; look < LOOKS_PER_WEIGHT && !(sequentialRejected && naiveRejected); look++) {
                    test.add(canaryRequests, binomial(random, canaryRequests, ERROR_RATE), baselineRequests,
                            binomial(random, baselineRequests, ERROR_RATE));
                    sequentialRejected |= test.rejects(ALPHA);
                    naiveRejected |= zTestRejects(test, critical);
                }
            }
            sequential += sequentialRejected ? 1 : 0;
            naive += naiveRejected ? 1 : 0;
        }
        return new Rollbacks(sequential, naive);
    }

    /** The one-sided pooled two-proportion z-test on everything so far, as if it were the only look. */
    private static boolean zTestRejects(ErrorRateComparison counts, double critical) {
        long n1 = counts.canaryRequests();
        long n2 = counts.baselineRequests();
        if (n1 < MIN_REQUESTS || n2 < MIN_REQUESTS) {
            return false;
        }
        double pooled = (double) (counts.canaryErrors() + counts.baselineErrors()) / (n1 + n2);
        if (pooled == 0) {
            return false;
        }
        double z = (counts.canaryRate() - counts.baselineRate())
                / Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        return z > critical;
    }

    /** Exact binomial draw by skipping geometric gaps between successes: O(n·p). */
    private static long binomial(SplittableRandom random, long trials, double p) {
        double logFailure = Math.log1p(-p);
        long successes = 0;
        long position = 0;
        while (true) {
            position += (long) Math.floor(Math.log(1 - random.nextDouble()) / logFailure) + 1;
            if (position > trials) {
                return successes;
            }
            successes++;
        }
    }

    @Test
    void theLatencyTestRollsBackAtMostAlphaOfEqualCanariesWhileTestingAtAlphaAtEveryLookExceedsIt() {
        int looks = 40;
        SplittableRandom random = new SplittableRandom(7);
        int spent = 0;
        int naive = 0;
        for (int c = 0; c < CANARIES; c++) {
            double[] canary = new double[looks];
            double[] baseline = new double[looks];
            boolean spentRejected = false;
            boolean naiveRejected = false;
            for (int k = 1; k <= looks; k++) {
                // per-interval p95 of the same distribution on both sides, noisy as real percentiles are
                canary[k - 1] = 40 * Math.exp(0.15 * random.nextGaussian());
                baseline[k - 1] = 40 * Math.exp(0.15 * random.nextGaussian());
                LatencyComparison.Result r = LatencyComparison.test(Arrays.copyOf(canary, k), Arrays.copyOf(baseline, k), 0, k,
                        ALPHA);
                spentRejected |= r.rejects();
                naiveRejected |= r.tested() && r.p() <= ALPHA;
            }
            spent += spentRejected ? 1 : 0;
            naive += naiveRejected ? 1 : 0;
        }

        assertThat((double) spent / CANARIES).as("alpha spent across looks").isLessThanOrEqualTo(ALPHA + ALLOWANCE);
        assertThat((double) naive / CANARIES).as("alpha at every look").isGreaterThan(2 * (ALPHA + ALLOWANCE));
    }

    @Test
    void theSpendingAddsUpToAlphaOverAnyNumberOfLooks() {
        double total = 0;
        for (long k = 1; k <= 10_000_000; k++) {
            total += LatencyComparison.spent(ALPHA, k);
        }
        assertThat(total).isLessThanOrEqualTo(ALPHA).isGreaterThan(0.999 * ALPHA);
        assertThat(LatencyComparison.spent(ALPHA, LatencyComparison.FIRST_LOOK - 1)).isZero();
    }
}
