package dev.slipway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.SystemSpec;
import dev.slipway.model.TrafficRouting;
import dev.slipway.release.Deployed;
import dev.slipway.release.Track;
import dev.slipway.release.TrackState;
import dev.slipway.release.cluster.Metrics;
import dev.slipway.release.execute.ReleaseEngine;
import dev.slipway.release.execute.ReleaseResult;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesClientBuilderCustomizer;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A blue-green release of one service through the planner and the release engine on {@link KubernetesCluster}
 * (no mesh: traffic follows the Service selector), against the mock API server in CRUD mode, driven by the
 * {@link ReleaseHarness}. api 2.0.0 runs on blue; 2.1.0 starts on green beside it, its health path is called
 * through the API server's service proxy to the preview Service, and then either the main Service switches to
 * green and blue goes after the scale-down delay, or (503) green goes and the selector never leaves blue.
 * <p>
 * The proxy path is answered by an expectation: in CRUD mode the extension installs fabric8's
 * {@code KubernetesMixedDispatcher}, which answers a request from the expectations when one is queued for its
 * method and exact path, and from the CRUD store otherwise (read from the 8.0.0 jar's bytecode; the passing smoke
 * test shows it, since the CRUD store cannot answer 200 there).
 */
@EnableKubernetesMockClient(crud = true, kubernetesClientBuilderCustomizer = BlueGreenOnKubernetesTest.QuickRetries.class)
class BlueGreenOnKubernetesTest {

    /**
     * The client retries an answer of 5xx (the probe's too: a preview Service whose endpoints lag green's readiness
     * answers 503 for a moment) up to its retry limit, with a back-off from 100 ms that adds up to some 20 s: the
     * test keeps the retries and shortens the back-off.
     */
    public static class QuickRetries extends KubernetesClientBuilderCustomizer {
        @Override
        public void accept(KubernetesClientBuilder builder) {
            builder.editOrNewConfig().withRequestRetryBackoffInterval(1).endConfig();
        }
    }

    static final String NS = ReleaseHarness.NAMESPACE;
    static final String PROXY = "/api/v1/namespaces/" + NS + "/services/api-preview:8080/proxy/healthz";
    static final Duration SCALE_DOWN_DELAY = Duration.ofMinutes(5);
    static final String SERVICES_YAML = """
              api:
                path: api
                language: go
                port: 8080
                replicas: 2
                healthPath: /healthz
                strategy:
                  type: blue-green
                  scaleDownDelay: 5m
            """;
    static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/" + NS + "/deployments";
    static final String SERVICES = "/api/v1/namespaces/" + NS + "/services";
    /** Blue-green is judged by its smoke test alone. */
    static final Metrics NO_METRICS = (environment, service, track, from, to) -> {
        throw new AssertionError("blue-green reads no metrics");
    };

    KubernetesClient client;
    KubernetesMockServer server;

    SystemSpec spec;
    ReleaseHarness h;
    KubernetesCluster kubernetes;
    List<String> selectors;
    List<String> deployments;

    @BeforeEach
    void blueRuns() throws InterruptedException {
        spec = ReleaseHarness.spec(SERVICES_YAML);
        h = new ReleaseHarness(client, server);
        kubernetes = new KubernetesCluster(client, h.clock, KubernetesOptions.of(spec, TrafficRouting.REPLICAS));
        h.install(kubernetes, "api", Track.BLUE, "2.0.0", 2, Map.of());
        assertThat(selector("api")).isEqualTo("blue");
        assertThat(selector("api-preview")).isEqualTo("green");
        h.drainRequests();
        selectors = h.record(client.services().inNamespace(NS), BlueGreenOnKubernetesTest::selects);
        deployments = h.record(client.apps().deployments().inNamespace(NS),
                d -> Deployments.version(d) + " x" + d.getSpec().getReplicas());
    }

    @AfterEach
    void stopRecording() {
        h.close();
    }

