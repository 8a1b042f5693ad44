package dev.slipway.kubernetes;

import dev.slipway.model.VersionRange;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.LoadResult;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.load.SpecLoader;
import dev.slipway.release.Inventory;
import dev.slipway.release.Track;
import dev.slipway.release.cluster.Cluster;
import dev.slipway.release.analysis.Judge;
import dev.slipway.release.analysis.Verdict;
import dev.slipway.release.cluster.Metrics;
import dev.slipway.release.cluster.TrackSpec;
import dev.slipway.release.cluster.TrackStatus;
import dev.slipway.release.cluster.TrafficSample;
import dev.slipway.release.execute.InMemoryJournal;
import dev.slipway.release.execute.ProgressListener;
import dev.slipway.release.execute.ReleaseEngine;
import dev.slipway.release.execute.ReleaseResult;
import dev.slipway.release.execute.Transition;
import dev.slipway.release.plan.Plan;
import dev.slipway.release.plan.PlanRenderer;
import dev.slipway.release.plan.PlanResult;
import dev.slipway.release.plan.Planner;
import dev.slipway.release.plan.ReleaseRequest;
import dev.slipway.release.plan.RolloutEstimate;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs releases through the planner and the real {@link ReleaseEngine} on {@link KubernetesCluster} against the
 * mock API server, with a {@link TestController} playing the Deployment controller and a virtual clock. Between
 * two clock events it lets the controller write statuses and waits until the adapter has handed every status (and
 * every probe answer) to the clock, so virtual time never runs ahead of the cluster.
 */
final class ReleaseHarness implements AutoCloseable {

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final String ENVIRONMENT = "production";
    static final String NAMESPACE = "shop-production";

    /** The system the tests release: one environment, production, in namespace {@link #NAMESPACE}. */
    private static final String SYSTEM = """
            system:
              name: shop
              registry: ghcr.io/acme/shop
              repository: https://github.com/acme/shop.git
            ci:
              providers: [github]
              mainBranch: main
            environments:
              - name: production
                namespace: shop-production
                trigger: tag
            defaults:
              verify: {window: 0}
            services:
            """;

    /** 10 requests a second on every track, none failed: a canary passes every step on these. */
    static final Metrics CLEAN = clean();

    final KubernetesClient client;
    final KubernetesMockServer server;
    final LockedClock clock = new LockedClock(START);
    final TestController controller;
    final InMemoryJournal journal = new InMemoryJournal();
    private final Map<String, TrackStatus> delivered = new ConcurrentHashMap<>();
    private final AtomicInteger probing = new AtomicInteger();
    private final List<Watch> recorders = new CopyOnWriteArrayList<>();

    ReleaseHarness(KubernetesClient client, KubernetesMockServer server) {
        this.client = client;
        this.server = server;
        this.controller = new TestController(client, NAMESPACE, clock);
    }

    /**
     * The system with these services ({@code services:} entries, indented by two), without verification windows:
     * the tests that have one say so ({@link #verifiedSpec}).
     */
    static SystemSpec spec(String services) {
        return load(SYSTEM + services);
    }

    /** As {@link #spec}, every rolling and blue-green rollout verified for {@code window} after it completes. */
    static SystemSpec verifiedSpec(String services, String window) {
        return load(SYSTEM.replace("verify: {window: 0}", "verify: {window: " + window + "}") + services);
    }

    private static SystemSpec load(String yaml) {
        LoadResult loaded = SpecLoader.load(yaml, "slipway.yaml");
        assertThat(loaded.errors()).isEmpty();
        return loaded.orThrow();
    }

    /** What runs before the release, as an earlier release left it (statuses written, requests forgotten). */
    void install(KubernetesCluster kubernetes, String service, Track track, String version, int replicas,
                 Map<String, String> ranges) {
        kubernetes.apply(new TrackSpec(ENVIRONMENT, service, track, version,
                "ghcr.io/acme/shop/" + service + ":" + version, Optional.empty(), replicas, "25%", "0",
                VersionRange.parseAll(ranges)));
        controller.reconcile();
    }

