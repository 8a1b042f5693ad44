package dev.slipway.model;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How a service's canary is judged ({@code defaults.analysis}, overridden key by key in a service's
 * {@code analysis}).
 *
 * @param judges            the judges that must all pass; any one failing fails the canary
 * @param maxErrorRate      limits and threshold judges: the canary fails above this error rate
 * @param maxLatencyRatio   limits and threshold judges: the canary fails when its p95 latency exceeds this multiple
 *                          of the baseline's
 * @param window            threshold judge and custom metrics: how far back each look reaches
 * @param interval          how often the evidence is looked at while a step runs
 * @param falseRollbackRate limits judge, statistical judge and dependents' guard: the bound on rolling back a
 *                          canary that is within the limits, or as good as the baseline
 * @param latencyTolerance  statistical judge: how much slower than the baseline (a fraction) still counts as equal
 * @param minRequests       requests needed before a pass: the canary's in the window (threshold), the canary's
 *                          since it took traffic (limits), the canary's and the baseline's each (statistical)
 * @param inconclusiveAfter how long a canary may lack evidence before it is inconclusive
 * @param onInconclusive    what an inconclusive canary does
 * @param guardDependents   watch the error rates of the service's direct dependents while it is in canary
 * @param metrics           user-defined metrics with their own limits (queried from Prometheus)
 */
public record CanaryAnalysis(List<JudgeKind> judges, double maxErrorRate, double maxLatencyRatio, Duration window,
                             Duration interval, double falseRollbackRate, double latencyTolerance, long minRequests,
                             Duration inconclusiveAfter, OnInconclusive onInconclusive, boolean guardDependents,
                             List<CustomMetric> metrics) {

    public CanaryAnalysis {
        judges = List.copyOf(judges);
        metrics = List.copyOf(metrics);
    }

    public static CanaryAnalysis builtIn() {
        return new CanaryAnalysis(List.of(JudgeKind.LIMITS), 0.05, 2.0, Duration.ofMinutes(1),
                Duration.ofSeconds(5), 0.01, 0.1, 50, Duration.ofMinutes(5), OnInconclusive.ROLLBACK, true, List.of());
    }

    /** These settings judged by {@code kinds} instead. */
    public CanaryAnalysis withJudges(List<JudgeKind> kinds) {
        return new CanaryAnalysis(kinds, maxErrorRate, maxLatencyRatio, window, interval, falseRollbackRate,
                latencyTolerance, minRequests, inconclusiveAfter, onInconclusive, guardDependents, metrics);
    }

    /**
     * A user-defined metric: a PromQL template (placeholders as in the built-in queries) and the limits the
     * canary's value must stay within.
     */
    public record CustomMetric(String name, String query, Optional<Double> max, Optional<Double> min) {
    }
}
