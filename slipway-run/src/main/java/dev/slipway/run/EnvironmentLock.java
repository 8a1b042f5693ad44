package dev.slipway.run;

import dev.slipway.model.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One release at a time per environment: {@code locks/<env>.lock} holds the pid of the process running a release
 * and the release's id. Created atomically; a lock whose process is gone (killed, crashed) is taken over.
 */
public final class EnvironmentLock implements AutoCloseable {

    private final Path file;

    private EnvironmentLock(Path file) {
        this.file = file;
    }

    /** Names the release the lock is held for, once its id is known. */
    void holdFor(String release) {
        try {
            Files.writeString(file, ProcessHandle.current().pid() + " " + release + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the lock " + file, e);
        }
    }

    /** The release that holds the lock of {@code environment} and the pid running it, if a live process holds it. */
    public record Holder(long pid, String release) {
    }

    public static Path file(Path dataDir, String environment) {
        return dataDir.resolve("locks").resolve(environment + ".lock");
    }

    /**
     * How long a create waits for a held lock before it is refused: a release saves its final state and then
     * releases the lock, so a create that arrives between the two (a client that saw the release end) would be
     * refused for a release that has ended. A lock held for a running release is still refused, this much later.
     */
    private static final java.time.Duration WAIT_FOR_AN_ENDING_HOLDER = java.time.Duration.ofSeconds(1);

    /** @throws UserError naming the running release when another live process holds the lock */
    static EnvironmentLock acquire(Path dataDir, String environment, String release) {
        Path file = file(dataDir, environment);
        String content = ProcessHandle.current().pid() + " " + release + "\n";
        long deadline = System.nanoTime() + WAIT_FOR_AN_ENDING_HOLDER.toNanos();
        try {
            Files.createDirectories(file.getParent());
            while (true) {
                try {
                    Files.writeString(Files.createFile(file), content, StandardCharsets.UTF_8);
                    return new EnvironmentLock(file);
                } catch (FileAlreadyExistsException e) {
                    Optional<Holder> holder = holder(dataDir, environment);
                    if (holder.isEmpty()) {
                        Files.deleteIfExists(file); // stale: its process is gone
                    } else if (System.nanoTime() > deadline) {
                        // no pid: the message reaches API callers, who have no business knowing the server's process
                        throw new UserError("release " + holder.get().release() + " is running on " + environment
                                + "; one release per environment at a time",
                                "wait for it to end, or follow it with `slipway status --env " + environment + "`");
                    } else {
                        Thread.sleep(10);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + environment + " in " + dataDir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while waiting for the lock of " + environment, "try again");
        }
    }

    /** The live holder of the environment's lock, if any. */
    public static Optional<Holder> holder(Path dataDir, String environment) {
        Path file = file(dataDir, environment);
        try {
            String[] parts = Files.readString(file, StandardCharsets.UTF_8).trim().split("\\s+", 2);
            long pid = Long.parseLong(parts[0]);
            boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            return alive ? Optional.of(new Holder(pid, parts.length > 1 ? parts[1] : "?")) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            return Optional.empty(); // unreadable: treated as stale
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the lock " + file, e);
        }
    }
}
