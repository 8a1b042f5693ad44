package dev.slipway.kubernetes;

import dev.slipway.model.TrafficRouting;
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
import dev.slipway.model.OnFailure;
import dev.slipway.release.execute.ProgressListener;
import dev.slipway.release.execute.ReleaseEngine;
import dev.slipway.release.execute.ReleaseResult;
import dev.slipway.release.plan.Plan;
import dev.slipway.release.plan.PlanRenderer;
import dev.slipway.release.plan.PlanResult;
import dev.slipway.release.plan.Planner;
import dev.slipway.release.plan.ReleaseRequest;
import dev.slipway.release.plan.RolloutEstimate;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One release of three services — db (rolling) ← api (canary 10/50/100) ← web (rolling) — through the planner
 * and the release engine on {@link KubernetesCluster} with Istio routing, against the mock API server. The test
 * plays the Deployment controller and drives a virtual clock: between two clock events it lets the controller
 * write statuses and waits until the adapter's watch has handed every status to the clock, so virtual time never
 * runs ahead of the cluster. api's canary fails its judgement at 50 %; with onFailure rollback-all the canary is
 * withdrawn, db goes back to its previous version and web never starts. Asserted: every write the adapter sent,
 * in order, the weights of every VirtualService write, and the objects left on the server.
 */
@EnableKubernetesMockClient(crud = true)
class ReleaseOnKubernetesTest {

    static final String NS = "shop-production";
    static final String SPEC = """
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
            services:
              db:
                path: db
                language: go
                port: 5432
                replicas: 1
              api:
                path: api
                language: go
                port: 8080
                replicas: 2
                dependsOn:
                  db: ">=1.0 <2"
                strategy:
                  type: canary
                  steps: [10, 50, 100]
                  stepInterval: 1m
              web:
                path: web
                language: node
                port: 3000
                replicas: 1
                dependsOn:
                  api: "^2.1"
            """;

    KubernetesClient client;
    KubernetesMockServer server;

    final LockedClock clock = new LockedClock(Instant.parse("2026-01-01T00:00:00Z"));
    final Map<String, TrackStatus> delivered = new ConcurrentHashMap<>();
    final List<String> routeWrites = new CopyOnWriteArrayList<>();
    final List<String> specWrites = new CopyOnWriteArrayList<>();

