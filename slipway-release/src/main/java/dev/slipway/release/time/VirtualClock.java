package dev.slipway.release.time;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/**
 * Discrete-event time: callbacks wait in a queue ordered by (due time, order of scheduling), and running the
 * next one jumps the clock to its due time. A 30-minute release runs in milliseconds, and two runs with the
 * same inputs interleave exactly the same way.
 */
public final class VirtualClock implements Clock {

    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private Instant now;
    private long sequence;

    public VirtualClock(Instant start) {
        this.now = start;
    }

    private final class Event implements Comparable<Event>, Timer {
        final Instant due;
        final long order;
        final Runnable action;
        boolean cancelled;

        Event(Instant due, long order, Runnable action) {
            this.due = due;
            this.order = order;
            this.action = action;
        }

        @Override
        public int compareTo(Event other) {
            int byTime = due.compareTo(other.due);
            return byTime != 0 ? byTime : Long.compare(order, other.order);
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
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
        Event event = new Event(now.plus(delay), sequence++, action);
        queue.add(event);
        return event;
    }

    /** Runs the next due callback, moving time to it; false when nothing is scheduled. */
    public boolean runNext() {
        Event event;
        do {
            event = queue.poll();
            if (event == null) {
                return false;
            }
        } while (event.cancelled);
        now = event.due;
        event.action.run();
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
        while (true) {
            Event next = queue.peek();
            if (next == null || next.due.isAfter(until)) {
                break;
            }
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
