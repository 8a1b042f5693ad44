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
import java.util.List;
import java.util.Objects;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A canary release without a mesh (traffic routing by replica ratio) through the planner and the release engine
 * on {@link KubernetesCluster} against the mock API server ({@link ReleaseHarness}). The canary's share of the
 * traffic is its share of the pods, so at no write the server sees may it have more replicas than its weight's
 * share of the ten: it starts with one pod (the first step's share, 10 %), is up there, and each step scales it.
 */
@EnableKubernetesMockClient(crud = true)
class CanaryWithoutMeshOnKubernetesTest {

    static final String API = """
              api:
                path: api
                language: go
                port: 8080
                replicas: 10
                strategy:
                  type: canary
                  steps: [10, 50, 100]
                  stepInterval: 1m
                analysis: {judges: [threshold]}
            """;
    static final int REPLICAS = 10;
    static final int FIRST_STEP = 10;

    KubernetesClient client;
    KubernetesMockServer server;
    SystemSpec spec;
    ReleaseHarness h;
    KubernetesCluster kubernetes;

    @AfterEach
    void stopRecording() {
        h.close();
    }

    @BeforeEach
    void stableRuns() {
        spec = ReleaseHarness.spec(API);
        h = new ReleaseHarness(client, server);
        kubernetes = new KubernetesCluster(client, h.clock, KubernetesOptions.of(spec, TrafficRouting.REPLICAS));
        h.install(kubernetes, "api", Track.STABLE, "2.0.0", REPLICAS, Map.of());
    }

    @Test
    void theCanaryNeverHasMoreReplicasThanItsWeightsShare() throws Exception {
        List<String> writes = h.record(client.apps().deployments().inNamespace(ReleaseHarness.NAMESPACE),
                d -> "x" + d.getSpec().getReplicas() + " weight "
                        + Deployments.annotations(d.getMetadata()).getOrDefault(Labels.WEIGHT, "-")
                        + " version " + Deployments.version(d));

        ReleaseResult result = h.release("r1", spec, kubernetes, Map.of("api", "2.1.0"), ReleaseHarness.CLEAN,
                ReleaseEngine.Options.DEFAULT);

        assertThat(result.outcome()).isEqualTo(ReleaseResult.Outcome.SUCCEEDED);
        assertThat(h.transitions("r1", "api")).containsExactly(
                "pending -> deploying at +0s: every dependency is promoted",
                "deploying -> analysing at +0s: canary is up",
                "analysing -> analysing at +60s: step 1/3 (10%) passed: " + passed(1),
                "analysing -> analysing at +120s: step 2/3 (50%) passed: " + passed(5),
                "analysing -> promoting at +180s: step 3/3 (100%) passed: " + passed(10),
                "promoting -> promoted at +180s: stable runs the new version");

        List<String> seen = ReleaseHarness.awaitLines(writes, 11);
        List<String> canary = seen.stream().filter(w -> w.contains(" api-canary ")).toList();
        assertThat(canary).allSatisfy(write -> {
            String[] words = write.split(" ");
            int replicas = Integer.parseInt(words[2].substring(1));
            // before its first route the canary has no weight yet: the first step's is the one it is about to get
            int weight = words[4].equals("-") ? FIRST_STEP : Integer.parseInt(words[4]);
            assertThat(replicas).as(write).isLessThanOrEqualTo(Deployments.share(REPLICAS, weight));
        });
        assertThat(seen).containsExactly(
                "ADDED api-canary x1 weight - version 2.1.0",
                "MODIFIED api x9 weight 90 version 2.0.0",          // step 1: 90/10
                "MODIFIED api-canary x1 weight 10 version 2.1.0",
                "MODIFIED api x5 weight 50 version 2.0.0",          // step 2: 50/50
                "MODIFIED api-canary x5 weight 50 version 2.1.0",
                "MODIFIED api x0 weight 0 version 2.0.0",           // step 3: 0/100
                "MODIFIED api-canary x10 weight 100 version 2.1.0",
                "MODIFIED api x10 weight - version 2.1.0",          // promoting: stable runs 2.1.0, all replicas
                "MODIFIED api x10 weight 100 version 2.1.0",        // promoted: all traffic back on stable
                "MODIFIED api-canary x0 weight 0 version 2.1.0",
                "DELETED api-canary x0 weight 0 version 2.1.0");
    }

    /** The threshold judge's reason for a passing step: the canary's pods (at its share), its error rate and latency. */
    private static String passed(int pods) {
        return "canary pods ready " + pods + " of " + pods + ", no restarts; error rate 0.0% (threshold 5.0%) over 600 "
                + "requests; p95 latency 50 ms = 1.00× the baseline's 50 ms (threshold 2.00×)";
    }

    /**
     * Rolled back at 50 %, stable (scaled to half) is applied with all its replicas again: the canary goes only once
     * stable is back at full size, not on the strength of the status it had at its share.
     */
    @Test
    void aRollbackRemovesTheCanaryOnlyOnceStableIsBackAtFullSize() throws Exception {
        List<String> writes = h.record(client.apps().deployments().inNamespace(ReleaseHarness.NAMESPACE),
                d -> "x" + d.getSpec().getReplicas() + " ready " + (d.getStatus() == null ? 0
                        : Objects.requireNonNullElse(d.getStatus().getReadyReplicas(), 0)));

        ReleaseResult result = h.release("r1", spec, kubernetes, Map.of("api", "2.1.0"),
                ReleaseHarness.CLEAN,
                ReleaseHarness.failingFrom(50, ReleaseEngine.Options.DEFAULT));

        assertThat(result.outcome()).isEqualTo(ReleaseResult.Outcome.ROLLED_BACK);
        assertThat(h.transitions("r1", "api")).containsExactly(
                "pending -> deploying at +0s: every dependency is promoted",
                "deploying -> analysing at +0s: canary is up",
                "analysing -> analysing at +60s: step 1/3 (10%) passed: clean at 10%",
                // the first look at 50 % fails: the step does not run out its minute
                "analysing -> rolling-back at +65s: step 2/3 (50%) failed: error rate 20.0% at 50%",
                "rolling-back -> rolled-back at +65s: previous version restored");
        List<String> seen = ReleaseHarness.awaitLine(writes, "DELETED api-canary x0 ready 5");
        assertThat(seen).startsWith(
                "ADDED api-canary x1 ready 0",
                "MODIFIED api-canary x1 ready 1",
                "MODIFIED api x9 ready 10",                  // step 1: 90/10
                "MODIFIED api x9 ready 9",
                "MODIFIED api x5 ready 9",                   // step 2: 50/50, failed at its first look
                "MODIFIED api-canary x5 ready 1");
        // how far stable and the canary got towards their half-shares before the rollback applied stable with all
        // its replicas depends on when the controller's writes land; what the rollback does after it does not
        List<String> rollback = seen.subList(seen.indexOf("MODIFIED api-canary x5 ready 1") + 1, seen.size());
        assertThat(rollback).filteredOn(w -> w.startsWith("MODIFIED api x10 ready ")).first()
                .as("stable applied with all its replicas").isNotEqualTo("MODIFIED api x10 ready 10");
        assertThat(rollback).endsWith(
                "MODIFIED api x10 ready 10",                 // and only once they are ready:
                "MODIFIED api-canary x0 ready 5",            // all traffic to stable, canary removed
                "DELETED api-canary x0 ready 5");
        assertThat(rollback.subList(0, rollback.size() - 3)).noneMatch(w -> w.startsWith("MODIFIED api-canary x0"));
    }
}
