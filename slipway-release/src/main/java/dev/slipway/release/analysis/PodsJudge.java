package dev.slipway.release.analysis;

import dev.slipway.release.cluster.TrackStatus;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The canary's pods: all ready and none restarted. A pod that restarts fails the canary whatever its traffic says.
 * A pod not ready is no evidence either way: after a step scales the canary up (replica-ratio routing) its new
 * pods take a while, and an unready pod gets no traffic; so the canary cannot pass until every pod is ready, and
 * a pod that never gets there is caught by the rollout's progress deadline or, at the step's end, by the
 * inconclusive limit. Without a status of the pods there is nothing to conclude.
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
                measurement("ready-pods", missing ? Verdict.Outcome.INCONCLUSIVE : Verdict.Outcome.PASS,
                        pods.readyReplicas(), desired, ready),
                measurement("restarts", restarted ? Verdict.Outcome.FAIL : Verdict.Outcome.PASS, pods.restarts(), 0,
                        restarts));
        if (restarted) {
            return Verdict.fail(restarts, measurements);
        }
        if (missing) {
            return Verdict.inconclusive("waiting for the canary's pods: ready " + pods.readyReplicas() + " of "
                    + desired, measurements);
        }
        return Verdict.pass(ready + ", no restarts", measurements);
    }

    private static Measurement measurement(String metric, Verdict.Outcome outcome, int value, int limit,
                                           String detail) {
        return new Measurement(NAME, metric, outcome,
                OptionalDouble.of(value), OptionalDouble.of(limit), value, 0, Measurement.StatisticKind.NONE, "",
                OptionalDouble.empty(), OptionalDouble.empty(), detail);
    }
}
