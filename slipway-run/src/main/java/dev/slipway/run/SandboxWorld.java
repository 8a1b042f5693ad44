package dev.slipway.run;

import dev.slipway.model.SystemSpec;
import dev.slipway.release.Inventory;
import dev.slipway.release.time.Clock;
import dev.slipway.release.time.VirtualClock;
import dev.slipway.sandbox.Faults;
import dev.slipway.sandbox.SandboxCluster;
import dev.slipway.sandbox.ScaledClock;
import dev.slipway.store.EnvironmentLeases;
import dev.slipway.store.Store;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Slipway's simulated cluster, kept in the data directory: in virtual time (as fast as the engine goes) or in
 * real time scaled {@code speed} times.
 */
public final class SandboxWorld extends World {

    /** Guards against a model that would schedule forever; far above a 1,000-service release. */
    private static final long EVENT_LIMIT = 200_000_000;

    private final Sandbox sandbox;
    private final SandboxCluster sandboxCluster;
    private final Clock clock;

    private SandboxWorld(Sandbox sandbox, SandboxCluster cluster, Clock clock) {
        super(cluster, cluster);
        this.sandbox = sandbox;
        this.sandboxCluster = cluster;
        this.clock = clock;
    }

    /** @param speed 0 for virtual time, otherwise how many times real time */
    static SandboxWorld load(Store store, Path dataDir, SystemSpec spec, double speed) {
        Sandbox sandbox = Sandbox.load(store, dataDir);
        Clock clock = speed > 0 ? new ScaledClock(sandbox.time(), speed) : new VirtualClock(sandbox.time());
        return new SandboxWorld(sandbox, sandbox.cluster(spec, clock), clock);
    }

    /** What runs in the sandbox's environment, read without a clock that moves. */
    static Inventory inventory(Store store, Path dataDir, SystemSpec spec, String environment) {
        Sandbox sandbox = Sandbox.load(store, dataDir);
        return sandbox.cluster(spec, new VirtualClock(sandbox.time())).inventory(environment);
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    Optional<ScaledClock> scaled() {
        return clock instanceof ScaledClock scaled ? Optional.of(scaled) : Optional.empty();
    }

    @Override
    void runUntilIdle() {
        ((VirtualClock) clock).runUntilIdle(EVENT_LIMIT);
    }

    @Override
    public void inject(Faults faults) {
        sandboxCluster.inject(faults);
    }

    @Override
    public void save() {
        sandbox.save(sandboxCluster);
    }

    @Override
    void save(EnvironmentLeases.Lease lease) {
        sandbox.save(sandboxCluster, lease);
    }

    @Override
    void refresh(String environment) {
        sandbox.refresh(sandboxCluster, environment);
    }

    @Override
    public void close() {
        if (clock instanceof ScaledClock scaled) {
            scaled.close();
        }
    }
}
