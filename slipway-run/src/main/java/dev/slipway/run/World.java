package dev.slipway.run;

import dev.slipway.model.UserError;
import dev.slipway.kubernetes.KubernetesCluster;
import dev.slipway.kubernetes.KubernetesOptions;
import dev.slipway.model.SystemSpec;
import dev.slipway.prometheus.PrometheusMetrics;
import dev.slipway.release.Inventory;
import dev.slipway.release.cluster.Cluster;
import dev.slipway.release.cluster.Metrics;
import dev.slipway.release.time.Clock;
import dev.slipway.release.time.VirtualClock;
import dev.slipway.sandbox.Faults;
import dev.slipway.sandbox.SandboxCluster;
import dev.slipway.sandbox.ScaledClock;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The cluster a release runs on and its clock. The sandbox of a data directory runs in virtual time (as fast as
 * the engine goes) or real time scaled {@code speed} times; the cluster of an environment that names a kube
 * context runs in real time, with the metrics of {@link MetricsSource}. The engine and the cluster adapter only ever run on the
 * clock's thread (the Kubernetes adapter's watch threads hand their events to it).
 */
public final class World implements AutoCloseable {

    /** Guards against a model that would schedule forever; far above a 1,000-service release. */
    private static final long EVENT_LIMIT = 200_000_000;
    /** How long a waiting thread sleeps at most before it looks at what no listener hears (a failed clock). */
    private static final Duration LOOK_AGAIN = Duration.ofMillis(500);

    private final VirtualClock virtual;
    private final ScaledClock scaled;
    private final Sandbox sandbox;
    private final SandboxCluster sandboxCluster;
    private final String kubeContext;
    private final KubernetesClient client;
    private final KubernetesCluster kubernetes;
    public final Cluster cluster;
    public final Metrics metrics;

    private World(Sandbox sandbox, VirtualClock virtual, ScaledClock scaled, SystemSpec spec) {
        this.sandbox = sandbox;
        this.virtual = virtual;
        this.scaled = scaled;
        this.sandboxCluster = sandbox.cluster(spec, clock());
        this.cluster = sandboxCluster;
        this.metrics = sandboxCluster;
        this.kubeContext = null;
        this.client = null;
        this.kubernetes = null;
    }

    private World(String kubeContext, KubernetesClient client, KubernetesOptions options, Metrics metrics) {
        this.sandbox = null;
        this.sandboxCluster = null;
        this.virtual = null;
        this.scaled = new ScaledClock(Instant.now(), 1);
        this.kubeContext = kubeContext;
        this.client = client;
        this.kubernetes = new KubernetesCluster(client, scaled, options);
        this.cluster = kubernetes;
        this.metrics = metrics;
    }

    /** The sandbox of the data directory. @param speed 0 for virtual time, otherwise how many times real time */
    public static World open(Path dataDir, SystemSpec spec, double speed) {
        Sandbox sandbox = Sandbox.load(dataDir);
        return speed > 0 ? new World(sandbox, null, new ScaledClock(sandbox.time(), speed), spec)
                : new World(sandbox, new VirtualClock(sandbox.time()), null, spec);
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
            return open(dataDir, spec, speed);
        }
        if (speed > 0) {
            throw new UserError("--speed is for the sandbox: environment " + environment + " runs on the kube "
                    + "context " + context.get() + ", in real time", "drop --speed");
        }
        Metrics source = metrics.get();
        KubernetesClient client = KubeContext.connect(context.get(), access.kubeconfig());
        return new World(context.get(), client, KubernetesOptions.of(spec, access.routing(spec, environment)), source);
    }

    /** What runs in the environment, read once (plan, status, rollback's check) without starting a release. */
    public static Inventory inventory(Path dataDir, SystemSpec spec, String environment, ClusterAccess access) {
        if (access.contextOf(spec, environment).isEmpty()) {
            Sandbox sandbox = Sandbox.load(dataDir);
            return sandbox.cluster(spec, new VirtualClock(sandbox.time())).inventory(environment);
        }
        try (World world = open(dataDir, spec, environment, 0, access, NoMetrics::new)) {
            return world.inventory(environment);
        }
    }

    public boolean kubernetes() {
        return kubernetes != null;
    }

    /** The kube context the release runs on; empty on the sandbox. */
    public Optional<String> kubeContext() {
        return Optional.ofNullable(kubeContext);
    }

    public Inventory inventory(String environment) {
        try {
            return cluster.inventory(environment);
        } catch (KubernetesClientException e) {
            throw KubeContext.unreachable(kubeContext, e);
        }
    }

    public void inject(Faults faults) {
        if (sandboxCluster == null) {
            throw new UserError("--sandbox-faults is for the sandbox, and this environment runs on the kube context "
                    + kubeContext, "drop --sandbox-faults");
        }
        sandboxCluster.inject(faults);
    }

    public Clock clock() {
        return virtual != null ? virtual : scaled;
    }

    /** Runs {@code work} on the clock's thread and returns its value. */
    public <T> T onClock(Supplier<T> work) {
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
                throw translate(r);
            }
            throw e;
        }
    }

    /** Lets the release run until it has ended or waits for a person (a manual gate, the pause policy). */
    public void await(Tracker tracker) {
        if (virtual != null) {
            virtual.runUntilIdle(EVENT_LIMIT);
            return;
        }
        long seen = tracker.changes(); // read before the state: a change in between wakes the wait at once
        while (!tracker.finished() && !tracker.waiting()) {
            rethrowClockFailure();
            seen = awaitChange(tracker, seen);
        }
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
        if (virtual != null) {
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

    private void rethrowClockFailure() {
        Throwable failure = scaled.failure();
        if (failure instanceof RuntimeException r) {
            throw translate(r);
        } else if (failure instanceof Error e) {
            throw e;
        }
    }

    private RuntimeException translate(RuntimeException e) {
        return e instanceof KubernetesClientException k && kubeContext != null
                ? KubeContext.unreachable(kubeContext, k) : e;
    }

    /** Keeps the sandbox for the next command; a real cluster keeps itself. */
    public void save() {
        if (sandbox != null) {
            sandbox.save(sandboxCluster);
        }
    }

    @Override
    public void close() {
        if (kubernetes != null) {
            kubernetes.close(); // the watches first: they hand events to the clock
        }
        if (scaled != null) {
            scaled.close();
        }
        if (client != null) {
            client.close();
        }
        if (metrics instanceof PrometheusMetrics prometheus) {
            prometheus.close();
        }
    }
}