    /** 10 requests a second on every track, none failed. */
    private static Metrics clean() {
        return (environment, service, track, from, to) -> {
            long requests = Math.max(1, Duration.between(from, to).toSeconds() * 10);
            return new TrafficSample(requests, 0, OptionalDouble.of(20), OptionalDouble.of(50), OptionalDouble.of(80));
        };
    }

    /**
     * Judges for tests of the adapter, where what matters is the objects the server sees: a canary passes below
     * {@code weight} percent and fails from it (at the first look at that weight).
     */
    static ReleaseEngine.Options failingFrom(int weight, ReleaseEngine.Options options) {
        // a rolling update's looks (step -1) are not a canary step: they pass
        Judge judge = analysis -> analysis.step() >= 0 && analysis.weight() >= weight
                ? Verdict.fail("error rate 20.0% at " + analysis.weight() + "%", List.of())
                : Verdict.pass("clean at " + analysis.weight() + "%", List.of());
        return options.withJudges(settings -> judge);
    }

    /** Plans {@code versions} against what runs and runs the release to its end. */
    ReleaseResult release(String id, SystemSpec spec, KubernetesCluster kubernetes, Map<String, String> versions,
                          Metrics metrics, ReleaseEngine.Options options) throws InterruptedException {
        Inventory before = kubernetes.inventory(ENVIRONMENT);
        PlanResult planned = Planner.plan(spec, before, new ReleaseRequest(ENVIRONMENT, versions),
                new Planner.Options(RolloutEstimate.DEFAULT, 0));
        assertThat(planned).withFailMessage(() -> PlanRenderer.text(planned)).isInstanceOf(Plan.class);
        ReleaseEngine engine = ReleaseEngine.start(id, (Plan) planned, recording(kubernetes), metrics, journal,
                clock, options, ProgressListener.NONE);
        for (int events = 0; engine.result().isEmpty(); events++) {
            settle();
            assertThat(events).as("events").isLessThan(10_000);
            if (engine.result().isEmpty()) {
                assertThat(clock.runNext()).as("the engine waits for nothing that can come").isTrue();
            }
        }
        kubernetes.close();
        return engine.result().orElseThrow();
    }

    /** The transitions of one service's rollout as "FROM -> TO at +SECONDS: REASON". */
    List<String> transitions(String release, String service) {
        return journal.read(release).stream().filter(t -> t.service().equals(service))
                .map(t -> t.from() + " -> " + t.to() + " at +" + Duration.between(START, t.at()).toSeconds()
                        + "s: " + t.reason())
                .toList();
    }

    /** When one service's rollout entered {@code state} (its first time), as an offset from the start. */
    Duration entered(String release, String service, String state) {
        return journal.read(release).stream().filter(t -> t.service().equals(service) && t.to().equals(state))
                .map(Transition::at).map(at -> Duration.between(START, at)).findFirst().orElseThrow();
    }

