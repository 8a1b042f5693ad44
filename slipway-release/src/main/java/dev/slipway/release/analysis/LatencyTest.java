package dev.slipway.release.analysis;

import java.util.Arrays;
import org.apache.commons.math3.stat.descriptive.rank.Median;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.apache.commons.math3.stat.ranking.NaturalRanking;

/**
 * Whether the canary's latency is significantly above the baseline's, with a tolerance, as Kayenta compares them: the
 * canary's per-interval p95 values against the baseline's multiplied by (1 + tolerance), by a one-sided
 * Mann-Whitney U test.
 * <p>
 * The U test is a fixed-sample test, and a canary is looked at after every interval. To keep the false-rollback
 * rate under repeated looks, look k (k intervals since the canary started) spends
 * <pre>
 *   α_k = α · k₀ / (k · (k + 1))   for k ≥ k₀ = {@value #FIRST_LOOK},  nothing before,
 * </pre>
 * and Σ_k α_k = α (the sum telescopes), so by the union bound the chance of any false rejection over all looks,
 * however many, is at most α. Before k₀ intervals the test could hardly reject anyway (with 8 values a side, complete
 * separation gives p ≈ 2·10⁻⁴); spending from k₀ on leaves more α for the looks that can use it. The statistic at a look
 * depends only on the intervals completed by then, so asking twice at the same look repeats, not adds, a test.
 * <p>
 * commons-math3's U test is two-sided and its normal approximation has no correction for ties; without the
 * correction the variance is overestimated under ties, which makes the p-value conservative, never liberal.
 */
final class LatencyTest {

    /** The first look (intervals since the canary started) at which the test spends α. */
    static final int FIRST_LOOK = 8;

    /**
     * @param tested       whether the test ran at this look (enough looks and values on both sides)
     * @param canaryMedian median of the canary's per-interval p95 values; NaN without values
     * @param baselineMedian median of the baseline's (unscaled); NaN without values
     * @param p            one-sided p-value that the canary is not above the scaled baseline; 1 when not tested
     * @param bound        α_k, what {@code p} is compared with; 0 when not tested
     */
    record Result(boolean tested, boolean rejects, double canaryMedian, double baselineMedian, int canaryValues,
                  int baselineValues, double p, double bound) {
    }

    private LatencyTest() {
    }

    /** The α spent at look {@code k}: α·k₀/(k(k+1)) from k₀ on, 0 before. */
    static double spent(double alpha, long look) {
        return look < FIRST_LOOK ? 0 : alpha * FIRST_LOOK / ((double) look * (look + 1));
    }

    static Result test(double[] canary, double[] baseline, double tolerance, long look, double alpha) {
        double canaryMedian = new Median().evaluate(canary);
        double baselineMedian = new Median().evaluate(baseline);
        double bound = spent(alpha, look);
        if (bound == 0 || canary.length < FIRST_LOOK || baseline.length < FIRST_LOOK) {
            return new Result(false, false, canaryMedian, baselineMedian, canary.length, baseline.length, 1, bound);
        }
        double[] scaled = Arrays.stream(baseline).map(v -> v * (1 + tolerance)).toArray();
        double twoSided = new MannWhitneyUTest().mannWhitneyUTest(canary, scaled);
        double p = canaryAbove(canary, scaled) ? twoSided / 2 : 1 - twoSided / 2;
        return new Result(true, p <= bound, canaryMedian, baselineMedian, canary.length, baseline.length, p, bound);
    }

    /** Whether the canary's U exceeds its mean n₁n₂/2, i.e. the canary's values rank above the other sample's. */
    private static boolean canaryAbove(double[] canary, double[] other) {
        double[] both = new double[canary.length + other.length];
        System.arraycopy(canary, 0, both, 0, canary.length);
        System.arraycopy(other, 0, both, canary.length, other.length);
        double[] ranks = new NaturalRanking().rank(both);
        double rankSum = 0;
        for (int i = 0; i < canary.length; i++) {
            rankSum += ranks[i];
        }
        double u = rankSum - canary.length * (canary.length + 1) / 2.0;
        return u > canary.length * (double) other.length / 2;
    }
}
