package dev.slipway.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sandbox as kept in the data directory ({@code sandbox.json}) between CLI commands: the seed, the virtual
 * time, the injected faults, and per environment and service the route and each track's workload (version,
 * image, digest, replicas, surge settings, recorded ranges, generation). Pods are not kept: a restored workload
 * is settled at its spec. Maps are sorted so the file is stable.
 *
 * @param route null when no route was set (traffic follows ready pods)
 * @param digest null when the workload was applied without one
 * @param healthy null when the fault leaves the health path to the error rate
 */
public record SandboxState(int format, long seed, String time, List<FaultEntry> faults,
                           Map<String, Environment> environments) {

    public static final int FORMAT = 1;
    public static final String FILE = "sandbox.json";

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public SandboxState {
        faults = faults == null ? List.of() : List.copyOf(faults);
        environments = environments == null ? Map.of() : Map.copyOf(environments);
    }

    public record Environment(Map<String, Service> services) {
    }

    public record Service(Map<String, Integer> route, Map<String, Workload> tracks) {
    }

    public record Workload(String version, String image, String digest, int replicas, String maxSurge,
                           String maxUnavailable, Map<String, String> ranges, long generation, long podSerial) {
    }

    public record FaultEntry(String service, String version, double errorRate, double latencyFactor,
                             boolean crashLoop, boolean imagePull, Boolean healthy) {
        static FaultEntry of(Fault fault) {
            return new FaultEntry(fault.service(), fault.version(), fault.errorRate(), fault.latencyFactor(),
                    fault.crashLoop(), fault.imagePull(), fault.healthy().orElse(null));
        }

        Fault fault() {
            return new Fault(service, version, errorRate, latencyFactor, crashLoop, imagePull,
                    Optional.ofNullable(healthy));
        }
    }

    /** The virtual time the sandbox had reached; a restored sandbox's clock starts here. */
    public Instant instant() {
        return Instant.parse(time);
    }

    /** A sandbox state file that cannot be used; the way out is a reset. */
    public static final class Unreadable extends RuntimeException {
        Unreadable(Path file, String why, Throwable cause) {
            super(file + ": the sandbox state cannot be read: " + why
                    + " (hint: `slipway sandbox reset` starts an empty sandbox)", cause);
        }
    }

    public static Path file(Path dataDir) {
        return dataDir.resolve(FILE);
    }

    /** Writes the state atomically: a temporary file beside it, then a move, so a reader never sees half a file. */
    public void save(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            Path temporary = Files.createTempFile(dataDir, FILE, ".tmp");
            try {
                Files.writeString(temporary, JSON.writeValueAsString(this) + "\n", StandardCharsets.UTF_8);
                try {
                    Files.move(temporary, file(dataDir), StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, file(dataDir), StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the sandbox state in " + dataDir, e);
        }
    }

    /** The saved state, or empty when the data directory holds none (a fresh sandbox). */
    public static Optional<SandboxState> load(Path dataDir) {
        Path file = file(dataDir);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        SandboxState state;
        try {
            state = JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), SandboxState.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (JacksonException e) {
            throw new Unreadable(file, e.getOriginalMessage(), e);
        }
        if (state.format() != FORMAT) {
            throw new Unreadable(file, "format " + state.format() + ", this Slipway reads " + FORMAT, null);
        }
        try {
            state.instant();
        } catch (RuntimeException e) {
            throw new Unreadable(file, "time \"" + state.time() + "\" is not an instant", e);
        }
        return Optional.of(state);
    }

    /** Forgets the sandbox: the next command starts with an empty cluster. True if there was a state to forget. */
    public static boolean reset(Path dataDir) {
        try {
            return Files.deleteIfExists(file(dataDir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reset the sandbox in " + dataDir, e);
        }
    }
}
