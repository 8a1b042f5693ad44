package dev.slipway.sandbox;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The knobs of the simulation. Every random draw derives from {@code seed}, so two sandboxes with the same options
 * and the same calls behave identically.
 *
 * @param seed              the root of every random draw
 * @param startupMean       mean pod start-up time (lognormal) of a service not in {@code startupMeans}
 * @param startupMeans      per-service mean start-up time
 * @param startupSigma      shape of the start-up lognormal (sigma of its logarithm)
 * @param controllerDelay   how long the Deployment controller takes to observe a new generation
 * @param progressDeadline  a rollout that makes no progress for this long is ProgressDeadlineExceeded (600 s as
 *                          a Deployment's default)
 * @param crashBackoff      the first crash-loop back-off; it doubles per restart up to five minutes, as the kubelet does
 * @param maxRestarts       restarts simulated per crash-looping pod; afterwards it stays in back-off without
 *                          scheduling more events, so a virtual clock can run idle
 * @param entryRps          requests per second at each entry service; empty: every service nothing depends on
 *                          receives {@code defaultEntryRps}
 * @param defaultEntryRps   see {@code entryRps}
 * @param baseLatencyMillis median latency of a service's own work (before its dependencies), unless in
 *                          {@code baseLatencies}
 * @param baseLatencies     per-service median latency of its own work, in milliseconds
 * @param latencySigma      shape of the latency lognormal
 * @param propagation       the chance that a failed call to a dependency fails the caller's request (1: always)
 * @param unhealthyErrorRate a version whose fault error rate reaches this fails its health path (probe)
 * @param bucket            traffic is drawn per bucket of this length
 * @param probeDelay        how long a health probe takes to answer
 */
public record SandboxOptions(long seed, Duration startupMean, Map<String, Duration> startupMeans,
                             double startupSigma, Duration controllerDelay, Duration progressDeadline,
                             Duration crashBackoff, int maxRestarts, Map<String, Double> entryRps,
                             double defaultEntryRps, double baseLatencyMillis, Map<String, Double> baseLatencies,
                             double latencySigma, double propagation, double unhealthyErrorRate, Duration bucket,
                             Duration probeDelay) {

    public SandboxOptions {
        Objects.requireNonNull(startupMean, "startupMean");
        startupMeans = Map.copyOf(startupMeans);
        entryRps = Map.copyOf(entryRps);
        baseLatencies = Map.copyOf(baseLatencies);
        if (propagation < 0 || propagation > 1) {
            throw new IllegalArgumentException("propagation is a probability, got " + propagation);
        }
        if (bucket.isZero() || bucket.isNegative()) {
            throw new IllegalArgumentException("bucket " + bucket);
        }
    }

    public static SandboxOptions defaults(long seed) {
        return new SandboxOptions(seed, Duration.ofSeconds(8), Map.of(), 0.25, Duration.ofMillis(100),
                Duration.ofSeconds(600), Duration.ofSeconds(10), 10, Map.of(), 100, 20, Map.of(), 0.4, 1.0,
                0.2, Duration.ofSeconds(1), Duration.ofMillis(50));
    }

    public SandboxOptions withSeed(long newSeed) {
        return new SandboxOptions(newSeed, startupMean, startupMeans, startupSigma, controllerDelay, progressDeadline,
                crashBackoff, maxRestarts, entryRps, defaultEntryRps, baseLatencyMillis, baseLatencies, latencySigma,
                propagation, unhealthyErrorRate, bucket, probeDelay);
    }

    public SandboxOptions withStartupMean(Duration mean) {
        return new SandboxOptions(seed, mean, startupMeans, startupSigma, controllerDelay, progressDeadline,
                crashBackoff, maxRestarts, entryRps, defaultEntryRps, baseLatencyMillis, baseLatencies, latencySigma,
                propagation, unhealthyErrorRate, bucket, probeDelay);
    }

    /** The progress deadline multiplied by {@code factor} (a demo shortens it, a slow test lengthens it). */
    public SandboxOptions withProgressDeadlineScaled(double factor) {
        Duration scaled = Duration.ofNanos(Math.round(progressDeadline.toNanos() * factor));
        return new SandboxOptions(seed, startupMean, startupMeans, startupSigma, controllerDelay, scaled,
                crashBackoff, maxRestarts, entryRps, defaultEntryRps, baseLatencyMillis, baseLatencies, latencySigma,
                propagation, unhealthyErrorRate, bucket, probeDelay);
    }

    public SandboxOptions withEntryRps(Map<String, Double> rps) {
        return new SandboxOptions(seed, startupMean, startupMeans, startupSigma, controllerDelay, progressDeadline,
                crashBackoff, maxRestarts, rps, defaultEntryRps, baseLatencyMillis, baseLatencies, latencySigma,
                propagation, unhealthyErrorRate, bucket, probeDelay);
    }

    public SandboxOptions withDefaultEntryRps(double rps) {
        return new SandboxOptions(seed, startupMean, startupMeans, startupSigma, controllerDelay, progressDeadline,
                crashBackoff, maxRestarts, entryRps, rps, baseLatencyMillis, baseLatencies, latencySigma,
                propagation, unhealthyErrorRate, bucket, probeDelay);
    }

    public SandboxOptions withPropagation(double probability) {
        return new SandboxOptions(seed, startupMean, startupMeans, startupSigma, controllerDelay, progressDeadline,
                crashBackoff, maxRestarts, entryRps, defaultEntryRps, baseLatencyMillis, baseLatencies, latencySigma,
                probability, unhealthyErrorRate, bucket, probeDelay);
    }

    Duration startupMean(String service) {
        return startupMeans.getOrDefault(service, startupMean);
    }

    double baseLatency(String service) {
        return baseLatencies.getOrDefault(service, baseLatencyMillis);
    }
}
