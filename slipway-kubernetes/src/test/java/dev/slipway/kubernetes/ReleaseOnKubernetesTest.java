package dev.slipway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.OnFailure;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.TrafficRouting;
import dev.slipway.release.Inventory;
import dev.slipway.release.Track;
import dev.slipway.release.execute.ReleaseEngine;
import dev.slipway.release.execute.ReleaseResult;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One release of three services — db (rolling) ← api (canary 10/50/100) ← web (rolling) — through the planner
 * and the release engine on {@link KubernetesCluster} with Istio routing, against the mock API server, driven by
 * the {@link ReleaseHarness}. api's canary fails its judgement at 50 %; with onFailure rollback-all the canary is
 * withdrawn, db goes back to its previous version and web never starts. Asserted: every write the adapter sent,
 * in order, the weights of every VirtualService write, and the objects left on the server.
 */
@EnableKubernetesMockClient(crud = true)
class ReleaseOnKubernetesTest {

    static final String NS = ReleaseHarness.NAMESPACE;
    static final String SERVICES = """
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
    ReleaseHarness h;

    @BeforeEach
    void harness() {
        h = new ReleaseHarness(client, server);
    }

    @AfterEach
    void stopRecording() {
        h.close();
    }

    @Test
    void aFailedCanaryIsWithdrawnAndTheReleaseRolledBackOnTheServer() throws Exception {
        SystemSpec spec = ReleaseHarness.spec(SERVICES);
        KubernetesCluster kubernetes = new KubernetesCluster(client, h.clock,
                KubernetesOptions.of(spec, TrafficRouting.ISTIO));

        h.install(kubernetes, "db", Track.STABLE, "1.0.0", 1, Map.of());
        h.install(kubernetes, "api", Track.STABLE, "2.0.0", 2, Map.of("db", ">=1.0 <2"));
        h.install(kubernetes, "web", Track.STABLE, "3.0.0", 1, Map.of("api", "^2.0"));
        h.drainRequests();
        // the VirtualService's weights as the server stored them at every write (the mock records no body for
        // generic resources: its CRUD dispatcher consumes it), in order
        List<String> routeWrites = h.record(client.genericKubernetesResources(TrafficRoutes.VIRTUAL_SERVICE)
                .inNamespace(NS), ReleaseOnKubernetesTest::weights);
        // every change of a Deployment's spec as the server stored it (status writes of the controller left out)
        List<String> specWrites = h.record(client.apps().deployments().inNamespace(NS),
                d -> "generation " + d.getMetadata().getGeneration() + " "
                        + d.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage() + " x"
                        + d.getSpec().getReplicas() + " version " + Deployments.version(d));

        assertThat(kubernetes.inventory("production").services().keySet()).containsExactly("api", "db", "web");
        ReleaseResult result = h.release("r1", spec, kubernetes, Map.of("db", "1.1.0", "api", "2.1.0", "web", "3.1.0"),
                ReleaseHarness.CLEAN,
                ReleaseHarness.failingFrom(50, ReleaseEngine.Options.DEFAULT.withOnFailure(OnFailure.ROLLBACK_ALL)));

        assertThat(result.outcome()).isEqualTo(ReleaseResult.Outcome.ROLLED_BACK);
        assertThat(result.services()).extracting(s -> s.name() + " " + s.outcome())
                .containsExactlyInAnyOrder("db rolled-back", "api rolled-back", "web cancelled");

        String deployments = "/apis/apps/v1/namespaces/" + NS + "/deployments";
        String istio = "/apis/networking.istio.io/v1/namespaces/" + NS;
        assertThat(h.adapterWrites()).containsExactly(
                "PUT " + deployments + "/db",                    // db 1.1.0, rolling
                "POST " + deployments,                           // api-canary 2.1.0
                "POST " + istio + "/destinationrules",           // subsets stable, canary
                "POST " + istio + "/virtualservices",            // step 1: 90/10
                "PUT " + istio + "/virtualservices/api",         // step 2: 50/50, judged failed
                "PUT " + istio + "/virtualservices/api",         // rolled back: 100/0
                "DELETE " + deployments + "/api-canary",
                "PUT " + deployments + "/db");                   // rollback-all: db back to 1.0.0

        assertThat(ReleaseHarness.awaitLines(routeWrites, 3)).containsExactly("ADDED api stable=90 canary=10",
                "MODIFIED api stable=50 canary=50", "MODIFIED api stable=100 canary=0");
        assertThat(ReleaseHarness.awaitLines(specWrites, 4)).containsExactly(
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

    /** A VirtualService's weighted route as "stable=90 canary=10". */
    static String weights(GenericKubernetesResource vs) {
        JsonNode spec = JsonMapper.builder().build().valueToTree(vs.getAdditionalProperties().get("spec"));
        StringBuilder w = new StringBuilder();
        for (JsonNode d : spec.at("/http/0/route")) {
            w.append(w.isEmpty() ? "" : " ").append(d.at("/destination/subset").asString()).append('=')
                    .append(d.get("weight").asInt());
        }
        return w.toString();
    }
}