    @Test
    void greenStartsBesideBlueIsSmokeTestedThroughThePreviewAndTakesOverThenBlueGoes() throws Exception {
        server.expect().get().withPath(PROXY).andReturn(200, "ok").always();

        ReleaseResult result = h.release("r1", spec, kubernetes, Map.of("api", "2.1.0"), NO_METRICS,
                ReleaseEngine.Options.DEFAULT);

        assertThat(result.outcome()).isEqualTo(ReleaseResult.Outcome.SUCCEEDED);
        assertThat(h.transitions("r1", "api")).containsExactly(
                "pending -> deploying at +0s: every dependency is promoted",
                "deploying -> smoke-testing at +0s: green is up",
                "smoke-testing -> switched at +0s: smoke tests passed (GET /healthz → 2xx): traffic switched",
                "switched -> promoted at +300s: scale-down delay over: previous version removed");
        assertThat(h.entered("r1", "api", "promoted").minus(h.entered("r1", "api", "switched")))
                .isEqualTo(SCALE_DOWN_DELAY);

        List<RecordedRequest> requests = h.drainRequests();
        assertThat(proxied(requests)).containsExactly("GET " + PROXY);
        assertThat(ReleaseHarness.adapterWrites(requests)).containsExactly(
                "POST " + DEPLOYMENTS,                       // api-green 2.1.0 beside blue
                "PUT " + SERVICES + "/api",                  // switched: the main Service selects green
                "PUT " + SERVICES + "/api-preview",          // and the preview blue
                "DELETE " + DEPLOYMENTS + "/api-blue",       // after the scale-down delay
                "DELETE " + SERVICES + "/api-preview");
        assertThat(ReleaseHarness.awaitLines(selectors, 3)).containsExactly(
                "MODIFIED api green", "MODIFIED api-preview blue", "DELETED api-preview blue");
        assertThat(ReleaseHarness.awaitLines(deployments, 2)).containsExactly(
                "ADDED api-green 2.1.0 x2", "DELETED api-blue 2.0.0 x2");

        assertThat(client.apps().deployments().inNamespace(NS).list().getItems())
                .extracting(d -> d.getMetadata().getName()).containsExactly("api-green");
        assertThat(selector("api")).isEqualTo("green");
        Deployed api = kubernetes.inventory("production").deployed("api").orElseThrow();
        assertThat(api.version()).isEqualTo("2.1.0");
        assertThat(api.healthy()).isTrue();
        assertThat(api.tracks()).containsExactly(new TrackState(Track.GREEN, "2.1.0", 100));
    }

    @Test
    void aGreenWhoseHealthPathAnswers503IsRemovedAndTheSelectorNeverLeavesBlue() throws Exception {
        server.expect().get().withPath(PROXY).andReturn(503, "starting").always();

        ReleaseResult result = h.release("r1", spec, kubernetes, Map.of("api", "2.1.0"), NO_METRICS,
                ReleaseEngine.Options.DEFAULT);

        assertThat(result.outcome()).isEqualTo(ReleaseResult.Outcome.ROLLED_BACK);
        assertThat(h.transitions("r1", "api")).containsExactly(
                "pending -> deploying at +0s: every dependency is promoted",
                "deploying -> smoke-testing at +0s: green is up",
                "smoke-testing -> rolling-back at +0s: in a smoke test on green: GET /healthz → 2xx: answered 503",
                "rolling-back -> rolled-back at +0s: previous version restored");

        List<RecordedRequest> requests = h.drainRequests();
        assertThat(proxied(requests)).as("one probe, retried by the client as every 5xx answer")
                .hasSize(1 + client.getConfiguration().getRequestRetryBackoffLimit()).containsOnly("GET " + PROXY);
        // blue was never touched, so re-applying it writes nothing, and routing back to it changes no selector
        assertThat(ReleaseHarness.adapterWrites(requests)).containsExactly(
                "POST " + DEPLOYMENTS,                       // api-green 2.1.0 beside blue
                "DELETE " + DEPLOYMENTS + "/api-green",      // rolled back
                "DELETE " + SERVICES + "/api-preview");
        assertThat(ReleaseHarness.awaitLines(selectors, 1)).containsExactly("DELETED api-preview green");
        assertThat(ReleaseHarness.awaitLines(deployments, 2)).containsExactly(
                "ADDED api-green 2.1.0 x2", "DELETED api-green 2.1.0 x2");

        assertThat(client.apps().deployments().inNamespace(NS).list().getItems())
                .extracting(d -> d.getMetadata().getName()).containsExactly("api-blue");
        assertThat(selector("api")).isEqualTo("blue");
        Deployed api = kubernetes.inventory("production").deployed("api").orElseThrow();
        assertThat(api.tracks()).containsExactly(new TrackState(Track.BLUE, "2.0.0", 100));
        // the 503 is the health path's answer through the proxy, not a path the mock server does not know
        HttpResponse<String> direct = client.getHttpClient().sendAsync(client.getHttpClient().newHttpRequestBuilder()
                .uri(URI.create(client.getMasterUrl().toString()).resolve(PROXY)).build(), String.class).get();
        assertThat(direct.code()).isEqualTo(503);
    }

    private String selector(String name) {
        return client.services().inNamespace(NS).withName(name).get().getSpec().getSelector().get("slipway.dev/track");
    }

    private static String selects(Service s) {
        return s.getSpec().getSelector().get("slipway.dev/track");
    }

    private static List<String> proxied(List<RecordedRequest> requests) {
        return requests.stream().filter(r -> r.getPath().contains("/proxy/")).map(r -> r.getMethod() + " " + r.getPath())
                .toList();
    }
}
