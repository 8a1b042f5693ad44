package dev.slipway.release.analysis;

import dev.slipway.model.CanaryAnalysis;
import dev.slipway.release.cluster.TrafficSample;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The classic rules over the last {@code window}: the canary fails when its error rate exceeds {@code maxErrorRate},
 * or its p95 latency exceeds {@code maxLatencyRatio} × the baseline's.
 * <p>
 * A rate over a handful of requests says little (one error in five requests is 20 %), so the rules wait for
 * {@code minRequests} canary requests in the window; before that the canary fails only if it already has more errors
 * than {@code maxErrorRate} × {@code minRequests}, i.e. if it would be over the limit even if every request still
 * to come succeeded. No requests is inconclusive. Without baseline latency (the baseline takes no traffic at 100 %)
 * only the error rate is judged, and the latency measurement says so.
 */
public record ThresholdJudge() implements Judge {

    static final String NAME = "threshold";

    @Override
    public Verdict judge(Analysis analysis) {
        CanaryAnalysis settings = analysis.settings();
        TrafficSample canary = analysis.canary(analysis.windowStart());
        String window = "over the last " + settings.window().toSeconds() + "s";
        if (!canary.hasData()) {
            return Verdict.inconclusive("no requests reached the canary " + window, List.of());
        }
        double limit = settings.maxErrorRate();
        double rate = canary.errorRate();
        boolean enough = canary.requests() >= settings.minRequests();
        boolean over = enough ? rate > limit : canary.errors() > limit * settings.minRequests();
        Verdict.Outcome errorOutcome = over ? Verdict.Outcome.FAIL
                : enough ? Verdict.Outcome.PASS : Verdict.Outcome.INCONCLUSIVE;
        String errorDetail = "error rate " + Text.percent(rate) + " (threshold " + Text.percent(limit) + ") over "
                + canary.requests() + " requests"
                + (enough || over ? "" : ": waiting for " + (settings.minRequests() - canary.requests())
                        + " more requests");
        List<Measurement> measurements = new ArrayList<>();
        TrafficSample baseline = analysis.baseline(analysis.windowStart());
        // the baseline's rate is shown for comparison; the rule itself is the limit
        measurements.add(new Measurement(NAME, "error-rate", errorOutcome, OptionalDouble.of(rate),
                baseline.hasData() ? OptionalDouble.of(baseline.errorRate()) : OptionalDouble.empty(),
                canary.requests(), baseline.requests(), Measurement.StatisticKind.OBSERVED, "canary error rate",
                OptionalDouble.of(rate), OptionalDouble.of(limit), errorDetail));
        Measurement latency = latency(analysis, canary, baseline, enough);
        measurements.add(latency);
        if (over) {
            return Verdict.fail(errorDetail, measurements);
        }
        if (latency.outcome() == Verdict.Outcome.FAIL) {
            return Verdict.fail(latency.detail(), measurements);
        }
        if (!enough) {
            return Verdict.inconclusive(errorDetail, measurements);
        }
        return Verdict.pass(errorDetail + "; " + latency.detail(), measurements);
    }

    private static Measurement latency(Analysis analysis, TrafficSample canary, TrafficSample baseline,
                                       boolean enough) {
        double ratioLimit = analysis.settings().maxLatencyRatio();
        OptionalDouble canaryP95 = canary.p95Millis();
        OptionalDouble baselineP95 = baseline.p95Millis();
        String detail;
        Verdict.Outcome outcome = Verdict.Outcome.INCONCLUSIVE;
        OptionalDouble ratio = OptionalDouble.empty();
        if (canaryP95.isEmpty()) {
            detail = "no canary latency: only the error rate is judged";
        } else if (!baseline.hasData() || baselineP95.isEmpty() || baselineP95.getAsDouble() <= 0) {
            detail = "no baseline latency to compare with: only the error rate is judged";
        } else {
            ratio = OptionalDouble.of(canaryP95.getAsDouble() / baselineP95.getAsDouble());
            detail = "p95 latency " + Text.millis(canaryP95.getAsDouble()) + " = " + Text.number(ratio.getAsDouble())
                    + "× the baseline's " + Text.millis(baselineP95.getAsDouble()) + " (threshold "
                    + Text.number(ratioLimit) + "×)";
            if (enough) {
                outcome = ratio.getAsDouble() > ratioLimit ? Verdict.Outcome.FAIL : Verdict.Outcome.PASS;
            } else {
                detail += ": waiting for more requests";
            }
        }
        return new Measurement(NAME, "latency-p95", outcome, canaryP95, baselineP95, canary.requests(),
                baseline.requests(), Measurement.StatisticKind.OBSERVED, "canary/baseline p95", ratio,
                OptionalDouble.of(ratioLimit), detail);
    }
}
