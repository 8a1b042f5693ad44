package dev.slipway.sandbox;

import dev.slipway.release.time.Clock;
import dev.slipway.release.time.TimerQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Real time sped up {@code speed} times, for the demo: {@code after(d)} fires once d / speed of real time has
 * passed. One scheduler thread runs the callbacks in (due time, scheduling order), one at a time, so the engine
 * and the sandbox need no locks of their own, exactly as on a {@link dev.slipway.release.time.VirtualClock}.
 */
public final class ScaledClock implements Clock, AutoCloseable {

    private final Instant start;
    private final double speed;
    private final long startNanos = System.nanoTime();
    private final TimerQueue queue = new TimerQueue();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Thread scheduler;
    private boolean closed;
    private volatile Throwable failure;

    public ScaledClock(Instant start, double speed) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be positive, got " + speed);
        }
        this.start = start;
        this.speed = speed;
        this.scheduler = Thread.ofPlatform().name("slipway-clock").daemon().start(this::run);
    }

    /** How many times faster than real time this clock runs. */
    public double speed() {
        return speed;
    }

    @Override
    public Instant now() {
        return start.plusNanos(virtualNanos());
    }

    private long virtualNanos() {
        return (long) ((System.nanoTime() - startNanos) * speed);
    }

    @Override
    public Timer after(Duration delay, Runnable action) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative delay " + delay);
        }
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the clock is closed");
            }
            Timer timer = queue.add(now().plus(delay), action);
            changed.signalAll();
            return timer;
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (true) {
            TimerQueue.Due next;
            lock.lock();
            try {
                while (true) {
                    if (closed) {
                        return;
                    }
                    Optional<Instant> head = queue.nextDue();
                    long waitVirtual = head.map(due -> Duration.between(now(), due).toNanos()).orElse(Long.MAX_VALUE);
                    if (head.isPresent() && waitVirtual <= 0) {
                        next = queue.poll().orElseThrow();
                        break;
                    }
                    try {
                        if (head.isEmpty()) {
                            changed.await();
                        } else {
                            changed.awaitNanos(Math.max(1, (long) Math.ceil(waitVirtual / speed)));
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            } finally {
                lock.unlock();
            }
            try {
                next.action().run(); // outside the lock: the callback may schedule more
            } catch (RuntimeException | Error e) {
                if (failure == null) {
                    failure = e; // kept for the owner; the clock goes on with the next callback
                }
            }
        }
    }

    /** The first exception a callback threw, if any (a demo reports it instead of hanging). */
    public Throwable failure() {
        return failure;
    }

    /** Stops the scheduler thread; callbacks not yet run are dropped. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            queue.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (Thread.currentThread() != scheduler) {
            try {
                scheduler.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
