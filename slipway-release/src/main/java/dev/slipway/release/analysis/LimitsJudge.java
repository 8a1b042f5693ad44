package dev.slipway.release.analysis;

import dev.slipway.model.CanaryAnalysis;
import dev.slipway.release.cluster.TrafficSample;
import java.util.OptionalDouble;

/**
 * The classic limits — error rate above {@code maxErrorRate}, p95 latency above {@code maxLatencyRatio} × the
 * baseline's — decided by tests whose false-rollback rate is bounded however long the canary runs and however often
 * it is looked at, on everything since the canary took traffic, interval by interval:
 * <ul>
 * <li>error rate: {@link ErrorRateOverLimit} on the canary's counts, always valid; it fails the canary once its
 * likelihood ratio reaches 1/α_errors;</li>
 * <li>latency: {@link LatencyComparison} of the per-interval p95 values against the baseline's multiplied by
 * {@code maxLatencyRatio}, with α_latency spent across looks.</li>
 * </ul>
 * α_errors and α_latency are each half of this judge's share of {@code falseRollbackRate} ({@link FalseRollbackBudget}):
 * a canary within the limits is rolled back by this judge with probability at most that share over the whole canary.
 * The raw comparison ({@link ThresholdJudge}) rolls back 28.7 % of healthy canaries at 10 requests/s over 40 minutes;
 * the price of the bound is evidence: a canary at twice the error limit is caught after a few hundred requests
 * instead of 50.
 * <p>
 * It passes only with at least {@code minRequests} canary requests and no test rejecting; with fewer it is
 * inconclusive, never a pass. A rejection counts at any sample size: its bound holds from the first request.
 */
public record LimitsJudge(FalseRollbackBudget budget) implements ErrorsAndLatencyJudge {

    static final String NAME = "limits";

    /** The judge alone, spending all of α. */
    public LimitsJudge() {
        this(new FalseRollbackBudget(true, false, false));
    }

    @Override
    public double share(Analysis analysis) {
        return budget.limits(analysis);
    }

    @Override
    public Verdict judge(Look look) {
        CanaryAnalysis settings = look.settings();
        long canaryRequests = look.canary().stream().mapToLong(TrafficSample::requests).sum();
        long canaryErrors = look.canary().stream().mapToLong(TrafficSample::errors).sum();
        long baselineRequests = look.baseline().stream().mapToLong(TrafficSample::requests).sum();
        long missing = Math.max(0, settings.minRequests() - canaryRequests);
        Measurement errors = errorMeasurement(settings.maxErrorRate(), canaryRequests, canaryErrors, baselineRequests,
                look.alpha(), missing == 0);
        Measurement latency = LatencyComparison.test(look.canary(), look.baseline(), settings.maxLatencyRatio() - 1,
                        look.intervals(), look.alpha())
                .measurement(NAME, missing == 0, canaryRequests, baselineRequests);
        return ErrorsAndLatencyJudge.decide(errors, latency, missing == 0 ? "" : "waiting for " + missing
                + " more canary requests (minRequests " + settings.minRequests() + ")");
    }

    private static Measurement errorMeasurement(double limit, long requests, long errors, long baselineRequests,
                                                double alpha, boolean enough) {
        String rate = "error rate " + Text.percent(requests == 0 ? 0 : (double) errors / requests) + " (" + errors
                + "/" + requests + ")";
        if (limit >= 1) {
            return new Measurement(NAME, "error-rate", enough ? Verdict.Outcome.PASS : Verdict.Outcome.INCONCLUSIVE,
                    OptionalDouble.of(requests == 0 ? 0 : (double) errors / requests), OptionalDouble.empty(), requests,
                    baselineRequests, Measurement.StatisticKind.LIKELIHOOD_RATIO, "mixture likelihood ratio",
                    OptionalDouble.empty(), OptionalDouble.empty(),
                    rate + ": maxErrorRate 100% cannot be exceeded");
        }
        ErrorRateOverLimit test = new ErrorRateOverLimit(limit);
        test.add(requests, errors);
        boolean rejects = test.rejects(alpha);
        String detail = rate + (rejects ? ": significantly above " : ": not significantly above ")
                + Text.percent(limit) + " (likelihood ratio " + Text.number(test.likelihoodRatio())
                + (rejects ? " ≥ " : " < ") + Text.number(1 / alpha) + ")";
        Verdict.Outcome outcome = rejects ? Verdict.Outcome.FAIL
                : enough ? Verdict.Outcome.PASS : Verdict.Outcome.INCONCLUSIVE;
        return new Measurement(NAME, "error-rate", outcome, OptionalDouble.of(test.rate()), OptionalDouble.empty(),
                requests, baselineRequests, Measurement.StatisticKind.LIKELIHOOD_RATIO, "mixture likelihood ratio",
                OptionalDouble.of(test.likelihoodRatio()), OptionalDouble.of(1 / alpha), detail);
    }
}
