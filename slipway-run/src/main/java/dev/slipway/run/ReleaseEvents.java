package dev.slipway.run;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Wakes the server's event streams when a release's journal grows. The journal is the stream itself (a transition's
 * sequence number is its event id), so this only says "look again": a stream on a replica that does not run the
 * release is never woken and looks again when its wait times out.
 */
public final class ReleaseEvents {

    private final Map<String, Long> latest = new HashMap<>();

    /** The release's journal now holds {@code sequence}. */
    public synchronized void written(String release, long sequence) {
        latest.merge(release, sequence, Math::max);
        notifyAll();
    }

    /** Waits until the release's journal holds more than {@code after}, or {@code timeout} has passed. */
    public synchronized void await(String release, long after, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long left;
        while (latest.getOrDefault(release, -1L) <= after && (left = deadline - System.nanoTime()) > 0) {
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
