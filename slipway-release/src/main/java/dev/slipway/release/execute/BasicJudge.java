package dev.slipway.release.execute;

import dev.slipway.release.cluster.TrackStatus;
import java.util.Locale;

/**
 * The basic judge: the canary's pods are all ready and have not restarted, and its error rate over the step is
 * under a threshold. Without requests there is no evidence: inconclusive.
 */
public record BasicJudge(double maxErrorRate) implements Judge {

    public static final double DEFAULT_MAX_ERROR_RATE = 0.05;

    public BasicJudge() {
        this(DEFAULT_MAX_ERROR_RATE);
    }

    @Override
    public Verdict judge(Analysis analysis) {
        if (analysis.canaryStatus().isEmpty()) {
            return new Verdict.Inconclusive("no status of the canary's pods");
        }
        TrackStatus pods = analysis.canaryStatus().get();
        if (pods.restarts() > 0) {
            return new Verdict.Fail("canary pods restarted " + pods.restarts() + " times");
        }
        if (pods.readyReplicas() < analysis.desiredReplicas()) {
            return new Verdict.Fail("canary pods ready " + pods.readyReplicas() + " of " + analysis.desiredReplicas());
        }
        if (!analysis.canary().hasData()) {
            return new Verdict.Inconclusive("no requests reached the canary during the step");
        }
        double rate = analysis.canary().errorRate();
        if (rate >= maxErrorRate) {
            return new Verdict.Fail(String.format(Locale.ROOT, "error rate %.1f%% (threshold %.1f%%) over %d requests",
                    rate * 100, maxErrorRate * 100, analysis.canary().requests()));
        }
        return new Verdict.Pass();
    }
}
