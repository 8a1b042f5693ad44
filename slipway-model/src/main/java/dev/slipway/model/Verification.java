package dev.slipway.model;

import java.time.Duration;

/**
 * How long a service's new version is watched after its rollout completed ({@code verify.window}), judged against
 * the previous version's own metrics from before the release. Zero turns it off: the rollout then counts as
 * promoted the moment it completes.
 */
public record Verification(Duration window) {

    public Verification {
        if (window.isNegative()) {
            throw new IllegalArgumentException("a verification window cannot be negative, got " + window);
        }
    }

    /** Five minutes: long enough for the limits judge to see a tenfold error rate at 10 requests/s. */
    public static Verification builtIn() {
        return new Verification(Duration.ofMinutes(5));
    }

    public static Verification off() {
        return new Verification(Duration.ZERO);
    }

    public boolean enabled() {
        return window.isPositive();
    }
}
