package dev.slipway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.SystemSpec;
import dev.slipway.model.TrafficRouting;
import dev.slipway.release.Track;
import dev.slipway.release.execute.ReleaseEngine;
import dev.slipway.release.execute.ReleaseResult;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A canary whose pods restart, released through the planner and the release engine on {@link KubernetesCluster}
 * against the mock API server ({@link ReleaseHarness}): the adapter counts the restarts of the canary's pods from a
 * pod informer, so the engine sees them as they happen. A crash loop fails the rollout at its third restart, long
 * before the progress deadline (600 s) after which the Deployment controller would report it; a canary that is up
 * but restarted during a step fails the judge at the step's end.
 */
@EnableKubernetesMockClient(crud = true)
class CrashLoopOnKubernetesTest {

    static final String API = """
              api:
                path: api
                language: go
                port: 8080
                replicas: 2
                strategy:
                  type: canary
                  steps: [10, 50, 100]
                  stepInterval: 1m
            """;

    KubernetesClient client;
    KubernetesMockServer server;

    SystemSpec spec;
    ReleaseHarness h;
    KubernetesCluster kubernetes;
    List<String> canaryPods;

    @BeforeEach
    void stableRuns() {
        spec = ReleaseHarness.spec(API);
        h = new ReleaseHarness(client, server);
        kubernetes = new KubernetesCluster(client, h.clock, KubernetesOptions.of(spec, TrafficRouting.ISTIO));
        h.install(kubernetes, "api", Track.STABLE, "2.0.0", 2, Map.of());
        canaryPods = h.record(client.pods().inNamespace(ReleaseHarness.NAMESPACE).withLabel("slipway.dev/track", "canary"),
                pod -> "restarts " + Deployments.restarts(pod));
    }

    @AfterEach
    void stopRecording() {
        h.close();
    }

    @Test
    void aCrashLoopingCanaryIsRolledBackAtItsThirdRestartLongBeforeTheProgressDeadline() throws Exception {
        // pod 0 restarts at 10 s and 30 s (CrashLoopBackOff), pod 1 a second later: the track's third restart is at 30 s
        h.controller.podsCrashLoop("api", "2.1.0", 5);

        ReleaseResult result = h.release("r1", spec, kubernetes, Map.of("api", "2.1.0"), ReleaseHarness.CLEAN,
                ReleaseEngine.Options.DEFAULT);

        assertThat(result.outcome()).isEqualTo(ReleaseResult.Outcome.ROLLED_BACK);
        assertThat(h.transitions("r1", "api")).containsExactly(
                "pending -> deploying at +0s: every dependency is promoted",
                "deploying -> rolling-back at +30s: during the rollout: canary 2.1.0: crash loop (3 restarts)",
                "rolling-back -> rolled-back at +30s: previous version restored");
        assertThat(h.entered("r1", "api", "rolling-back"))
                .isLessThan(Duration.ofSeconds(Deployments.PROGRESS_DEADLINE_SECONDS));
        assertThat(ReleaseHarness.awaitLines(canaryPods, 7)).containsExactly(
                "ADDED api-canary-2.1.0-0 restarts 0", "ADDED api-canary-2.1.0-1 restarts 0",
                "MODIFIED api-canary-2.1.0-0 restarts 1", "MODIFIED api-canary-2.1.0-1 restarts 1",
                "MODIFIED api-canary-2.1.0-0 restarts 2",
                // the canary is removed; its pods go with it
                "DELETED api-canary-2.1.0-0 restarts 2", "DELETED api-canary-2.1.0-1 restarts 1");
        assertThat(client.apps().deployments().inNamespace(ReleaseHarness.NAMESPACE).list().getItems())
                .extracting(d -> d.getMetadata().getName() + " " + Deployments.version(d)).containsExactly("api 2.0.0");
    }

    @Test
    void aCanaryWhosePodsRestartedDuringAStepFailsTheJudge() throws Exception {
        // up and ready, with clean traffic: only the restarts at 20 s can fail it
        h.controller.podsRestart("api", "2.1.0", Duration.ofSeconds(20));

        ReleaseResult result = h.release("r1", spec, kubernetes, Map.of("api", "2.1.0"), ReleaseHarness.CLEAN,
                ReleaseEngine.Options.DEFAULT);

        assertThat(result.outcome()).isEqualTo(ReleaseResult.Outcome.ROLLED_BACK);
        assertThat(h.transitions("r1", "api")).containsExactly(
                "pending -> deploying at +0s: every dependency is promoted",
                "deploying -> analysing at +0s: canary is up",
                "analysing -> rolling-back at +25s: step 1/3 (10%) failed: canary pods restarted 2 times",
                "rolling-back -> rolled-back at +25s: previous version restored");
    }
}
