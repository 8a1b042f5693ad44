package dev.slipway.run;

import dev.slipway.release.execute.ProgressListener;
import dev.slipway.release.execute.ReleasePhase;
import dev.slipway.release.execute.ReleaseResult;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Follows a release for the runner that waits on it: the phase the engine tells (running, waiting for a person and
 * why, rolling back) and the result. Written on the clock's thread; the waiting thread sleeps until the engine says
 * something ({@link #awaitChange}), so nothing polls to guess whether the release waits.
 */
public final class Tracker implements ProgressListener {

    private ReleasePhase phase = new ReleasePhase.Running();
    private ReleaseResult result;
    private long changes;

    @Override
    public synchronized void phase(String release, ReleasePhase told) {
        phase = told;
        changes++;
        notifyAll();
    }

    @Override
    public synchronized void finished(ReleaseResult finished) {
        result = finished;
        changes++;
        notifyAll();
    }

    public synchronized boolean finished() {
        return result != null;
    }

    public synchronized Optional<ReleaseResult> result() {
        return Optional.ofNullable(result);
    }

    /** The release waits for a person: a canary at its manual gate, an inconclusive canary, the pause policy. */
    public synchronized boolean waiting() {
        return result == null && phase.waitingForPerson();
    }

    public synchronized ReleasePhase phase() {
        return phase;
    }

    /** The services held at a gate or by the pause policy, as the engine named them. */
    public synchronized List<String> held() {
        return phase instanceof ReleasePhase.Paused paused ? paused.services().stream().sorted().toList() : List.of();
    }

    /** How many times the engine has told something; {@link #awaitChange} waits for it to grow. */
    public synchronized long changes() {
        return changes;
    }

    /**
     * Sleeps until the engine tells something after {@code seen} changes, or {@code atMost} passes (so the waiting
     * thread can look at what the engine cannot tell: its clock having failed, its engine having stopped).
     *
     * @return the number of changes now
     */
    public synchronized long awaitChange(long seen, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (changes == seen) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return changes;
    }
}
