package dev.slipway.release.analysis;

import dev.slipway.model.CanaryAnalysis;
import dev.slipway.model.CanaryAnalysis.CustomMetric;
import dev.slipway.model.JudgeKind;
import dev.slipway.model.OnInconclusive;
import dev.slipway.release.Track;
import dev.slipway.release.cluster.Metrics;
import dev.slipway.release.cluster.TrackStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Looks at one canary (service "api", canary 2.0.0 beside stable) at chosen moments, for the judges' tests. */
final class Looks {

    static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
    static final String SERVICE = "api";

    private Looks() {
    }

    static CanaryAnalysis settings(List<JudgeKind> judges, boolean guardDependents, List<CustomMetric> metrics) {
        CanaryAnalysis d = CanaryAnalysis.builtIn();
        return new CanaryAnalysis(judges, d.maxErrorRate(), d.maxLatencyRatio(), d.window(), d.interval(),
                d.falseRollbackRate(), d.latencyTolerance(), d.minRequests(), d.inconclusiveAfter(),
                OnInconclusive.ROLLBACK, guardDependents, metrics);
    }

    static CanaryAnalysis settings() {
        return CanaryAnalysis.builtIn();
    }

    static TrackStatus pods(int ready, int restarts) {
        return new TrackStatus("production", SERVICE, Track.CANARY, "2.0.0", 1, 1, 3, 3, ready, ready, restarts, false);
    }

    /** A look {@code elapsed} after the canary started, its 3 pods ready. */
    static Analysis at(Duration elapsed, Metrics metrics, CanaryAnalysis settings, List<String> dependents) {
        return new Analysis("production", SERVICE, "2.0.0", 0, 10, START, START.plus(elapsed), Track.CANARY,
                Track.STABLE, Optional.of(pods(3, 0)), 3, dependents, settings, metrics);
    }

    static Analysis at(Duration elapsed, Metrics metrics) {
        return at(elapsed, metrics, settings(), List.of());
    }

    static Analysis withPods(Optional<TrackStatus> pods, Metrics metrics) {
        return new Analysis("production", SERVICE, "2.0.0", 0, 10, START, START.plus(Duration.ofMinutes(1)),
                Track.CANARY, Track.STABLE, pods, 3, List.of(), settings(), metrics);
    }
}
