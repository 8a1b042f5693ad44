package dev.slipway.release.analysis;

/**
 * The evidence that one stream of requests (the canary) fails more often than a fixed limit (
 * {@code maxErrorRate}), as an always-valid, one-sided sequential test on the canary's own counts: its statistic Λ
 * may be looked at after any request, any number of times, and if the canary's error rate is at most the limit,
 * P(Λ ever reaches 1/α) ≤ α.
 * <h2>Construction</h2>
 * Each request fails independently with the canary's probability p; H₀ is p ≤ p₀ (the limit). For any p₁ > p₀ the
 * likelihood ratio of one request, (p₁/p₀) if it failed and (1 − p₁)/(1 − p₀) if not, has mean
 * p·(p₁/p₀) + (1 − p)·(1 − p₁)/(1 − p₀) under p: linear in p, 1 at p = p₀ and increasing, so at most 1 under H₀. The
 * product over requests, (p₁/p₀)^x · ((1 − p₁)/(1 − p₀))^(n − x) after n requests with x errors, is therefore a
 * nonnegative supermartingale under H₀ — whatever the order and batching of requests, since it depends on the totals
 * only — and so is a fixed mixture over p₁; Ville's inequality bounds the chance it ever reaches 1/α by α. This is
 * Wald's sequential probability ratio test made one-sided and mixed over the alternative (Robbins 1970).
 * <h2>The mixture</h2>
 * The alternatives are the limit's odds multiplied by {@link ErrorRateComparison#RATIOS} (1.25× to 50×, evenly on a
 * log scale, equal weights): p₁ = ρ·o₀ / (1 + ρ·o₀) with o₀ = p₀ / (1 − p₀), so every p₁ is above the limit and below
 * 1. Not knowing how far above the limit a bad canary is costs a constant log 16 ≈ 2.8 nats.
 * <h2>What it costs</h2>
 * Telling 10 % errors from a 5 % limit with a 1 % false-rollback rate takes a few hundred requests (about 350):
 * a raw comparison at every look decides after 50, and rolls back healthy canaries for it. A canary whose errors
 * start late must first earn back the evidence its good start gave against the alternatives; the statistical judge
 * (canary against baseline) reacts faster to a regression of that kind.
 */
public final class ErrorRateOverLimit {

    private final double limit;
    private final double[] logFailure = new double[ErrorRateComparison.RATIOS.length];
    private final double[] logSuccess = new double[ErrorRateComparison.RATIOS.length];
    private long requests;
    private long errors;

    /** @param limit the error rate at or below which the canary is acceptable, strictly between 0 and 1 */
    public ErrorRateOverLimit(double limit) {
        if (!(limit > 0 && limit < 1)) {
            throw new IllegalArgumentException("the error-rate limit must be between 0 and 1 exclusive, got " + limit);
        }
        this.limit = limit;
        double odds = limit / (1 - limit);
        for (int j = 0; j < logFailure.length; j++) {
            double alternative = ErrorRateComparison.RATIOS[j] * odds / (1 + ErrorRateComparison.RATIOS[j] * odds);
            logFailure[j] = Math.log(alternative / limit);
            logSuccess[j] = Math.log1p(-alternative) - Math.log1p(-limit);
        }
    }

    /** Adds requests and their errors; any batching will do, even the whole history at once. */
    public void add(long requests, long errors) {
        if (errors < 0 || errors > requests) {
            throw new IllegalArgumentException("requests " + requests + ", errors " + errors);
        }
        this.requests += requests;
        this.errors += errors;
    }

    /** log Λ: the log of the mixture's likelihood ratio, 0 before any request. */
    public double logLikelihoodRatio() {
        double[] logs = new double[logFailure.length];
        for (int j = 0; j < logs.length; j++) {
            logs[j] = errors * logFailure[j] + (requests - errors) * logSuccess[j];
        }
        return ErrorRateComparison.logMean(logs);
    }

    /** Λ, capped at the largest finite double so that it can be reported. */
    public double likelihoodRatio() {
        return Math.min(Math.exp(logLikelihoodRatio()), Double.MAX_VALUE);
    }

    /** Whether Λ has reached 1/α: the canary fails more often than the limit, at false-rollback rate α. */
    public boolean rejects(double alpha) {
        return logLikelihoodRatio() >= -Math.log(alpha);
    }

    public double limit() {
        return limit;
    }

    public long requests() {
        return requests;
    }

    public long errors() {
        return errors;
    }

    public double rate() {
        return requests == 0 ? 0 : (double) errors / requests;
    }
}
