package dev.slipway.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The server's log lines, written to {@code out} by a thread of their own: a request hands its line over and goes
 * on, instead of taking a lock on stderr and flushing it (a system call) once per request. Lines are written in
 * the order given and flushed whenever the queue runs dry; closing writes what is left.
 */
final class AsyncLog implements Consumer<String>, AutoCloseable {

    /** Lines waiting past this many are dropped with a count (the server must not wait on a slow log reader). */
    private static final int CAPACITY = 100_000;

    private final PrintWriter out;
    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>(CAPACITY);
    private final Thread writer;
    private volatile boolean closed;
    private long dropped;

    AsyncLog(PrintWriter out) {
        this.out = out;
        this.writer = Thread.ofPlatform().daemon().name("slipway-log").start(this::write);
    }

    @Override
    public void accept(String line) {
        if (!queue.offer(line)) {
            synchronized (this) {
                dropped++;
            }
        }
    }

    private void write() {
        List<String> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                String first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch);
                batch.forEach(out::println);
                batch.clear();
                long lost;
                synchronized (this) {
                    lost = dropped;
                    dropped = 0;
                }
                if (lost > 0) {
                    out.println("{\"level\":\"warn\",\"event\":\"log-dropped\",\"message\":\"" + lost
                            + " log lines dropped: the log was not read fast enough\"}");
                }
                out.flush();
            } catch (InterruptedException e) {
                return;
            }
        }
        out.flush();
    }

    /** Writes every line given so far, then stops. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
