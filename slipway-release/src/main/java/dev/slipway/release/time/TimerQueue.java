package dev.slipway.release.time;

import java.time.Instant;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * The callbacks a clock has yet to run, in (due time, order of scheduling): two callbacks due at the same instant run
 * in the order they were scheduled, which is what makes a run repeatable. Cancelled callbacks are skipped when
 * reached. Not thread-safe: a clock that schedules from several threads guards it with its own lock.
 */
public final class TimerQueue {

    /** A callback taken off the queue, and when it was due. */
    public record Due(Instant at, Runnable action) {
    }

    private final PriorityQueue<Entry> queue = new PriorityQueue<>();
    private long sequence;

    private final class Entry implements Comparable<Entry>, Clock.Timer {
        final Instant due;
        final long order;
        final Runnable action;
        volatile boolean cancelled; // cancel() may come from any thread

        Entry(Instant due, long order, Runnable action) {
            this.due = due;
            this.order = order;
            this.action = action;
        }

        @Override
        public int compareTo(Entry other) {
            int byTime = due.compareTo(other.due);
            return byTime != 0 ? byTime : Long.compare(order, other.order);
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    /** Schedules {@code action} at {@code due}; the timer cancels it if it has not been taken yet. */
    public Clock.Timer add(Instant due, Runnable action) {
        Entry entry = new Entry(due, sequence++, action);
        queue.add(entry);
        return entry;
    }

    /** When the next callback not cancelled is due; empty when none is left. */
    public Optional<Instant> nextDue() {
        dropCancelled();
        Entry head = queue.peek();
        return head == null ? Optional.empty() : Optional.of(head.due);
    }

    /** Takes the next callback not cancelled off the queue; empty when none is left. */
    public Optional<Due> poll() {
        dropCancelled();
        Entry head = queue.poll();
        return head == null ? Optional.empty() : Optional.of(new Due(head.due, head.action));
    }

    /** Callbacks still queued, cancelled ones included until they are reached. */
    public int size() {
        return queue.size();
    }

    public void clear() {
        queue.clear();
    }

    private void dropCancelled() {
        while (!queue.isEmpty() && queue.peek().cancelled) {
            queue.poll();
        }
    }
}
