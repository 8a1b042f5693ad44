package dev.slipway.kubernetes;

import dev.slipway.model.TrafficRouting;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.release.Track;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The blue-green smoke test goes through the API server's service proxy to the preview Service. The mock server
 * (expectations mode, not CRUD) answers the exact proxy path: 200 for one service, 503 for another; anything else
 * would be a 404 and so a failed probe. What runs behind the proxy on a real cluster is not tested here.
 */
@EnableKubernetesMockClient
class ProbeTest {

    static final String NS = "shop-production";

    KubernetesClient client;
    KubernetesMockServer server;

    @Test
    void probesThePreviewServiceThroughTheServiceProxyAndAnswersOnTheClock() throws Exception {
        // green is not live: api's main Service selects blue
        server.expect().get().withPath("/api/v1/namespaces/" + NS + "/services/api")
                .andReturn(200, new ServiceBuilder().withNewMetadata().withName("api").endMetadata().withNewSpec()
                        .withSelector(Map.of("slipway.dev/track", "blue")).endSpec().build()).always();
        server.expect().get().withPath("/api/v1/namespaces/" + NS + "/services/api-preview:8080/proxy/healthz")
                .andReturn(200, "ok").once();
        server.expect().get().withPath("/api/v1/namespaces/" + NS + "/services/api-preview:8080/proxy/healthz")
                .andReturn(503, "down").once();
        LockedClock clock = new LockedClock(Instant.parse("2026-01-01T00:00:00Z"));
        KubernetesCluster cluster = new KubernetesCluster(client, clock,
                new KubernetesOptions(Map.of("production", NS), TrafficRouting.REPLICAS, "shop", Map.of("api", 8080)));

        List<Boolean> answers = new ArrayList<>();
        cluster.probe("production", "api", Track.GREEN, "/healthz", answers::add);
        await(clock, answers, 1);
        cluster.probe("production", "api", Track.GREEN, "/healthz", answers::add);
        await(clock, answers, 2);
        assertThat(answers).containsExactly(true, false);
    }

    @Test
    void theProxyPathNamesServicePortAndPath() {
        assertThat(KubernetesCluster.probePath("ns", "web-preview", "3000", "health"))
                .isEqualTo("/api/v1/namespaces/ns/services/web-preview:3000/proxy/health");
    }

    private static void await(LockedClock clock, List<Boolean> answers, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (answers.size() < count && System.nanoTime() < deadline) {
            if (!clock.runDue()) {
                Thread.sleep(5);
            }
        }
        assertThat(answers).hasSize(count);
    }
}
