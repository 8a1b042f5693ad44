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
                       CanaryAnalysis settings, Metrics metrics, Comparison comparison) {

    public Analysis {
        dependents = List.copyOf(dependents);
        java.util.Objects.requireNonNull(comparison, "comparison");
    }

    /** A canary and its baseline over the same time. */
    public Analysis(String environment, String service, String version, int step, int weight,
                    Instant canaryStart, Instant now, Track canary, Track baseline,
                    Optional<TrackStatus> canaryStatus, int desiredReplicas, List<String> dependents,
                    CanaryAnalysis settings, Metrics metrics) {
        this(environment, service, version, step, weight, canaryStart, now, canary, baseline, canaryStatus,
                desiredReplicas, dependents, settings, metrics, Comparison.SAME_TIME);
    }

    /**
     * Where the dependents' "before" ends: when the canary started, or for a verification window the moment the
     * baseline period ends (before the release changed anything).
     */
    public Instant dependentsBefore() {
        return comparison.baselineBefore().orElse(canaryStart);
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
        return comparison.canaryVersion().isPresent()
                ? metrics.versionSeries(environment, service, canary, comparison.canaryVersion().get(), canaryStart,
                        intervalsEnd(), settings.interval())
                : metrics.series(environment, service, canary, canaryStart, intervalsEnd(), settings.interval());
    }

    /**
     * The baseline's traffic on a grid as long as {@link #canarySeries()}: over the same time, or the same length of
     * time before {@link Comparison#baselineBefore()}.
     */
    public List<TrafficSample> baselineSeries() {
        Instant start = comparison.baselineStart(canaryStart, Duration.between(canaryStart, intervalsEnd()));
        Instant end = start.plus(Duration.between(canaryStart, intervalsEnd()));
        return comparison.baselineVersion().isPresent()
                ? metrics.versionSeries(environment, service, baseline, comparison.baselineVersion().get(), start, end,
                        settings.interval())
                : metrics.series(environment, service, baseline, start, end, settings.interval());
    }

    /** The canary's traffic since {@code from}. */
    public TrafficSample canary(Instant from) {
        return canary(from, now);
    }

    /** The canary's traffic in [from, to). */
    public TrafficSample canary(Instant from, Instant to) {
        return comparison.canaryVersion().isPresent()
                ? metrics.versionSample(environment, service, canary, comparison.canaryVersion().get(), from, to)
                : metrics.sample(environment, service, canary, from, to);
    }

    /** The baseline's traffic since {@code from}, or over as long a time before the baseline period's end. */
    public TrafficSample baseline(Instant from) {
        return baseline(from, now);
    }

    /**
     * The baseline's traffic in [from, to), or, for a baseline from before the release, in the stretch that lies as
     * far before the baseline period's end as [from, to) lies before now.
     */
    public TrafficSample baseline(Instant from, Instant to) {
        Instant start = comparison.baselineBefore().map(before -> before.minus(Duration.between(from, now)))
                .orElse(from);
        Instant end = start.plus(Duration.between(from, to));
        return comparison.baselineVersion().isPresent()
                ? metrics.versionSample(environment, service, baseline, comparison.baselineVersion().get(), start, end)
                : metrics.sample(environment, service, baseline, start, end);
    }
}
