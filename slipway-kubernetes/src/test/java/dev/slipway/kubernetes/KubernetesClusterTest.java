package dev.slipway.kubernetes;

import dev.slipway.model.VersionRange;
import dev.slipway.model.TrafficRouting;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.release.Deployed;
import dev.slipway.release.Inventory;
import dev.slipway.release.Track;
import dev.slipway.release.TrackState;
import dev.slipway.release.cluster.RolloutStatus;
import dev.slipway.release.cluster.TrackSpec;
import dev.slipway.release.cluster.TrackStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each operation of the adapter against the fabric8 mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class KubernetesClusterTest {

    static final String ENV = "production";
    static final String NS = "shop-production";

    KubernetesClient client;

    LockedClock clock = new LockedClock(Instant.parse("2026-01-01T00:00:00Z"));

    KubernetesCluster cluster(TrafficRouting routing) {
        return new KubernetesCluster(client, clock, new KubernetesOptions(Map.of(ENV, NS), routing, "shop",
                Map.of("web", 3000, "api", 8080)));
    }

    static TrackSpec spec(String service, Track track, String version, int replicas) {
        return new TrackSpec(ENV, service, track, version, "ghcr.io/acme/shop/" + service + ":" + version,
                Optional.empty(), replicas, "25%", "0", VersionRange.parseAll(Map.of("db", ">=16 <17")));
    }

    Deployment deployment(String name) {
        return client.apps().deployments().inNamespace(NS).withName(name).get();
    }

    GenericKubernetesResource generic(io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext type, String name) {
        return client.genericKubernetesResources(type).inNamespace(NS).withName(name).get();
    }

    @Test
    void applyCreatesOneDeploymentPerTrackWithLabelsAndAnnotations() {
        KubernetesCluster cluster = cluster(TrafficRouting.ISTIO);
        cluster.apply(spec("api", Track.STABLE, "2.0.0", 3));
        cluster.apply(new TrackSpec(ENV, "api", Track.CANARY, "2.1.0", "ghcr.io/acme/shop/api:2.1.0",
                Optional.of("sha256:abc"), 3, "1", "0", VersionRange.parseAll(Map.of("db", ">=16 <17"))));

        Deployment stable = deployment("api");
        assertThat(stable.getMetadata().getLabels()).containsEntry("app.kubernetes.io/name", "api")
                .containsEntry("app.kubernetes.io/version", "2.0.0").containsEntry("slipway.dev/track", "stable")
                .containsEntry("app.kubernetes.io/managed-by", "slipway");
        assertThat(stable.getSpec().getSelector().getMatchLabels()).isEqualTo(Map.of(
                "app.kubernetes.io/name", "api", "app.kubernetes.io/instance", "shop-api", "slipway.dev/track", "stable"));
        assertThat(stable.getMetadata().getAnnotations()).containsEntry("slipway.dev/ranges", "{\"db\":\">=16 <17\"}")
                .containsEntry("slipway.dev/version", "2.0.0").doesNotContainKey("slipway.dev/digest");
        assertThat(stable.getSpec().getReplicas()).isEqualTo(3);
        assertThat(stable.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getStrVal()).isEqualTo("25%");
        assertThat(stable.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
                .isEqualTo("ghcr.io/acme/shop/api:2.0.0");
        assertThat(stable.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("slipway.dev/track", "stable");

        Deployment canary = deployment("api-canary");
        assertThat(canary.getMetadata().getLabels()).containsEntry("slipway.dev/track", "canary")
                .containsEntry("app.kubernetes.io/version", "2.1.0");
        assertThat(canary.getMetadata().getAnnotations()).containsEntry("slipway.dev/digest", "sha256:abc");
        assertThat(canary.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
                .isEqualTo("ghcr.io/acme/shop/api:2.1.0@sha256:abc");
        assertThat(canary.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal()).isEqualTo(1);
    }

    @Test
    void applyUpdatesInPlaceKeepsStatusAndSkipsWritesThatChangeNothing() {
        KubernetesCluster cluster = cluster(TrafficRouting.ISTIO);
        cluster.apply(spec("api", Track.STABLE, "2.0.0", 2));
        new TestController(client, NS, clock).reconcile();
        String settled = deployment("api").getMetadata().getResourceVersion();

        cluster.apply(spec("api", Track.STABLE, "2.0.0", 2));
        assertThat(deployment("api").getMetadata().getResourceVersion()).as("idempotent apply writes nothing")
                .isEqualTo(settled);

        cluster.apply(spec("api", Track.STABLE, "2.1.0", 2));
        Deployment updated = deployment("api");
        assertThat(updated.getMetadata().getGeneration()).isEqualTo(2);
        assertThat(updated.getStatus().getObservedGeneration()).as("status survives the update").isEqualTo(1);
        assertThat(RolloutStatus.of(Deployments.status(ENV, updated), 2)).isEqualTo(RolloutStatus.PROGRESSING);
        assertThat(Deployments.version(updated)).isEqualTo("2.1.0");
        new TestController(client, NS, clock).reconcile();
        assertThat(RolloutStatus.of(Deployments.status(ENV, deployment("api")), 2)).isEqualTo(RolloutStatus.COMPLETE);
    }

    @Test
    @SuppressWarnings("unchecked")
    void istioRouteWritesTheVirtualServiceAndDestinationRuleSubsets() {
        KubernetesCluster cluster = cluster(TrafficRouting.ISTIO);
        cluster.route(ENV, "web", Map.of(Track.CANARY, 10, Track.STABLE, 90));
        cluster.route(ENV, "web", Map.of(Track.STABLE, 50, Track.CANARY, 50));

        GenericKubernetesResource vs = generic(TrafficRoutes.VIRTUAL_SERVICE, "web");
        assertThat(vs.getApiVersion()).isEqualTo("networking.istio.io/v1");
        Map<String, Object> spec = (Map<String, Object>) vs.getAdditionalProperties().get("spec");
        assertThat(spec.get("hosts")).isEqualTo(List.of("web.shop-production.svc.cluster.local"));
        Map<String, Object> http = (Map<String, Object>) ((List<Object>) spec.get("http")).getFirst();
        assertThat(http.get("name")).isEqualTo("tracks");
        assertThat(http.get("route")).isEqualTo(List.of(
                Map.of("destination", Map.of("host", "web.shop-production.svc.cluster.local", "subset", "stable",
                        "port", Map.of("number", 3000)), "weight", 50),
                Map.of("destination", Map.of("host", "web.shop-production.svc.cluster.local", "subset", "canary",
                        "port", Map.of("number", 3000)), "weight", 50)));
        Map<String, Object> rule = (Map<String, Object>) generic(TrafficRoutes.DESTINATION_RULE, "web")
                .getAdditionalProperties().get("spec");
        assertThat(rule.get("subsets")).isEqualTo(List.of(
                Map.of("name", "stable", "labels", Map.of("slipway.dev/track", "stable")),
                Map.of("name", "canary", "labels", Map.of("slipway.dev/track", "canary"))));
    }

    @Test
    @SuppressWarnings("unchecked")
    void gatewayApiRouteWritesWeightedBackendRefsToPerTrackServices() {
        KubernetesCluster cluster = cluster(TrafficRouting.GATEWAY_API);
        cluster.route(ENV, "web", Map.of(Track.STABLE, 90, Track.CANARY, 10));

        GenericKubernetesResource route = generic(TrafficRoutes.HTTP_ROUTE, "web");
        assertThat(route.getApiVersion()).isEqualTo("gateway.networking.k8s.io/v1");
        Map<String, Object> spec = (Map<String, Object>) route.getAdditionalProperties().get("spec");
        assertThat(spec.get("parentRefs")).isEqualTo(List.of(Map.of("group", "gateway.networking.k8s.io",
                "kind", "Gateway", "name", "shop")));
        Map<String, Object> rule = (Map<String, Object>) ((List<Object>) spec.get("rules")).getFirst();
        assertThat(rule.get("backendRefs")).isEqualTo(List.of(
                Map.of("name", "web-stable", "port", 3000, "weight", 90),
                Map.of("name", "web-canary", "port", 3000, "weight", 10)));
        assertThat(client.services().inNamespace(NS).withName("web-canary").get().getSpec().getSelector())
                .containsEntry("slipway.dev/track", "canary").containsEntry("app.kubernetes.io/instance", "shop-web");
        assertThat(client.services().inNamespace(NS).withName("web-stable").get()).isNotNull();
    }

    @Test
    void withoutAMeshRouteScalesTheTracksInProportionToTheirWeights() {
        KubernetesCluster cluster = cluster(TrafficRouting.REPLICAS);
        cluster.apply(spec("web", Track.STABLE, "1.0.0", 10));
        cluster.apply(spec("web", Track.CANARY, "1.1.0", 10));
        cluster.route(ENV, "web", Map.of(Track.STABLE, 80, Track.CANARY, 20));
        assertThat(deployment("web").getSpec().getReplicas()).isEqualTo(8);
        assertThat(deployment("web-canary").getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment("web-canary").getMetadata().getAnnotations()).containsEntry("slipway.dev/weight", "20")
                .containsEntry("slipway.dev/replicas", "10");
        cluster.route(ENV, "web", Map.of(Track.STABLE, 99, Track.CANARY, 1));
        assertThat(deployment("web-canary").getSpec().getReplicas()).as("a track with traffic keeps a pod").isEqualTo(1);
        assertThat(cluster.inventory(ENV).deployed("web").orElseThrow().tracks()).containsExactly(
                new TrackState(Track.STABLE, "1.0.0", 99), new TrackState(Track.CANARY, "1.1.0", 1));
        cluster.route(ENV, "web", Map.of(Track.STABLE, 100, Track.CANARY, 0));
        assertThat(deployment("web").getSpec().getReplicas()).isEqualTo(10);
        assertThat(deployment("web-canary").getSpec().getReplicas()).isZero();
    }

    @Test
    void blueGreenSwitchesTheServiceSelectorAndPreviewsTheOtherColour() {
        KubernetesCluster cluster = cluster(TrafficRouting.REPLICAS);
        cluster.apply(spec("api", Track.BLUE, "2.0.0", 2));
        assertThat(selectorTrack("api")).isEqualTo("blue");
        cluster.apply(spec("api", Track.GREEN, "2.1.0", 2));
        assertThat(selectorTrack("api")).as("traffic stays on blue").isEqualTo("blue");
        assertThat(selectorTrack("api-preview")).isEqualTo("green");

        cluster.route(ENV, "api", Map.of(Track.GREEN, 100, Track.BLUE, 0));
        assertThat(selectorTrack("api")).isEqualTo("green");
        assertThat(selectorTrack("api-preview")).isEqualTo("blue");
        assertThat(cluster.inventory(ENV).deployed("api").orElseThrow().version()).isEqualTo("2.1.0");

        cluster.remove(ENV, "api", Track.BLUE);
        assertThat(deployment("api-blue")).isNull();
        assertThat(client.services().inNamespace(NS).withName("api-preview").get()).as("preview of blue removed").isNull();
        assertThat(selectorTrack("api")).isEqualTo("green");
    }

    private String selectorTrack(String serviceName) {
        return client.services().inNamespace(NS).withName(serviceName).get().getSpec().getSelector()
                .get("slipway.dev/track");
    }

    @Test
    void removeDeletesTheTrackAndIsIdempotent() {
        KubernetesCluster cluster = cluster(TrafficRouting.ISTIO);
        cluster.apply(spec("web", Track.STABLE, "1.0.0", 1));
        cluster.apply(spec("web", Track.CANARY, "1.1.0", 1));
        cluster.remove(ENV, "web", Track.CANARY);
        cluster.remove(ENV, "web", Track.CANARY);
        assertThat(deployment("web-canary")).isNull();
        assertThat(deployment("web")).isNotNull();
    }

    @Test
    void anImageAlreadyPinnedToItsDigestIsNotPinnedTwice() {
        KubernetesCluster cluster = cluster(TrafficRouting.ISTIO);
        String digest = "sha256:" + "ab".repeat(32);
        cluster.apply(new TrackSpec(ENV, "api", Track.STABLE, "2.0.0", "ghcr.io/acme/shop/api@" + digest,
                Optional.of(digest), 2, "25%", "0", Map.of()));
        new TestController(client, NS, clock).reconcile();

        assertThat(deployment("api").getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
                .isEqualTo("ghcr.io/acme/shop/api@" + digest);
        Deployed api = cluster.inventory(ENV).deployed("api").orElseThrow();
        assertThat(api.version()).isEqualTo("2.0.0");
        assertThat(api.digest()).contains(digest);
    }

    @Test
    void inventoryReadsVersionsDigestsRangesWeightsAndHealth() {
        KubernetesCluster cluster = cluster(TrafficRouting.ISTIO);
        cluster.apply(new TrackSpec(ENV, "api", Track.STABLE, "2.0.0", "ghcr.io/acme/shop/api:2.0.0",
                Optional.of("sha256:feed"), 2, "25%", "0", VersionRange.parseAll(Map.of("db", ">=16 <17"))));
        cluster.apply(spec("api", Track.CANARY, "2.1.0", 2));
        cluster.route(ENV, "api", Map.of(Track.STABLE, 90, Track.CANARY, 10));
        cluster.apply(spec("web", Track.STABLE, "0.0.0-unreleased", 1));
        new TestController(client, NS, clock).reconcile();

        Inventory inventory = cluster.inventory(ENV);
        assertThat(inventory.services().keySet()).as("the unreleased tag means not installed").containsExactly("api");
        Deployed api = inventory.deployed("api").orElseThrow();
        assertThat(api.version()).isEqualTo("2.0.0");
        assertThat(api.digest()).contains("sha256:feed");
        assertThat(api.ranges()).contains(VersionRange.parseAll(Map.of("db", ">=16 <17")));
        assertThat(api.healthy()).isTrue();
        assertThat(api.tracks()).containsExactly(new TrackState(Track.STABLE, "2.0.0", 90),
                new TrackState(Track.CANARY, "2.1.0", 10));

        cluster.remove(ENV, "api", Track.CANARY);
        assertThat(cluster.inventory(ENV).deployed("api").orElseThrow().tracks()).as("a routed track that is gone")
                .containsExactly(new TrackState(Track.STABLE, "2.0.0", 100));
    }

    @Test
    void watchDeliversEveryExistingTrackFirstThenEveryChangeOnTheClock() throws Exception {
        KubernetesCluster cluster = cluster(TrafficRouting.ISTIO);
        cluster.apply(spec("api", Track.STABLE, "2.0.0", 2));
        cluster.apply(spec("web", Track.STABLE, "1.0.0", 1));
        TestController controller = new TestController(client, NS, clock).crashLoops("api", "2.1.0");
        controller.reconcile();

        List<TrackStatus> seen = new ArrayList<>();
        cluster.watch(ENV, seen::add);
        assertThat(seen).as("nothing arrives off the clock's thread").isEmpty();
        clock.runDue();
        assertThat(seen).extracting(s -> s.service() + " " + RolloutStatus.of(s, 1))
                .containsExactly("api COMPLETE", "web COMPLETE");

        cluster.apply(spec("api", Track.STABLE, "2.1.0", 2));
        await(seen, 3);
        assertThat(seen.get(2)).extracting(TrackStatus::version, TrackStatus::generation, TrackStatus::observedGeneration)
                .containsExactly("2.1.0", 2L, 1L);
        assertThat(RolloutStatus.of(seen.get(2), 2)).isEqualTo(RolloutStatus.PROGRESSING);

        controller.reconcile();
        await(seen, 4);
        TrackStatus crashing = seen.get(3);
        assertThat(crashing.progressDeadlineExceeded()).isTrue();
        assertThat(crashing.readyReplicas()).isZero();
        assertThat(RolloutStatus.of(crashing, 2)).isEqualTo(RolloutStatus.FAILED);
        cluster.close();
    }

    @Test
    void withoutAMeshACanaryStartsAtTheSmallestShareAndIsUpThere() {
        KubernetesCluster cluster = cluster(TrafficRouting.REPLICAS);
        cluster.apply(spec("web", Track.STABLE, "1.0.0", 10));
        cluster.apply(spec("web", Track.CANARY, "1.1.0", 10));
        assertThat(deployment("web-canary").getSpec().getReplicas()).as("one pod until routed").isEqualTo(1);
        assertThat(deployment("web-canary").getMetadata().getAnnotations()).containsEntry("slipway.dev/replicas", "10")
                .doesNotContainKey("slipway.dev/weight");
        new TestController(client, NS, clock).reconcile();
        TrackStatus canary = Deployments.status(ENV, deployment("web-canary"));
        assertThat(canary.scaledTo()).hasValue(1);
        assertThat(RolloutStatus.of(canary, 10)).as("up at its share").isEqualTo(RolloutStatus.COMPLETE);
        assertThat(Deployments.status(ENV, deployment("web")).scaledTo()).isEmpty();

        cluster.route(ENV, "web", Map.of(Track.STABLE, 70, Track.CANARY, 30));
        assertThat(deployment("web-canary").getSpec().getReplicas()).isEqualTo(3);
        cluster.apply(spec("web", Track.CANARY, "1.1.0", 10));
        assertThat(deployment("web-canary").getSpec().getReplicas()).as("applied again: keeps its share").isEqualTo(3);
        assertThat(deployment("web-canary").getMetadata().getAnnotations()).containsEntry("slipway.dev/weight", "30");

        KubernetesCluster istio = cluster(TrafficRouting.ISTIO);
        istio.apply(spec("api", Track.CANARY, "2.1.0", 4));
        assertThat(deployment("api-canary").getSpec().getReplicas()).as("a mesh splits traffic by weight").isEqualTo(4);
    }

    @Test
    void watchCountsTheRestartsOfEachTracksCurrentPodsAndReportsEveryChange() throws Exception {
        KubernetesCluster cluster = cluster(TrafficRouting.ISTIO);
        cluster.apply(spec("api", Track.STABLE, "2.0.0", 2));
        cluster.apply(spec("api", Track.CANARY, "2.1.0", 1));
        new TestController(client, NS, clock).reconcile();
        pod("api-stable-a", "api", "stable", "2.0.0", 1);
        pod("api-stable-b", "api", "stable", "2.0.0", 2);
        pod("api-stable-old", "api", "stable", "1.9.0", 7); // the previous version's pod, going away
        pod("api-canary-a", "api", "canary", "2.1.0", 0);
        pod("web-stable-a", "web", "stable", "2.1.0", 5);   // another service's

        List<TrackStatus> seen = new ArrayList<>();
        cluster.watch(ENV, seen::add);
        clock.runDue();
        assertThat(seen).extracting(s -> s.track() + " " + s.restarts()).containsExactly("STABLE 3", "CANARY 0");

        restart("api-canary-a", 1);
        await(seen, 3);
        assertThat(seen.get(2)).extracting(TrackStatus::track, TrackStatus::restarts).containsExactly(Track.CANARY, 1);
        assertThat(seen.get(2).generation()).as("no Deployment changed").isEqualTo(seen.get(1).generation());

        restart("web-stable-a", 6);
        restart("api-stable-old", 8);
        client.pods().inNamespace(NS).withName("api-stable-b").delete();
        await(seen, 4);
        assertThat(seen.get(3)).extracting(TrackStatus::track, TrackStatus::restarts).containsExactly(Track.STABLE, 1);
        cluster.close();
    }

    private void pod(String name, String service, String track, String version, int restarts) {
        client.pods().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.PodBuilder()
                .withNewMetadata().withName(name).withLabels(Map.of("app.kubernetes.io/name", service,
                        "app.kubernetes.io/instance", "shop-" + service, "slipway.dev/track", track,
                        "app.kubernetes.io/version", version)).endMetadata()
                .withNewSpec().addNewContainer().withName(service).endContainer().endSpec().build()).create();
        restart(name, restarts);
    }

    private void restart(String name, int restartCount) {
        io.fabric8.kubernetes.api.model.Pod pod = client.pods().inNamespace(NS).withName(name).get();
        pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running")
                .addNewContainerStatus().withName(pod.getSpec().getContainers().getFirst().getName())
                .withRestartCount(restartCount).withReady(true).endContainerStatus().build());
        client.pods().inNamespace(NS).resource(pod).updateStatus();
    }

    /** Runs the clock's due callbacks until {@code count} statuses arrived (the watch answers in real time). */
    private void await(List<TrackStatus> seen, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (seen.size() < count && System.nanoTime() < deadline) {
            if (!clock.runDue()) {
                Thread.sleep(5);
            }
        }
        Thread.sleep(200);
        clock.runDue();
        assertThat(seen).as("statuses delivered").hasSize(count);
    }

    static Map<String, String> ranges(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
