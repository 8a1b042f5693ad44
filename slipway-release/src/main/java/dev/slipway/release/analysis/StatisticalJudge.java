package dev.slipway.release.analysis;

import dev.slipway.model.CanaryAnalysis;
import dev.slipway.release.cluster.TrafficSample;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The canary against the baseline (the stable track over the same time), on all the evidence since the canary took
 * traffic, read interval by interval on the fixed grid canaryStart + k × {@code interval}:
 * <ul>
 * <li>error rates: {@link ErrorRateComparison}, always valid however often it is looked at; it fails the canary once its
 * likelihood ratio reaches 1/α_errors;</li>
 * <li>latency: {@link LatencyComparison}, the per-interval p95 values by Mann-Whitney U against the baseline's scaled by
 * (1 + {@code latencyTolerance}), with α_latency spent across looks.</li>
 * </ul>
 * α_errors and α_latency are each half of this judge's share of {@code falseRollbackRate} ({@link FalseRollbackBudget}),
 * so a canary as good as its baseline is rolled back by this judge with probability at most that share, over the
 * whole canary. Both tests are one-sided: a canary better than the baseline never fails.
 * <p>
 * It passes only with at least {@code minRequests} requests on each side and no test rejecting; with fewer it is
 * inconclusive, never a pass. A rejection counts at any sample size: its bound holds from the first interval.
 */
public record StatisticalJudge(FalseRollbackBudget budget) implements ErrorsAndLatencyJudge {

    static final String NAME = "statistical";

    /** The judge alone, spending all of α. */
    public StatisticalJudge() {
        this(new FalseRollbackBudget(false, true, false));
    }

    @Override
    public double share(Analysis analysis) {
        return budget.statistical(analysis);
    }

    @Override
    public Verdict judge(Look look) {
        CanaryAnalysis settings = look.settings();
        List<TrafficSample> canary = look.canary();
        List<TrafficSample> baseline = look.baseline();
        ErrorRateComparison errors = new ErrorRateComparison();
        for (int i = 0; i < Math.min(canary.size(), baseline.size()); i++) {
            TrafficSample c = canary.get(i);
            TrafficSample b = baseline.get(i);
            errors.add(c.requests(), c.errors(), b.requests(), b.errors());
        }
        LatencyComparison.Result latency = LatencyComparison.test(canary, baseline, settings.latencyTolerance(),
                look.intervals(), look.alpha());

        long missingCanary = Math.max(0, settings.minRequests() - errors.canaryRequests());
        long missingBaseline = Math.max(0, settings.minRequests() - errors.baselineRequests());
        boolean enough = missingCanary == 0 && missingBaseline == 0;
        return ErrorsAndLatencyJudge.decide(errorMeasurement(errors, look.alpha(), enough),
                latency.measurement(NAME, enough, errors.canaryRequests(), errors.baselineRequests()),
                enough ? "" : "waiting for " + (missingCanary + missingBaseline) + " more requests ("
                        + missingCanary + " canary, " + missingBaseline + " baseline; minRequests "
                        + settings.minRequests() + " each)");
    }

    private static Measurement errorMeasurement(ErrorRateComparison errors, double alpha, boolean enough) {
        boolean rejects = errors.rejects(alpha);
        double ratio = errors.likelihoodRatio();
        String comparison = "error rate " + Text.percent(errors.canaryRate()) + " (" + errors.canaryErrors() + "/"
                + errors.canaryRequests() + ") against the baseline's " + Text.percent(errors.baselineRate()) + " ("
                + errors.baselineErrors() + "/" + errors.baselineRequests() + ")";
        String detail = rejects
                ? comparison + ": significantly higher (likelihood ratio " + Text.number(ratio) + " ≥ "
                        + Text.number(1 / alpha) + ")"
                : comparison + ": not significantly higher (likelihood ratio " + Text.number(ratio) + " < "
                        + Text.number(1 / alpha) + ")";
        Verdict.Outcome outcome = rejects ? Verdict.Outcome.FAIL
                : enough ? Verdict.Outcome.PASS : Verdict.Outcome.INCONCLUSIVE;
        return new Measurement(NAME, "error-rate", outcome, OptionalDouble.of(errors.canaryRate()),
                OptionalDouble.of(errors.baselineRate()), errors.canaryRequests(), errors.baselineRequests(),
                Measurement.StatisticKind.LIKELIHOOD_RATIO, "mixture likelihood ratio", OptionalDouble.of(ratio),
                OptionalDouble.of(1 / alpha), detail);
    }
}