    @Test
    void aFailedCanaryIsWithdrawnAndTheReleaseRolledBackOnTheServer() throws Exception {
        LoadResult loaded = SpecLoader.load(SPEC, "slipway.yaml");
        assertThat(loaded.errors()).isEmpty();
        SystemSpec spec = loaded.orThrow();
        KubernetesCluster kubernetes = new KubernetesCluster(client, clock,
                KubernetesOptions.of(spec, TrafficRouting.ISTIO));
        TestController controller = new TestController(client, NS);

        install(kubernetes, "db", "1.0.0", 1, Map.of());
        install(kubernetes, "api", "2.0.0", 2, Map.of("db", ">=1.0 <2"));
        install(kubernetes, "web", "3.0.0", 1, Map.of("api", "^2.0"));
        controller.reconcile();
        drainRequests();
        // the VirtualService as the server stored it at every write (the mock records no body for generic
        // resources: its CRUD dispatcher consumes it), in order
        client.genericKubernetesResources(TrafficRoutes.VIRTUAL_SERVICE).inNamespace(NS).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, GenericKubernetesResource vs) {
                routeWrites.add(action + " " + vs.getMetadata().getResourceVersion() + " "
                        + JsonMapper.builder().build().writeValueAsString(vs.getAdditionalProperties().get("spec")));
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });

        // every change of a Deployment's spec as the server stored it (status writes of the controller left out)
        Map<String, Long> generations = new ConcurrentHashMap<>();
        for (Deployment d : client.apps().deployments().inNamespace(NS).list().getItems()) {
            generations.put(d.getMetadata().getName(), d.getMetadata().getGeneration());
        }
        client.apps().deployments().inNamespace(NS).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Deployment d) {
                Long previous = generations.put(d.getMetadata().getName(), d.getMetadata().getGeneration());
                if (action == Action.MODIFIED && d.getMetadata().getGeneration().equals(previous)) {
                    return;
                }
                if (action == Action.ADDED && previous != null) {
                    return; // the mock replays existing objects when a watch starts
                }
                specWrites.add(action + " " + d.getMetadata().getName() + " generation " + d.getMetadata().getGeneration()
                        + " " + d.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage() + " x"
                        + d.getSpec().getReplicas() + " version " + Deployments.version(d));
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });

        Inventory before = kubernetes.inventory("production");
        assertThat(before.services().keySet()).containsExactly("api", "db", "web");
        PlanResult planned = Planner.plan(spec, before, new ReleaseRequest("production",
                Map.of("db", "1.1.0", "api", "2.1.0", "web", "3.1.0")), new Planner.Options(RolloutEstimate.DEFAULT, 0));
        assertThat(planned).withFailMessage(() -> PlanRenderer.text(planned)).isInstanceOf(Plan.class);

        ReleaseEngine engine = ReleaseEngine.start("r1", (Plan) planned, spec, recording(kubernetes),
                new CanaryMetrics(), new InMemoryJournal(), clock,
                ReleaseEngine.Options.DEFAULT.withOnFailure(OnFailure.ROLLBACK_ALL).withJudges(settings -> FAILS_AT_HALF),
                ProgressListener.NONE);
        for (int events = 0; engine.result().isEmpty(); events++) {
            settle(controller);
            assertThat(events).as("events").isLessThan(10_000);
            if (engine.result().isEmpty()) {
                assertThat(clock.runNext()).as("the engine waits for nothing that can come").isTrue();
            }
        }
        kubernetes.close();

        ReleaseResult result = engine.result().orElseThrow();
        assertThat(result.outcome()).isEqualTo(ReleaseResult.Outcome.ROLLED_BACK);
        assertThat(result.services()).extracting(s -> s.name() + " " + s.outcome())
                .containsExactlyInAnyOrder("db rolled-back", "api rolled-back", "web cancelled");

        List<RecordedRequest> requests = drainRequests();
        List<String> writes = requests.stream().filter(r -> !r.getMethod().equals("GET"))
                .filter(r -> !r.getPath().endsWith("/status")).map(r -> r.getMethod() + " " + r.getPath()).toList();
        String deployments = "/apis/apps/v1/namespaces/" + NS + "/deployments";
        String istio = "/apis/networking.istio.io/v1/namespaces/" + NS;
        assertThat(writes).containsExactly(
                "PUT " + deployments + "/db",                    // db 1.1.0, rolling
                "POST " + deployments,                           // api-canary 2.1.0
                "POST " + istio + "/destinationrules",           // subsets stable, canary
                "POST " + istio + "/virtualservices",            // step 1: 90/10
                "PUT " + istio + "/virtualservices/api",         // step 2: 50/50, judged failed
                "PUT " + istio + "/virtualservices/api",         // rolled back: 100/0
                "DELETE " + deployments + "/api-canary",
                "PUT " + deployments + "/db");                   // rollback-all: db back to 1.0.0

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((routeWrites.size() < 3 || specWrites.size() < 4) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(200);
        List<String> weights = routeWrites.stream().map(ReleaseOnKubernetesTest::weights).toList();
        assertThat(weights).containsExactly("ADDED stable=90 canary=10", "MODIFIED stable=50 canary=50",
                "MODIFIED stable=100 canary=0");
        assertThat(specWrites).containsExactly(
                "MODIFIED db generation 2 ghcr.io/acme/shop/db:1.1.0 x1 version 1.1.0",
                "ADDED api-canary generation 1 ghcr.io/acme/shop/api:2.1.0 x2 version 2.1.0",
                "DELETED api-canary generation 1 ghcr.io/acme/shop/api:2.1.0 x2 version 2.1.0",
                "MODIFIED db generation 3 ghcr.io/acme/shop/db:1.0.0 x1 version 1.0.0");

        // what is left: every service on its previous version, one stable track each, all traffic on it
        assertThat(client.apps().deployments().inNamespace(NS).list().getItems())
                .extracting(d -> d.getMetadata().getName() + " " + Deployments.version(d) + " "
                        + d.getMetadata().getLabels().get("slipway.dev/track"))
                .containsExactlyInAnyOrder("db 1.0.0 stable", "api 2.0.0 stable", "web 3.0.0 stable");
        Inventory after = kubernetes.inventory("production");
        assertThat(after.services().values()).allSatisfy(d -> {
            assertThat(d.trafficSplit()).isFalse();
            assertThat(d.healthy()).isTrue();
        });
        assertThat(after.deployed("api").orElseThrow().tracks()).extracting(t -> t.track() + " " + t.weight())
                .containsExactly("STABLE 100");
        assertThat(after.deployed("db").orElseThrow().version()).isEqualTo("1.0.0");
    }

    /** "ADDED rv {spec}" as "stable=90 canary=10". */
    private static String weights(String event) {
        JsonNode spec = JsonMapper.builder().build().readTree(event.substring(event.indexOf('{')));
        StringBuilder w = new StringBuilder();
        for (JsonNode d : spec.at("/http/0/route")) {
            w.append(w.isEmpty() ? "" : " ").append(d.at("/destination/subset").asString()).append('=')
                    .append(d.get("weight").asInt());
        }
        return event.substring(0, event.indexOf(' ')) + " " + w;
    }

    private void install(KubernetesCluster kubernetes, String service, String version, int replicas,
                         Map<String, String> ranges) {
        kubernetes.apply(new TrackSpec("production", service, Track.STABLE, version,
                "ghcr.io/acme/shop/" + service + ":" + version, Optional.empty(), replicas, "25%", "0", ranges));
    }

    /**
     * Lets the cluster catch up with the engine: runs the statuses the watch handed to the clock, lets the
     * controller write what is due, and returns once the adapter has delivered the server's latest status of
     * every Deployment and nothing is left to run at this instant.
     */
    private void settle(TestController controller) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            boolean ran = clock.runDue();
            int writes = controller.reconcile();
            if (!ran && writes == 0 && caughtUp()) {
                return;
            }
            assertThat(System.nanoTime()).as("the watch catches up").isLessThan(deadline);
            if (!ran) {
                Thread.sleep(5);
            }
        }
    }

    private boolean caughtUp() {
        for (Deployment d : client.apps().deployments().inNamespace(NS).list().getItems()) {
            TrackStatus latest = Deployments.status("production", d);
            if (!latest.equals(delivered.get(latest.service() + "/" + latest.track()))) {
                return false;
            }
        }
        return true;
    }

    private List<RecordedRequest> drainRequests() throws InterruptedException {
        List<RecordedRequest> requests = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.takeRequest(50, TimeUnit.MILLISECONDS)) != null) {
            requests.add(r);
        }
        return requests;
    }

    /** The adapter, with every status it delivers noted, so the test knows when the watch has caught up. */
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
                kubernetes.probe(environment, service, track, path, healthy);
            }
        };
    }

    /** 10 requests a second; api's canary is clean at its first judgement and fails 20 % at its second. */
    /** The canary is fine at 10% and fails once it takes half the traffic. */
    private static final Judge FAILS_AT_HALF = analysis -> analysis.weight() >= 50
            ? Verdict.fail("error rate 20.0% at " + analysis.weight() + "%", List.of())
            : Verdict.pass("no errors at " + analysis.weight() + "%", List.of());

    /** Ten requests a second on every track; the judge above decides. */
    private static final class CanaryMetrics implements Metrics {
        @Override
        public TrafficSample sample(String environment, String service, Track track, Instant from, Instant to) {
            long requests = Math.max(1, (to.getEpochSecond() - from.getEpochSecond()) * 10);
            return new TrafficSample(requests, 0, OptionalDouble.of(20), OptionalDouble.of(50), OptionalDouble.of(80));
        }
    }
}
