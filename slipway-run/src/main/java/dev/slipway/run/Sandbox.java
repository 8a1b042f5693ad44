package dev.slipway.run;

import dev.slipway.model.SystemSpec;
import dev.slipway.model.UserError;
import dev.slipway.release.time.Clock;
import dev.slipway.sandbox.SandboxCluster;
import dev.slipway.sandbox.SandboxOptions;
import dev.slipway.sandbox.SandboxState;
import dev.slipway.store.EnvironmentLeases;
import dev.slipway.store.SandboxStates;
import dev.slipway.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sandbox cluster, kept in the store so that every process on the database sees one sandbox: restored from it
 * when it holds one, otherwise empty, on a clock that continues from the saved virtual time. What runs in an
 * environment is saved under the environment's lease (fenced like the journal, so a holder that lost its lease
 * cannot overwrite the new holder's sandbox), the shared part (time, faults) by anyone.
 * <p>
 * A data directory from before the store kept the sandbox has it in {@code sandbox.json}: it is imported once,
 * and the file renamed {@code sandbox.json.imported}.
 */
public final class Sandbox {

    /** Where a fresh sandbox's virtual time starts; a fixed instant keeps runs reproducible. */
    public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    static final long SEED = 42;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<SandboxState.FaultEntry>> FAULTS = new TypeReference<>() {
    };

    private final SandboxStates store;
    private final Optional<SandboxState> saved;
    /** Environment → the document this process last read or wrote for it: what it knows runs there. */
    private final Map<String, String> known = new ConcurrentHashMap<>();
    private volatile String knownFaults;
    private volatile boolean failing;

    private Sandbox(SandboxStates store, Optional<SandboxState> saved) {
        this.store = store;
        this.saved = saved;
        saved.ifPresent(s -> {
            s.environments().forEach((env, services) -> known.put(env, JSON.writeValueAsString(services)));
            knownFaults = JSON.writeValueAsString(s.faults());
        });
    }

    public static Sandbox load(Store store, Path dataDir) {
        SandboxStates states = store.sandbox();
        Optional<SandboxStates.Saved> saved = states.read();
        if (saved.isEmpty()) {
            importFile(states, dataDir);
            saved = states.read();
        }
        return new Sandbox(states, saved.map(Sandbox::state));
    }

    /** Forgets the sandbox (the store's, and a file not imported yet). True if there was one to forget. */
    public static boolean reset(Store store, Path dataDir) {
        return store.sandbox().reset() | SandboxState.reset(dataDir);
    }

    private static SandboxState state(SandboxStates.Saved saved) {
        Map<String, SandboxState.Environment> environments = new TreeMap<>();
        saved.environments().forEach((env, services) ->
                environments.put(env, JSON.readValue(services, SandboxState.Environment.class)));
        return new SandboxState(SandboxState.FORMAT, saved.seed(), saved.time().toString(),
                JSON.readValue(saved.faults(), FAULTS), environments);
    }

    private static void importFile(SandboxStates states, Path dataDir) {
        Optional<SandboxState> file;
        try {
            file = SandboxState.load(dataDir);
        } catch (SandboxState.Unreadable e) {
            throw new UserError(e.getMessage(), "`slipway sandbox reset --data-dir " + dataDir + "` starts afresh");
        }
        if (file.isEmpty()) {
            return;
        }
        SandboxState state = file.get();
        state.environments().forEach((env, services) ->
                states.saveEnvironment(env, JSON.writeValueAsString(services), null));
        states.saveShared(state.seed(), state.instant(), Optional.of(JSON.writeValueAsString(state.faults())));
        Path from = SandboxState.file(dataDir);
        try {
            Files.move(from, from.resolveSibling(SandboxState.FILE + ".imported"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("the sandbox of " + from + " is in the store now, but the file could not "
                    + "be renamed", e);
        }
    }

    /** The virtual time the sandbox had reached: a clock for it must start here. */
    public Instant time() {
        return saved.map(SandboxState::instant).orElse(EPOCH);
    }

    public SandboxCluster cluster(SystemSpec spec, Clock clock) {
        SandboxOptions options = SandboxOptions.defaults(SEED);
        return saved.map(s -> SandboxCluster.restore(s, clock, SandboxCluster.dependencies(spec), options))
                .orElseGet(() -> SandboxCluster.of(spec, clock, options));
    }

    /**
     * Brings one environment up to what the store says runs there, when another process released there since this
     * one last read or wrote it. Call it holding the environment's lease, on the clock's thread.
     */
    void refresh(SandboxCluster cluster, String environment) {
        Optional<String> stored = store.environment(environment);
        if (stored.isPresent() && !stored.get().equals(known.get(environment))) {
            try {
                cluster.restoreEnvironment(environment,
                        JSON.readValue(stored.get(), SandboxState.Environment.class));
            } catch (JacksonException e) {
                throw new UserError("the sandbox's state of " + environment + " in the store cannot be read: "
                        + e.getOriginalMessage(), "`slipway sandbox reset` starts an empty sandbox");
            }
            known.put(environment, stored.get());
        }
    }

    /** Saves the shared part (virtual time; faults when this process changed them). */
    public void save(SandboxCluster cluster) {
        save(cluster, null);
    }

    /**
     * Saves the sandbox: the shared part, and with {@code lease} what runs in its environment, fenced by it. A save
     * that fails (the database gone, the lease lost) is a warning on stderr, not an error: every environment on the
     * sandbox shares it, and it is saved on every release's every journal write, so a failure that threw there
     * would stop each release of each environment at its next step. The journal stays the record of what happened;
     * the sandbox is saved again, whole, at the next write.
     */
    public void save(SandboxCluster cluster, EnvironmentLeases.Lease lease) {
        try {
            SandboxState state = cluster.state();
            String faults = JSON.writeValueAsString(state.faults());
            if (lease != null) {
                SandboxState.Environment environment = state.environments().get(lease.environment());
                String services = JSON.writeValueAsString(environment == null
                        ? new SandboxState.Environment(Map.of()) : environment);
                if (!services.equals(known.get(lease.environment()))) {
                    store.saveEnvironment(lease.environment(), services, lease);
                    known.put(lease.environment(), services);
                }
            }
            boolean faultsChanged = !faults.equals(knownFaults);
            store.saveShared(state.seed(), state.instant(), faultsChanged ? Optional.of(faults) : Optional.empty());
            knownFaults = faults;
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) { // once per run of failures, not on every step
                System.err.println(LogLine.of("warning", "the sandbox state cannot be saved in the store ("
                        + e.getMessage() + "); releases go on, and a restarted process continues from the last "
                        + "state that was saved"));
            }
            failing = true;
        }
    }

    /** True while the last save failed. */
    public boolean failing() {
        return failing;
    }
}
