package dev.slipway.release.analysis;

/**
 * An always-valid, one-sided sequential test that one stream of requests (the canary) fails more often than another
 * (the baseline), fed one interval of counts at a time. Its statistic Λ may be looked at after every interval, any
 * number of times: if the canary fails no more often than the baseline, P(Λ ever reaches 1/α) ≤ α.
 * <h2>Construction</h2>
 * In interval i the canary served n₁ requests with x₁ errors, the baseline n₂ with x₂; m = x₁ + x₂. If every request
 * of a track fails independently with that track's probability and the canary's is at most the baseline's (H₀),
 * then given n₁, n₂ and m, x₁ is hypergeometric (equal probabilities: which m of the n₁ + n₂ requests failed is a
 * uniform draw) or stochastically smaller (Fisher's noncentral hypergeometric with odds ratio below 1). The baseline's
 * unknown rate is thereby conditioned away, as in Fisher's exact test. Hoeffding (1963, "Probability inequalities for
 * sums of bounded random variables", theorem 4) bounds a convex function's mean under sampling without replacement
 * by its mean with replacement, so for every θ ≥ 0
 * <pre>
 *   E[ exp(θ·x₁ − m·log(1 + q·(e^θ − 1))) | past, n₁, n₂, m ] ≤ 1,   q = n₁ / (n₁ + n₂),
 * </pre>
 * i.e. each interval's binomial likelihood ratio of "errors land on the canary with odds e^θ times its traffic's" is a
 * factor of mean at most 1. Their running product is a nonnegative supermartingale under H₀; so is any fixed mixture
 * of such products over θ, and Ville's inequality gives P(sup Λ ≥ 1/α) ≤ α however often and whenever it is looked at.
 * This is the mixture sequential probability ratio test of Robbins (1970, "Statistical methods related to the law of
 * the iterated logarithm") and Johari et al. (2017, "Peeking at A/B tests: why it matters, and what to do about it"),
 * on counts conditioned on their total as in Lindon, Sanden and Shirikian (2022, "Rapid regression detection in
 * software deployments through sequential testing").
 * <h2>The mixture</h2>
 * e^θ is the ratio of the canary's error rate to the baseline's (exactly so for rare errors). The mixture puts equal
 * weight on {@link #RATIOS}, 16 ratios spaced evenly on a log scale from 1.25× to 50×: every factor is equally
 * plausible a priori, and the price of not knowing the true ratio is a constant log 16 ≈ 2.8 nats (the bound is met
 * 16 times later in likelihood) however long the canary runs — where a normal mixture's price grows with the sample
 * size. Only ratios above 1 are mixed: a canary that fails less than the baseline drives Λ down, never up.
 * Intervals in which nothing failed carry no information and leave Λ unchanged. An interval in which one side served
 * nothing is carried into the next one, until both sides have served requests: when counts come from scrapes that do
 * not line up with the intervals (a 15 s scrape read on a 5 s grid, the canary's pods scraped at other moments than
 * the stable ones), a side's requests land in some intervals only, and dropping the others would throw its evidence
 * away. Which intervals are merged depends on request counts alone, never on whether a request failed, so the
 * argument above holds for the merged blocks as it does for intervals.
 */
public final class ErrorRateComparison {

    /** The mixture's error-rate ratios, canary to baseline: 1.25× to 50×, evenly on a log scale. */
    static final double[] RATIOS = new double[16];
    static final double[] LOG_RATIOS = new double[RATIOS.length];

    static {
        for (int j = 0; j < RATIOS.length; j++) {
            LOG_RATIOS[j] = Math.log(1.25) + Math.log(40) * j / (RATIOS.length - 1);
            RATIOS[j] = Math.exp(LOG_RATIOS[j]);
        }
    }

    /** Per mixture component: the log of its running product of likelihood ratios. */
    private final double[] logProducts = new double[RATIOS.length];
    private long canaryRequests;
    private long canaryErrors;
    private long baselineRequests;
    private long baselineErrors;
    /** The counts of the block not yet added: intervals since one side last served nothing. */
    private long pendingCanaryRequests;
    private long pendingCanaryErrors;
    private long pendingBaselineRequests;
    private long pendingBaselineErrors;

    /** Adds one interval's counts; intervals must be added in time order and each exactly once. */
    public void add(long canaryRequests, long canaryErrors, long baselineRequests, long baselineErrors) {
        this.canaryRequests += canaryRequests;
        this.canaryErrors += canaryErrors;
        this.baselineRequests += baselineRequests;
        this.baselineErrors += baselineErrors;
        pendingCanaryRequests += canaryRequests;
        pendingCanaryErrors += canaryErrors;
        pendingBaselineRequests += baselineRequests;
        pendingBaselineErrors += baselineErrors;
        if (pendingCanaryRequests == 0 || pendingBaselineRequests == 0) {
            return; // carried into the next interval
        }
        long errors = pendingCanaryErrors + pendingBaselineErrors;
        double share = (double) pendingCanaryRequests / (pendingCanaryRequests + pendingBaselineRequests);
        for (int j = 0; j < RATIOS.length && errors > 0; j++) {
            logProducts[j] += LOG_RATIOS[j] * pendingCanaryErrors - errors * Math.log1p(share * (RATIOS[j] - 1));
        }
        pendingCanaryRequests = 0;
        pendingCanaryErrors = 0;
        pendingBaselineRequests = 0;
        pendingBaselineErrors = 0;
    }

    /** log Λ: the log of the mixture's likelihood ratio, 0 before any evidence. */
    public double logLikelihoodRatio() {
        return logMean(logProducts);
    }

    /** log of the mean of exp(l) over {@code logs}, without overflow: an equally weighted mixture. */
    static double logMean(double[] logs) {
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logs) {
            max = Math.max(max, l);
        }
        double sum = 0;
        for (double l : logs) {
            sum += Math.exp(l - max);
        }
        return max + Math.log(sum / logs.length);
    }

    /** Λ, capped at the largest finite double so that it can be reported. */
    public double likelihoodRatio() {
        return Math.min(Math.exp(logLikelihoodRatio()), Double.MAX_VALUE);
    }

    /** Whether Λ has reached 1/α: the canary fails more often than the baseline, at false-rollback rate α. */
    public boolean rejects(double alpha) {
        return logLikelihoodRatio() >= -Math.log(alpha);
    }

    public long canaryRequests() {
        return canaryRequests;
    }

    public long canaryErrors() {
        return canaryErrors;
    }

    public long baselineRequests() {
        return baselineRequests;
    }

    public long baselineErrors() {
        return baselineErrors;
    }

    public double canaryRate() {
        return canaryRequests == 0 ? 0 : (double) canaryErrors / canaryRequests;
    }

    public double baselineRate() {
        return baselineRequests == 0 ? 0 : (double) baselineErrors / baselineRequests;
    }
}
