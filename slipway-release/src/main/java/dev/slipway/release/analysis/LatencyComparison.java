package dev.slipway.release.analysis;

import dev.slipway.release.cluster.TrafficSample;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.descriptive.rank.Median;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * Whether the canary's latency is significantly above the baseline's, with a tolerance, as Kayenta compares them: the
 * canary's per-interval p95 values against the baseline's multiplied by (1 + tolerance), by a one-sided
 * Mann-Whitney U test (ranks and the normal distribution from commons-math3; its {@code MannWhitneyUTest} is
 * two-sided only and builds a random generator on every call, which a judge asked every few seconds cannot afford).
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
 * The normal approximation has no correction for ties: without it the variance is overestimated under ties, which
 * makes the p-value conservative, never liberal (percentiles read from histogram buckets do tie).
 */
final class LatencyComparison {

    /** The first look (intervals since the canary started) at which the test spends α. */
    static final int FIRST_LOOK = 8;
    /** Without a random generator: only its distribution function is used. */
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);
    private static final NaturalRanking RANKING = new NaturalRanking(TiesStrategy.AVERAGE);

    /**
     * @param tested       whether the test ran at this look (enough looks and values on both sides)
     * @param canaryMedian median of the canary's per-interval p95 values; NaN without values
     * @param baselineMedian median of the baseline's (unscaled); NaN without values
     * @param p            one-sided p-value that the canary is not above the scaled baseline; 1 when not tested
     * @param bound        α_k, what {@code p} is compared with; 0 when not tested
     */
    record Result(boolean tested, boolean rejects, double canaryMedian, double baselineMedian, int canaryValues,
                  int baselineValues, double tolerance, double p, double bound) {

        /**
         * This comparison as a judge reports it: failed when it rejects, passed when it did not and the judge has
         * requests enough, inconclusive otherwise (not tested yet, or too few requests).
         */
        Measurement measurement(String judge, boolean enough, long canaryRequests, long baselineRequests) {
            String comparison = "p95 latency " + (canaryValues == 0 ? "unknown" : Text.millis(canaryMedian))
                    + " (median of " + canaryValues + " intervals) against the baseline's "
                    + (baselineValues == 0 ? "unknown" : Text.millis(baselineMedian)) + " (" + baselineValues + ")";
            String detail;
            Verdict.Outcome outcome;
            if (!tested) {
                outcome = Verdict.Outcome.INCONCLUSIVE;
                detail = comparison + ": not tested before " + FIRST_LOOK + " intervals on each side";
            } else {
                outcome = rejects ? Verdict.Outcome.FAIL
                        : enough ? Verdict.Outcome.PASS : Verdict.Outcome.INCONCLUSIVE;
                detail = comparison + (rejects ? ": significantly above " : ": not significantly above ")
                        + Text.number(1 + tolerance) + "× the baseline's (Mann-Whitney p " + Text.number(p)
                        + (rejects ? " ≤ " : " > ") + Text.number(bound) + ")";
            }
            return new Measurement(judge, "latency-p95", outcome, optional(canaryMedian), optional(baselineMedian),
                    canaryRequests, baselineRequests, Measurement.StatisticKind.P_VALUE,
                    "Mann-Whitney U one-sided p-value", OptionalDouble.of(p), OptionalDouble.of(bound), detail);
        }

        private static OptionalDouble optional(double value) {
            return Double.isNaN(value) ? OptionalDouble.empty() : OptionalDouble.of(value);
        }
    }

    private LatencyComparison() {
    }

    /** The α spent at look {@code k}: α·k₀/(k(k+1)) from k₀ on, 0 before. */
    static double spent(double alpha, long look) {
        return look < FIRST_LOOK ? 0 : alpha * FIRST_LOOK / ((double) look * (look + 1));
    }

    /** The per-interval p95 values of both series (intervals without latency left out), compared at look k. */
    static Result test(List<TrafficSample> canary, List<TrafficSample> baseline, double tolerance, long look,
                       double alpha) {
        return test(p95s(canary), p95s(baseline), tolerance, look, alpha);
    }

    static Result test(double[] canary, double[] baseline, double tolerance, long look, double alpha) {
        double canaryMedian = new Median().evaluate(canary);
        double baselineMedian = new Median().evaluate(baseline);
        double bound = spent(alpha, look);
        if (bound == 0 || canary.length < FIRST_LOOK || baseline.length < FIRST_LOOK) {
            return new Result(false, false, canaryMedian, baselineMedian, canary.length, baseline.length, tolerance,
                    1, bound);
        }
        double[] scaled = Arrays.stream(baseline).map(v -> v * (1 + tolerance)).toArray();
        double p = pValue(canary, scaled);
        return new Result(true, p <= bound, canaryMedian, baselineMedian, canary.length, baseline.length, tolerance,
                p, bound);
    }

    private static double[] p95s(List<TrafficSample> series) {
        return series.stream().map(TrafficSample::p95Millis).filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble).toArray();
    }

    /**
     * P(U ≥ u) under "the canary is not above the other sample", u being the canary's U: the normal approximation
     * with a continuity correction and without a tie correction.
     */
    static double pValue(double[] canary, double[] other) {
        double[] both = new double[canary.length + other.length];
        System.arraycopy(canary, 0, both, 0, canary.length);
        System.arraycopy(other, 0, both, canary.length, other.length);
        double[] ranks = RANKING.rank(both);
        double rankSum = 0;
        for (int i = 0; i < canary.length; i++) {
            rankSum += ranks[i];
        }
        double n1 = canary.length;
        double n2 = other.length;
        double u = rankSum - n1 * (n1 + 1) / 2;
        double z = (u - n1 * n2 / 2 - 0.5) / Math.sqrt(n1 * n2 * (n1 + n2 + 1) / 12);
        return STANDARD_NORMAL.cumulativeProbability(-z);
    }
}
