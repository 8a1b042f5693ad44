package dev.slipway.sandbox;

import java.util.Objects;
import java.util.Optional;

/**
 * How one version of one service misbehaves in the sandbox.
 *
 * @param errorRate     the share of its own requests that fail (before any failing dependency adds to it)
 * @param latencyFactor multiplies the median of its own latency
 * @param crashLoop     its pods start, crash and restart, never becoming ready
 * @param imagePull     its pods stay pending: the image cannot be pulled
 * @param healthy       whether its health path answers 2xx; empty: it does unless {@code errorRate} reaches the
 *                      sandbox's {@link SandboxOptions#unhealthyErrorRate()}
 */
public record Fault(String service, String version, double errorRate, double latencyFactor, boolean crashLoop,
                    boolean imagePull, Optional<Boolean> healthy) {

    public Fault {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(version, "version");
        if (errorRate < 0 || errorRate > 1) {
            throw new IllegalArgumentException("errorRate is a share between 0 and 1, got " + errorRate);
        }
        if (latencyFactor <= 0) {
            throw new IllegalArgumentException("latencyFactor must be positive, got " + latencyFactor);
        }
    }

    /** A version that only fails a share of its requests. */
    public static Fault errors(String service, String version, double errorRate) {
        return new Fault(service, version, errorRate, 1.0, false, false, Optional.empty());
    }

    public static Fault slow(String service, String version, double latencyFactor) {
        return new Fault(service, version, 0, latencyFactor, false, false, Optional.empty());
    }

    public static Fault crashLoop(String service, String version) {
        return new Fault(service, version, 0, 1.0, true, false, Optional.empty());
    }

    public static Fault imagePull(String service, String version) {
        return new Fault(service, version, 0, 1.0, false, true, Optional.empty());
    }

    /** Whether the version's health path answers 2xx, given the sandbox's threshold. */
    public boolean answersHealthy(double unhealthyErrorRate) {
        return healthy.orElse(errorRate < unhealthyErrorRate);
    }
}
