package dev.slipway.release.analysis;

import dev.slipway.model.CanaryAnalysis;
import dev.slipway.release.Track;
import dev.slipway.release.cluster.Metrics;
import dev.slipway.release.cluster.TrackStatus;
import dev.slipway.release.cluster.TrafficSample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a judge may look at for one canary at one moment: where the canary stands (step, weight, since when it
 * takes traffic), its pods, the service's direct dependents, the service's analysis settings, and the metrics.
 *
 * @param canaryStart when the canary first took traffic: every look covers [canaryStart, now) or, for windowed
 *                    judges, the last {@code settings.window()} of it
 * @param dependents  the services that call this one (their error rates are guarded while it is in canary)
 */
public record Analysis(String environment, String service, String version, int step, int weight,
                       Instant canaryStart, Instant now, Track canary, Track baseline,
                       Optional<TrackStatus> canaryStatus, int desiredReplicas, List<String> dependents,
                       CanaryAnalysis settings, Metrics metrics) {

    public Analysis {
        dependents = List.copyOf(dependents);
    }

    /** The start of the current window: the last {@code window} before now, but not before the canary started. */
    public Instant windowStart() {
        Instant start = now.minus(settings.window());
        return start.isBefore(canaryStart) ? canaryStart : start;
    }

    /**
     * How many whole intervals ({@code settings.interval}) have passed since the canary took traffic. Sequential
     * judges read evidence on this fixed grid only, so that what they see at a look does not depend on when the look
     * happens within an interval.
     */
    public long completedIntervals() {
        Duration elapsed = Duration.between(canaryStart, now);
        return elapsed.isNegative() ? 0 : elapsed.dividedBy(settings.interval());
    }

    /** What the series judges say before a whole interval of canary traffic exists: nothing yet, never a pass. */
    public Verdict waitingForFirstInterval() {
        return Verdict.inconclusive("waiting for the first " + settings.interval().toSeconds() + "s of canary traffic",
                java.util.List.of());
    }

    /** The end of the last whole interval: canaryStart + completedIntervals × interval. */
    public Instant intervalsEnd() {
        return canaryStart.plus(settings.interval().multipliedBy(completedIntervals()));
    }

    /** The canary's traffic interval by interval on the grid canaryStart + k × interval, whole intervals only. */
    public List<TrafficSample> canarySeries() {
        return metrics.series(environment, service, canary, canaryStart, intervalsEnd(), settings.interval());
    }

    /** The baseline's traffic on the same grid as {@link #canarySeries()}. */
    public List<TrafficSample> baselineSeries() {
        return metrics.series(environment, service, baseline, canaryStart, intervalsEnd(), settings.interval());
    }

    /** The canary's traffic since {@code from}. */
    public TrafficSample canary(Instant from) {
        return metrics.sample(environment, service, canary, from, now);
    }

    /** The baseline's traffic since {@code from}. */
    public TrafficSample baseline(Instant from) {
        return metrics.sample(environment, service, baseline, from, now);
    }
}
