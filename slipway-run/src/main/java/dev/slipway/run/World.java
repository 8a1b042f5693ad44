package dev.slipway.run;

import dev.slipway.model.UserError;
import dev.slipway.kubernetes.KubernetesOptions;
import dev.slipway.model.SystemSpec;
import dev.slipway.release.Inventory;
import dev.slipway.release.cluster.Cluster;
import dev.slipway.release.cluster.Metrics;
import dev.slipway.release.time.Clock;
import dev.slipway.sandbox.Faults;
import dev.slipway.sandbox.ScaledClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The cluster a release runs on and its clock: the sandbox of a data directory ({@link SandboxWorld}, in virtual
 * time or real time scaled {@code speed} times) or the cluster of an environment that names a kube context
 * ({@link KubeWorld}, in real time, with the metrics of {@link MetricsSource}). The engine and the cluster adapter
 * only ever run on the clock's thread (the Kubernetes adapter's watch threads hand their events to it).
 */
public abstract sealed class World implements AutoCloseable permits SandboxWorld, KubeWorld {

    /** How long a waiting thread sleeps at most before it looks at what no listener hears (a failed clock). */
    private static final Duration LOOK_AGAIN = Duration.ofMillis(500);

    public final Cluster cluster;
    public final Metrics metrics;

    World(Cluster cluster, Metrics metrics) {
        this.cluster = cluster;
        this.metrics = metrics;
    }

    /** The sandbox of the data directory. @param speed 0 for virtual time, otherwise how many times real time */
    public static World open(Path dataDir, SystemSpec spec, double speed) {
        return SandboxWorld.load(dataDir, spec, speed);
    }

    /**
     * The cluster of the environment: its kube context's, or else the sandbox of the data directory.
     *
     * @param metrics the metrics of a kube context's cluster, asked for only when there is one
     */
    public static World open(Path dataDir, SystemSpec spec, String environment, double speed, ClusterAccess access,
                             Supplier<Metrics> metrics) {
        Optional<String> context = access.contextOf(spec, environment);
        if (context.isEmpty()) {
            return SandboxWorld.load(dataDir, spec, speed);
        }
        if (speed > 0) {
            throw new UserError("--speed is for the sandbox: environment " + environment + " runs on the kube "
                    + "context " + context.get() + ", in real time", "drop --speed");
        }
        return KubeWorld.open(context.get(), access.kubeconfig(), KubernetesOptions.of(spec,
                access.routing(spec, environment)), metrics.get());
    }

    /** What runs in the environment, read once (plan, status, rollback's check) without starting a release. */
    public static Inventory inventory(Path dataDir, SystemSpec spec, String environment, ClusterAccess access) {
        if (access.contextOf(spec, environment).isEmpty()) {
            return SandboxWorld.inventory(dataDir, spec, environment);
        }
        try (World world = open(dataDir, spec, environment, 0, access, NoMetrics::new)) {
            return world.inventory(environment);
        }
    }

    /** True on a real cluster (whose canaries are judged from Prometheus). */
    public boolean kubernetes() {
        return this instanceof KubeWorld;
    }

    /** The kube context the release runs on; empty on the sandbox. */
    public Optional<String> kubeContext() {
        return Optional.empty();
    }

    public Inventory inventory(String environment) {
        return cluster.inventory(environment);
    }

    public abstract Clock clock();

    /** The real-time clock, or empty in virtual time. */
    abstract Optional<ScaledClock> scaled();

    /** How many times faster than the wall clock this world's time runs: the sandbox's --speed, else 1. */
    public double timeScale() {
        return scaled().map(ScaledClock::speed).orElse(1.0);
    }

    /** Runs {@code work} on the clock's thread and returns its value. */
    public <T> T onClock(Supplier<T> work) {
        Optional<ScaledClock> scaled = scaled();
        if (scaled.isEmpty()) {
            return work.get();
        }
        CompletableFuture<T> future = new CompletableFuture<>();
        scaled.get().after(Duration.ZERO, () -> {
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
                throw translate(r);
            }
            throw e;
        }
    }

    /** Lets the release run until it has ended or waits for a person (a manual gate, the pause policy). */
    public void await(Tracker tracker) {
        ScaledClock scaled = scaled().orElse(null);
        if (scaled == null) {
            runUntilIdle();
            return;
        }
        long seen = tracker.changes(); // read before the state: a change in between wakes the wait at once
        while (!tracker.finished() && !tracker.waiting()) {
            Throwable failure = scaled.failure();
            if (failure instanceof RuntimeException r) {
                throw translate(r);
            } else if (failure instanceof Error e) {
                throw e;
            }
            seen = awaitChange(tracker, seen);
        }
    }

    /** Virtual time: runs every event there is. */
    void runUntilIdle() {
        throw new IllegalStateException("a real-time world has no virtual clock to run");
    }

    /**
     * Lets the release run until it has ended, however long it waits for a person on the way (the server: a gate is
     * opened by a later API call); {@code waitingChanged} hears when it starts and stops waiting. Real time only.
     * Unlike {@link #await}, it does not look at the clock's failure: the server's sandbox clock is shared by the
     * releases of every environment, and one release's failure is not another's.
     *
     * @param stopped true once this release's engine has stopped for good (its journal refused a step)
     */
    public void awaitEnd(Tracker tracker, Consumer<Boolean> waitingChanged, BooleanSupplier stopped) {
        if (scaled().isEmpty()) {
            throw new IllegalStateException("a release that waits for a person needs a real-time clock");
        }
        boolean waiting = false;
        long seen = tracker.changes(); // read before the state: a change in between wakes the wait at once
        while (!tracker.finished()) {
            if (stopped.getAsBoolean()) {
                throw new IllegalStateException("the release's engine stopped: its journal refused a step");
            }
            if (waiting != tracker.waiting()) {
                waiting = !waiting;
                waitingChanged.accept(waiting);
            }
            seen = awaitChange(tracker, seen);
        }
    }

    /**
     * Sleeps until the engine tells the tracker something new; at most {@link #LOOK_AGAIN}, to notice what no
     * listener hears (the clock failing, the engine stopping).
     */
    private static long awaitChange(Tracker tracker, long seen) {
        try {
            return tracker.awaitChange(seen, LOOK_AGAIN);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted", "the release can be continued with `slipway resume`");
        }
    }

    /** An error of the cluster in the user's terms; the sandbox's pass as they are. */
    RuntimeException translate(RuntimeException e) {
        return e;
    }

    /** Injects sandbox faults. @throws UserError on a real cluster */
    public void inject(Faults faults) {
        throw new UserError("--sandbox-faults is for the sandbox, and this environment runs on the kube context "
                + kubeContext().orElse("?"), "drop --sandbox-faults");
    }

    /** Keeps the sandbox for the next command; a real cluster keeps itself. */
    public void save() {
    }

    @Override
    public abstract void close();
}