    /**
     * Lets the cluster catch up with the engine: runs what the adapter handed to the clock, lets the controller
     * write what is due, and returns once the adapter has delivered the server's latest status of every
     * Deployment, every probe has answered and nothing is left to run at this instant.
     */
    void settle() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            boolean ran = clock.runDue();
            int writes = controller.reconcile();
            if (!ran && writes == 0 && probing.get() == 0 && caughtUp()) {
                return;
            }
            assertThat(System.nanoTime()).as("the watch catches up").isLessThan(deadline);
            if (!ran) {
                Thread.sleep(2);
            }
        }
    }

    private boolean caughtUp() {
        List<Pod> pods = client.pods().inNamespace(NAMESPACE).list().getItems();
        for (Deployment d : client.apps().deployments().inNamespace(NAMESPACE).list().getItems()) {
            TrackStatus latest = Deployments.status(ENVIRONMENT, d, Deployments.restarts(d, pods));
            if (!latest.equals(delivered.get(latest.service() + "/" + latest.track()))) {
                return false;
            }
        }
        return true;
    }

    /** The requests the server received since the last call. */
    List<RecordedRequest> drainRequests() throws InterruptedException {
        List<RecordedRequest> requests = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.takeRequest(20, TimeUnit.MILLISECONDS)) != null) {
            requests.add(r);
        }
        return requests;
    }

    /**
     * The writes among {@code requests} as "METHOD PATH", leaving out the test controller's (Deployment status
     * writes, and the pods it plays the kubelet with).
     */
    static List<String> adapterWrites(List<RecordedRequest> requests) {
        return requests.stream().filter(r -> !r.getMethod().equals("GET"))
                .filter(r -> !r.getPath().endsWith("/status") && !r.getPath().contains("/pods"))
                .map(r -> r.getMethod() + " " + r.getPath()).toList();
    }

    /** The adapter's writes since the last drain. */
    List<String> adapterWrites() throws InterruptedException {
        return adapterWrites(drainRequests());
    }

    /**
     * From now on, every change the server stores to the watched objects, as "ACTION NAME DESCRIPTION": an object
     * added or deleted, or modified so that its description changed (status writes change no description of the
     * spec). The server's replay of existing objects when the watch starts is left out.
     */
    <T extends HasMetadata> List<String> record(FilterWatchListDeletable<T, ? extends KubernetesResourceList<T>, ?> objects,
                                                Function<T, String> describe) {
        Map<String, String> descriptions = new HashMap<>();
        Map<String, String> existing = new HashMap<>();
        for (T o : objects.list().getItems()) {
            descriptions.put(o.getMetadata().getName(), describe.apply(o));
            existing.put(o.getMetadata().getName(), o.getMetadata().getResourceVersion());
        }
        List<String> lines = new CopyOnWriteArrayList<>();
        recorders.add(objects.watch(new Watcher<T>() {
            @Override
            public synchronized void eventReceived(Action action, T o) {
                String name = o.getMetadata().getName();
                if (action == Action.ADDED && o.getMetadata().getResourceVersion().equals(existing.remove(name))) {
                    return;
                }
                String description = describe.apply(o);
                String previous = action == Action.DELETED ? descriptions.remove(name)
                        : descriptions.put(name, description);
                if (action == Action.MODIFIED && description.equals(previous)) {
                    return;
                }
                lines.add(action + " " + name + " " + description);
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        }));
        return lines;
    }

    /** Stops the recorders' watches (the mock server does not shut down while a watch is open). */
    @Override
    public void close() {
        recorders.forEach(Watch::close);
        recorders.clear();
    }

    /** Waits until {@code lines} has {@code count} entries and a moment longer, so that none is missed. */
    static List<String> awaitLines(List<String> lines, int count) throws InterruptedException {
        return await(lines, () -> lines.size() >= count);
    }

    /** The recorded lines once {@code last} is among them (or after 10 s, for the assertion to show what came). */
    static List<String> awaitLine(List<String> lines, String last) throws InterruptedException {
        return await(lines, () -> lines.contains(last));
    }

    private static List<String> await(List<String> lines, java.util.function.BooleanSupplier done)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(200);
        return List.copyOf(lines);
    }

    /** The adapter, with every status it delivers and every probe still unanswered noted. */
    private Cluster recording(KubernetesCluster kubernetes) {
        return new Cluster() {
            @Override
            public Inventory inventory(String environment) {
                return kubernetes.inventory(environment);
            }

            @Override
            public void apply(TrackSpec desired) {
                kubernetes.apply(desired);
            }

            @Override
            public void route(String environment, String service, Map<Track, Integer> weights) {
                kubernetes.route(environment, service, weights);
            }

            @Override
            public void remove(String environment, String service, Track track) {
                kubernetes.remove(environment, service, track);
            }

            @Override
            public void watch(String environment, Consumer<TrackStatus> listener) {
                kubernetes.watch(environment, status -> {
                    delivered.put(status.service() + "/" + status.track(), status);
                    listener.accept(status);
                });
            }

            @Override
            public void probe(String environment, String service, Track track, String path, Consumer<Boolean> healthy) {
                probing.incrementAndGet();
                kubernetes.probe(environment, service, track, path, answer -> {
                    probing.decrementAndGet();
                    healthy.accept(answer);
                });
            }

            @Override
            public void smoke(String environment, String service, Track track, dev.slipway.model.SmokeTest test,
                              Consumer<dev.slipway.release.cluster.SmokeAnswer> answer) {
                probing.incrementAndGet();
                kubernetes.smoke(environment, service, track, test, result -> {
                    probing.decrementAndGet();
                    answer.accept(result);
                });
            }
        };
    }
}
