package dev.slipway.release.analysis;

import dev.slipway.release.cluster.TrackStatus;
import dev.slipway.release.cluster.TrafficSample;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The basic judge: the canary's pods are all ready and have not restarted, and its error rate over the window is
 * under the service's {@code maxErrorRate}. Without requests there is no evidence: inconclusive.
 */
public record BasicJudge() implements Judge {

    @Override
    public Verdict judge(Analysis analysis) {
        if (analysis.canaryStatus().isEmpty()) {
            return Verdict.inconclusive("no status of the canary's pods", List.of());
        }
        TrackStatus pods = analysis.canaryStatus().get();
        if (pods.restarts() > 0) {
            return Verdict.fail("canary pods restarted " + pods.restarts() + " times", List.of());
        }
        if (pods.readyReplicas() < analysis.desiredReplicas()) {
            return Verdict.fail("canary pods ready " + pods.readyReplicas() + " of " + analysis.desiredReplicas(),
                    List.of());
        }
        TrafficSample canary = analysis.canary(analysis.windowStart());
        if (!canary.hasData()) {
            return Verdict.inconclusive("no requests reached the canary", List.of());
        }
        double limit = analysis.settings().maxErrorRate();
        double rate = canary.errorRate();
        Verdict.Outcome outcome = rate > limit ? Verdict.Outcome.FAIL : Verdict.Outcome.PASS;
        String detail = String.format(Locale.ROOT, "error rate %.1f%% (threshold %.1f%%) over %d requests",
                rate * 100, limit * 100, canary.requests());
        Measurement m = new Measurement("basic", "error-rate", outcome, OptionalDouble.of(rate),
                OptionalDouble.of(limit), canary.requests(), 0, "", OptionalDouble.empty(), OptionalDouble.empty(),
                detail);
        return new Verdict(outcome, detail, List.of(m));
    }
}
