package dev.slipway.cli;

import dev.slipway.model.SystemSpec;
import dev.slipway.release.time.Clock;
import dev.slipway.release.time.VirtualClock;
import dev.slipway.sandbox.SandboxCluster;
import dev.slipway.sandbox.ScaledClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The sandbox of a data directory and the clock a release runs on: virtual time (as fast as the engine goes) or
 * real time scaled {@code speed} times. The engine and the sandbox only ever run on the clock's thread.
 */
final class World implements AutoCloseable {

    /** Guards against a model that would schedule forever; far above a 1,000-service release. */
    private static final long EVENT_LIMIT = 200_000_000;
    /** With a scaled clock, how many quiet looks in a row (50 ms apart) mean "waiting for a person". */
    private static final int QUIET_LOOKS = 4;

    private final Sandbox sandbox;
    private final VirtualClock virtual;
    private final ScaledClock scaled;
    final SandboxCluster cluster;

    private World(Sandbox sandbox, VirtualClock virtual, ScaledClock scaled, SystemSpec spec) {
        this.sandbox = sandbox;
        this.virtual = virtual;
        this.scaled = scaled;
        this.cluster = sandbox.cluster(spec, clock());
    }

    /** @param speed 0 for virtual time, otherwise how many times faster than real time */
    static World open(Path dataDir, SystemSpec spec, double speed) {
        Sandbox sandbox = Sandbox.load(dataDir);
        return speed > 0 ? new World(sandbox, null, new ScaledClock(sandbox.time(), speed), spec)
                : new World(sandbox, new VirtualClock(sandbox.time()), null, spec);
    }

    Clock clock() {
        return virtual != null ? virtual : scaled;
    }

    /** Runs {@code work} on the clock's thread and returns its value. */
    <T> T onClock(Supplier<T> work) {
        if (virtual != null) {
            return work.get();
        }
        CompletableFuture<T> future = new CompletableFuture<>();
        scaled.after(Duration.ZERO, () -> {
            try {
                future.complete(work.get());
            } catch (RuntimeException | Error e) {
                future.completeExceptionally(e);
            }
        });
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** Lets the release run until it has ended or waits for a person (a manual gate, the pause policy). */
    void await(Tracker tracker) {
        if (virtual != null) {
            virtual.runUntilIdle(EVENT_LIMIT);
            return;
        }
        int quiet = 0;
        while (!tracker.finished() && quiet < QUIET_LOOKS) {
            Throwable failure = scaled.failure();
            if (failure instanceof RuntimeException r) {
                throw r;
            } else if (failure instanceof Error e) {
                throw e;
            }
            quiet = tracker.waiting() ? quiet + 1 : 0;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UserError("interrupted", "the release can be continued with `slipway resume`");
            }
        }
    }

    /** Keeps the sandbox for the next command. */
    void save() {
        sandbox.save(cluster);
    }

    @Override
    public void close() {
        if (scaled != null) {
            scaled.close();
        }
    }
}
