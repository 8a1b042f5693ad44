package dev.slipway.release.analysis;

import dev.slipway.release.cluster.TrackStatus;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The canary's pods: all ready and none restarted. A pod that restarts or drops out of readiness during a step fails
 * the canary whatever its traffic says; without a status of the pods there is nothing to conclude.
 */
public record PodsJudge() implements Judge {

    static final String NAME = "pods";

    @Override
    public Verdict judge(Analysis analysis) {
        if (analysis.canaryStatus().isEmpty()) {
            return Verdict.inconclusive("no status of the canary's pods", List.of());
        }
        TrackStatus pods = analysis.canaryStatus().get();
        int desired = analysis.desiredReplicas();
        boolean restarted = pods.restarts() > 0;
        boolean missing = pods.readyReplicas() < desired;
        String ready = "canary pods ready " + pods.readyReplicas() + " of " + desired;
        String restarts = "canary pods restarted " + pods.restarts() + " times";
        List<Measurement> measurements = List.of(
                measurement("ready-pods", missing, pods.readyReplicas(), desired, ready),
                measurement("restarts", restarted, pods.restarts(), 0, restarts));
        if (restarted) {
            return Verdict.fail(restarts, measurements);
        }
        if (missing) {
            return Verdict.fail(ready, measurements);
        }
        return Verdict.pass(ready + ", no restarts", measurements);
    }

    private static Measurement measurement(String metric, boolean failed, int value, int limit, String detail) {
        return new Measurement(NAME, metric, failed ? Verdict.Outcome.FAIL : Verdict.Outcome.PASS,
                OptionalDouble.of(value), OptionalDouble.of(limit), value, 0, "", OptionalDouble.empty(),
                OptionalDouble.empty(), detail);
    }
}
