package dev.slipway.generate.deploy;

import static dev.slipway.generate.deploy.DeployBehaviourTest.objects;
import static dev.slipway.generate.deploy.DeployBehaviourTest.path;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.generate.ConformanceCheck;
import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.Generator;
import dev.slipway.model.SystemSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A canary Rollout hands its weights to the router of its environment's {@code traffic}. */
class ArgoRolloutsTrafficTest {

    @TempDir
    Path dir;

    private static SystemSpec shop() {
        String text = DeployTestSpecs.SHOP.replace("""
                  - name: dev
                  - name: production
                """, """
                  - name: qa
                  - name: dev
                    kubeContext: dev-cluster
                    traffic: istio
                  - name: production
                    kubeContext: prod-cluster
                    traffic: gateway-api
                """);
        assertThat(text).isNotEqualTo(DeployTestSpecs.SHOP);
        return DeploySpecs.parse(text);
    }

    @Test
    @SuppressWarnings("unchecked")
    void istioAndGatewayApiEnvironmentsRouteTheCanaryThroughTheObjectsTheirTargetsWrite() throws Exception {
        SystemSpec spec = shop();
        List<GeneratedFile> rollouts = new ArgoRollouts().generate(spec);
        Map<String, Map<String, Object>> canaries = new java.util.HashMap<>();
        // each environment's Rollout, by the folder it is written to
        for (GeneratedFile file : rollouts) {
            if (file.path().endsWith("/gateway.yaml")) {
                String environment = file.path().split("/")[2];
                canaries.put(environment, objects(List.of(file), "Rollout").getFirst());
            }
        }
        assertThat(canaries).containsOnlyKeys("dev", "production", "qa");

        Map<String, Object> istio = (Map<String, Object>) path(canaries.get("dev"), "spec.strategy.canary.trafficRouting.istio");
        assertThat(istio).isEqualTo(Map.of(
                "virtualService", Map.of("name", "gateway", "routes", List.of("tracks")),
                "destinationRule", Map.of("name", "gateway", "canarySubsetName", "canary", "stableSubsetName", "stable")));
        List<GeneratedFile> istioFiles = new IstioRouting().generate(spec);
        Map<String, Object> virtualService = objects(istioFiles, "VirtualService").stream()
                .filter(v -> "gateway".equals(path(v, "metadata.name")) && "shop-dev".equals(path(v, "metadata.namespace")))
                .findFirst().orElseThrow();
        assertThat((List<Map<String, Object>>) path(virtualService, "spec.http")).extracting(r -> r.get("name")).containsExactly("tracks");
        Map<String, Object> rule = objects(istioFiles, "DestinationRule").stream()
                .filter(v -> "gateway".equals(path(v, "metadata.name")) && "shop-dev".equals(path(v, "metadata.namespace")))
                .findFirst().orElseThrow();
        assertThat((List<Map<String, Object>>) path(rule, "spec.subsets")).extracting(s -> s.get("name"))
                .containsExactlyInAnyOrder("stable", "canary");

        Map<String, Object> plugin = (Map<String, Object>) ((Map<String, Object>) path(canaries.get("production"),
                "spec.strategy.canary.trafficRouting.plugins")).get("argoproj-labs/gatewayAPI");
        assertThat(plugin).isEqualTo(Map.of("httpRoute", "gateway", "namespace", "shop-production"));
        Map<String, Object> route = objects(new GatewayApiRouting().generate(spec), "HTTPRoute").stream()
                .filter(v -> "gateway".equals(path(v, "metadata.name")) && "shop-production".equals(path(v, "metadata.namespace")))
                .findFirst().orElseThrow();
        // the plugin moves the weights between exactly the Services the Rollout names stable and canary
        List<Object> backends = new ArrayList<>();
        for (Map<String, Object> r : (List<Map<String, Object>>) path(route, "spec.rules")) {
            ((List<Map<String, Object>>) r.get("backendRefs")).forEach(b -> backends.add(b.get("name")));
        }
        assertThat(backends).containsExactlyInAnyOrder(path(canaries.get("production"), "spec.strategy.canary.stableService"),
                path(canaries.get("production"), "spec.strategy.canary.canaryService"));

        // without a mesh the weight is the replica ratio: nothing to route
        assertThat(path(canaries.get("qa"), "spec.strategy.canary.trafficRouting")).isNull();
        // blue-green has no trafficRouting in Argo Rollouts
        for (GeneratedFile file : rollouts) {
            if (file.path().endsWith("/orders.yaml")) {
                assertThat(path(objects(List.of(file), "Rollout").getFirst(), "spec.strategy.blueGreen.trafficRouting")).isNull();
            }
        }

        for (Generator generator : List.<Generator>of(new ArgoRollouts(), new IstioRouting(), new GatewayApiRouting())) {
            for (GeneratedFile file : generator.generate(spec)) {
                Path target = dir.resolve(file.path());
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.content());
            }
        }
        ConformanceCheck.Result result = ConformanceCheck.validate(dir);
        assertThat(result.exitCode()).as(result.output()).isZero();
    }
}
