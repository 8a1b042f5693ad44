package dev.slipway.release.time;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Discrete-event time: callbacks wait in a queue ordered by (due time, order of scheduling), and running the
 * next one jumps the clock to its due time. A 30-minute release runs in milliseconds, and two runs with the
 * same inputs interleave exactly the same way.
 */
public final class VirtualClock implements Clock {

    private final TimerQueue queue = new TimerQueue();
    private Instant now;

    public VirtualClock(Instant start) {
        this.now = start;
    }

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public Timer after(Duration delay, Runnable action) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative delay " + delay);
        }
        return queue.add(now.plus(delay), action);
    }

    /** Runs the next due callback, moving time to it; false when nothing is scheduled. */
    public boolean runNext() {
        Optional<TimerQueue.Due> next = queue.poll();
        if (next.isEmpty()) {
            return false;
        }
        now = next.get().at();
        next.get().action().run();
        return true;
    }

    /**
     * Runs callbacks until none is left. {@code limit} guards against a model that schedules forever (a
     * sandbox that keeps sampling metrics): exceeding it is a programming error.
     */
    public void runUntilIdle(long limit) {
        for (long i = 0; runNext(); i++) {
            if (i >= limit) {
                throw new IllegalStateException("still busy after " + limit + " events at " + now);
            }
        }
    }

    /** Runs every callback due up to {@code until}, then sets the clock to it. */
    public void runUntil(Instant until) {
        while (queue.nextDue().filter(due -> !due.isAfter(until)).isPresent()) {
            runNext();
        }
        if (until.isAfter(now)) {
            now = until;
        }
    }

    /** Callbacks still scheduled (cancelled ones included until they are reached). */
    public int pending() {
        return queue.size();
    }
}
