package dev.slipway.release.dora;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** The half-open span of time [from, to) a DORA report is about; a deployment belongs to it by {@link Deployment#at()}. */
public record Window(Instant from, Instant to) {

    public Window {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("window ends at " + to + ", not after its start " + from);
        }
    }

    /** The window of the given length that ends now: what {@code --since 30d} asks for. */
    public static Window last(Duration length, Instant now) {
        return new Window(now.minus(length), now);
    }

    public boolean contains(Instant at) {
        return !at.isBefore(from) && at.isBefore(to);
    }

    public Duration length() {
        return Duration.between(from, to);
    }

    /** The length in days, fractional: the denominator of a per-day rate. */
    public double days() {
        return length().toMillis() / (double) Duration.ofDays(1).toMillis();
    }
}
