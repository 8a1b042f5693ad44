package dev.slipway.release.dora;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The four DORA metrics of one service, or of the whole system, over one window. A value that has nothing to be
 * computed from (a median of no lead times, a rate of no deployments) is empty, never zero.
 */
public record FourKeys(Frequency frequency, LeadTime leadTime, ChangeFailureRate changeFailureRate,
                       TimeToRestore timeToRestore) {

    public FourKeys {
        Objects.requireNonNull(frequency, "frequency");
        Objects.requireNonNull(leadTime, "leadTime");
        Objects.requireNonNull(changeFailureRate, "changeFailureRate");
        Objects.requireNonNull(timeToRestore, "timeToRestore");
    }

    /**
     * Successful deployments (of a service) or successful releases (of the system) in the window, their rate per day
     * and the band that rate falls in.
     */
    public record Frequency(long count, double perDay, Band band) {
    }

    /**
     * Commit to running: from a succeeded deployment's commit time to its finish. {@code measured} deployments had a
     * commit time; {@code withoutCommitTime} succeeded too but could not be measured and are left out of the median.
     */
    public record LeadTime(int measured, int withoutCommitTime, Optional<Duration> median, Optional<Duration> p90) {
    }

    /** {@code failures} (rolled back or failed) of all {@code deployments} in the window; empty rate without any. */
    public record ChangeFailureRate(int deployments, int failures, OptionalDouble rate) {
    }

    /**
     * Failures in the window: {@code restored} by a later succeeded deployment of the same service in the same
     * environment before the window ends, with the median of those times; {@code open} are not restored yet.
     */
    public record TimeToRestore(int failures, int restored, int open, Optional<Duration> median) {
    }
}
