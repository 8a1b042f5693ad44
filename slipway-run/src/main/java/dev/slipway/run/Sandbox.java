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
    private volatile boolean failing;

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

    /**
     * Saves the sandbox; a save that fails (a full disk, an unwritable file) is a warning on stderr, not an error.
     * Every environment on the sandbox shares this one state, and it is saved on every release's every journal
     * write: a failure that threw there would stop each release of each environment at its next step, and leave
     * them all {@code running}. The journal stays the record of what happened; the sandbox is saved again, whole,
     * at the next write, and until then a restarted process continues from the last state that was saved.
     */
    public void save(SandboxCluster cluster) {
        try {
            cluster.state().save(dataDir);
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) { // once per run of failures, not on every step
                System.err.println(LogLine.of("warning", "the sandbox state cannot be saved in " + dataDir
                        + " (" + e.getMessage() + "); releases go on, and a restarted process continues from the last "
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
