package dev.slipway.run;

import dev.slipway.model.UserError;
import dev.slipway.model.SystemSpec;
import dev.slipway.release.time.Clock;
import dev.slipway.sandbox.SandboxCluster;
import dev.slipway.sandbox.SandboxOptions;
import dev.slipway.sandbox.SandboxState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The sandbox cluster of a data directory: restored from {@code sandbox.json} when there is one, otherwise empty,
 * on a clock that continues from the saved virtual time; saved back after every command that changed it.
 */
public final class Sandbox {

    /** Where a fresh sandbox's virtual time starts; a fixed instant keeps runs reproducible. */
    public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    static final long SEED = 42;

    private final Path dataDir;
    private final Optional<SandboxState> saved;

    private Sandbox(Path dataDir, Optional<SandboxState> saved) {
        this.dataDir = dataDir;
        this.saved = saved;
    }

    public static Sandbox load(Path dataDir) {
        try {
            return new Sandbox(dataDir, SandboxState.load(dataDir));
        } catch (SandboxState.Unreadable e) {
            throw new UserError(e.getMessage(), "`slipway sandbox reset --data-dir " + dataDir + "` starts afresh");
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

    public void save(SandboxCluster cluster) {
        cluster.state().save(dataDir);
    }
}
