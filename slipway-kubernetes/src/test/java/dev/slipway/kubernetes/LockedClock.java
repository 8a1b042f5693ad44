package dev.slipway.kubernetes;

import dev.slipway.release.time.Clock;
import dev.slipway.release.time.VirtualClock;
import java.time.Duration;
import java.time.Instant;

/**
 * A {@link VirtualClock} that the adapter's watch threads may hand callbacks to: every call takes one lock, and
 * the test thread runs the callbacks. Virtual time moves only when the test says so ({@link #runNext()}), so the
 * mock server's real-time answers never make it jump.
 */
final class LockedClock implements Clock {

    private final VirtualClock clock;
    private long ran;

    LockedClock(Instant start) {
        this.clock = new VirtualClock(start);
    }

    @Override
    public synchronized Instant now() {
        return clock.now();
    }

    @Override
    public synchronized Timer after(Duration delay, Runnable action) {
        return clock.after(delay, () -> {
            ran++;
            action.run();
        });
    }

    /** Runs what is due now (statuses handed over by the watch); true if anything ran. */
    synchronized boolean runDue() {
        long before = ran;
        clock.runUntil(clock.now());
        return ran > before;
    }

    /** Runs the next callback, moving virtual time to it. */
    synchronized boolean runNext() {
        return clock.runNext();
    }
}
