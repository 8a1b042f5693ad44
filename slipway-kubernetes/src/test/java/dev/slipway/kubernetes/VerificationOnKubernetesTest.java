package dev.slipway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.SystemSpec;
import dev.slipway.model.TrafficRouting;
import dev.slipway.release.Track;
import dev.slipway.release.TrackState;
import dev.slipway.release.analysis.Judge;
import dev.slipway.release.analysis.Verdict;
import dev.slipway.release.execute.ReleaseEngine;
import dev.slipway.release.execute.ReleaseResult;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A rollout that completed and then fails its verification window, through the planner and the release engine on
 * {@link KubernetesCluster} against the mock API server in CRUD mode: a rolling update is undone by re-applying the
 * previous pod template to the same Deployment; a blue-green switch goes back to blue, which was kept through the
 * window. The judge fails every look of the window (what the adapter writes is the point here, not the statistics).
 */
@EnableKubernetesMockClient(crud = true, kubernetesClientBuilderCustomizer = BlueGreenOnKubernetesTest.QuickRetries.class)
class VerificationOnKubernetesTest {

    static final String NS = ReleaseHarness.NAMESPACE;
    static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/" + NS + "/deployments";
    static final String SERVICES = "/api/v1/namespaces/" + NS + "/services";

    /** Fails in the verification window (its baseline is from before the release), passes anything else. */
    static final ReleaseEngine.Options FAILS_IN_VERIFICATION = ReleaseEngine.Options.DEFAULT.withJudges(settings ->
            (Judge) analysis -> analysis.comparison().baselineBefore().isPresent()
                    ? Verdict.fail("error rate 30.0% against 1.0% before the release", List.of())
                    : Verdict.pass("clean", List.of()));

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
    void aRollingUpdateFailingItsWindowGetsThePreviousPodTemplateBackOnTheSameDeployment() throws Exception {
        SystemSpec spec = ReleaseHarness.verifiedSpec("""
                  api:
                    path: api
                    language: go
                    port: 8080
                    replicas: 2
                """, "2m");
        KubernetesCluster kubernetes = new KubernetesCluster(client, h.clock,
                KubernetesOptions.of(spec, TrafficRouting.REPLICAS));
        h.install(kubernetes, "api", Track.STABLE, "2.0.0", 2, Map.of());
        h.drainRequests();
        List<String> templates = h.record(client.apps().deployments().inNamespace(NS), VerificationOnKubernetesTest::template);

        ReleaseResult result = h.release("r1", spec, kubernetes, Map.of("api", "2.1.0"), ReleaseHarness.CLEAN,
                FAILS_IN_VERIFICATION);

        assertThat(result.outcome()).isEqualTo(ReleaseResult.Outcome.ROLLED_BACK);
        assertThat(h.transitions("r1", "api")).containsExactly(
                "pending -> deploying at +0s: every dependency is promoted",
                "deploying -> verifying at +0s: rollout complete: verifying for 120s against 2.0.0 before the release",
                "verifying -> rolling-back at +5s: in verification: error rate 30.0% against 1.0% before the release",
                "rolling-back -> rolled-back at +5s: previous version restored");
        assertThat(ReleaseHarness.adapterWrites(h.drainRequests())).containsExactly(
                "PUT " + DEPLOYMENTS + "/api",        // the new pod template
                "PUT " + DEPLOYMENTS + "/api");       // the previous one re-applied
        assertThat(ReleaseHarness.awaitLines(templates, 2)).containsExactly(
                "MODIFIED api ghcr.io/acme/shop/api:2.1.0 version 2.1.0",
                "MODIFIED api ghcr.io/acme/shop/api:2.0.0 version 2.0.0");
        assertThat(client.apps().deployments().inNamespace(NS).list().getItems()).extracting(d -> d.getMetadata()
                .getName()).containsExactly("api");
        assertThat(kubernetes.inventory("production").deployed("api").orElseThrow().version()).isEqualTo("2.0.0");
    }

    @Test
    void aBlueGreenSwitchFailingItsWindowSwitchesBackToBlueAndRemovesGreen() throws Exception {
        SystemSpec spec = ReleaseHarness.verifiedSpec(BlueGreenOnKubernetesTest.SERVICES_YAML, "2m");
        KubernetesCluster kubernetes = new KubernetesCluster(client, h.clock,
                KubernetesOptions.of(spec, TrafficRouting.REPLICAS));
        h.install(kubernetes, "api", Track.BLUE, "2.0.0", 2, Map.of());
        h.drainRequests();
        List<String> selectors = h.record(client.services().inNamespace(NS),
                s -> s.getSpec().getSelector().get("slipway.dev/track"));
        server.expect().get().withPath(BlueGreenOnKubernetesTest.PROXY).andReturn(200, "ok").always();

        ReleaseResult result = h.release("r1", spec, kubernetes, Map.of("api", "2.1.0"), ReleaseHarness.CLEAN,
                FAILS_IN_VERIFICATION);

        assertThat(result.outcome()).isEqualTo(ReleaseResult.Outcome.ROLLED_BACK);
        assertThat(h.transitions("r1", "api")).containsExactly(
                "pending -> deploying at +0s: every dependency is promoted",
                "deploying -> smoke-testing at +0s: green is up",
                "smoke-testing -> verifying at +0s: smoke tests passed (GET /healthz → 2xx): traffic switched to green,"
                        + " verifying for 120s against 2.0.0 before the release",
                "verifying -> rolling-back at +5s: in verification: error rate 30.0% against 1.0% before the release",
                "rolling-back -> rolled-back at +5s: previous version restored");
        List<RecordedRequest> requests = h.drainRequests();
        assertThat(ReleaseHarness.adapterWrites(requests)).containsExactly(
                "POST " + DEPLOYMENTS,                       // api-green 2.1.0 beside blue
                "PUT " + SERVICES + "/api",                  // switched: the main Service selects green
                "PUT " + SERVICES + "/api-preview",          // and the preview blue (kept through the window)
                "PUT " + SERVICES + "/api",                  // switched back: blue again, at once
                "PUT " + SERVICES + "/api-preview",
                "DELETE " + DEPLOYMENTS + "/api-green",
                "DELETE " + SERVICES + "/api-preview");
        assertThat(ReleaseHarness.awaitLines(selectors, 5)).containsExactly("MODIFIED api green",
                "MODIFIED api-preview blue", "MODIFIED api blue", "MODIFIED api-preview green",
                "DELETED api-preview green");
        assertThat(client.apps().deployments().inNamespace(NS).list().getItems()).extracting(d -> d.getMetadata()
                .getName()).containsExactly("api-blue");
        assertThat(kubernetes.inventory("production").deployed("api").orElseThrow().tracks())
                .containsExactly(new TrackState(Track.BLUE, "2.0.0", 100));
    }

    /** A Deployment's pod template as "IMAGE version V" (the version from the template's labels). */
    private static String template(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().getFirst()
                .getImage() + " version " + d.getSpec().getTemplate().getMetadata().getLabels()
                .get("app.kubernetes.io/version");
    }
}
