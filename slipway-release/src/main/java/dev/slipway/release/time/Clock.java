package dev.slipway.release.time;

import java.time.Duration;
import java.time.Instant;

/**
 * The only source of time and delay for the engine and the sandbox. Callbacks run on the clock's single
 * thread, one at a time, so the engine needs no locks: {@link VirtualClock} runs them in virtual time (tests,
 * benchmarks, the sandbox by default), a real clock on a scheduler thread.
 */
public interface Clock {

    Instant now();

    /** Runs {@code action} once {@code delay} has passed; the returned timer can cancel it before then. */
    Timer after(Duration delay, Runnable action);

    /** A pending callback. */
    interface Timer {
        /** Cancels the callback if it has not run; does nothing otherwise. */
        void cancel();
    }
}
