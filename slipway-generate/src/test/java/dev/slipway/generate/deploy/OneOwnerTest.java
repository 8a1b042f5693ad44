package dev.slipway.generate.deploy;

import static dev.slipway.generate.deploy.DeployBehaviourTest.allObjects;
import static dev.slipway.generate.deploy.DeployBehaviourTest.objects;
import static dev.slipway.generate.deploy.DeployBehaviourTest.path;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.generate.GeneratedFile;
import dev.slipway.model.SystemSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One owner for every object: where Slipway delivers, Argo CD ignores (and a sync keeps) exactly the fields
 * Slipway changes in the workloads the overlays render; where Git delivers, Argo CD syncs and heals everything.
 */
@SuppressWarnings("unchecked")
class OneOwnerTest {

    private static final SystemSpec SPEC = DeploySpecs.parse("""
            system: {name: shop, registry: registry.example.com/shop, repository: https://git.example.com/shop.git}
            environments:
              - {name: dev}
              - {name: staging, approval: true}
              - {name: production, approval: true, delivery: gitops}
            services:
              web: {path: web, language: node, port: 3000, replicas: 3, dependsOn: {api: "^1"},
                    strategy: {type: canary}}
              api: {path: api, language: go, port: 8080}
              db: {image: "postgres:16.4-alpine", port: 5432, stateful: true}
            """);

    @TempDir
    Path dir;

    @Test
    void whereSlipwayDeliversArgoCdIgnoresTheImageAndReplicasOfTheRenderedWorkloadAndASyncKeepsThem() throws IOException {
        write(new KubernetesManifests().generate(SPEC));
        List<Map<String, Object>> applications = objects(new ArgoCdApplications().generate(SPEC), "Application").stream()
                .filter(a -> path(a, "spec.project").equals("shop")).toList();
        assertThat(applications).hasSize(9);
        for (Map<String, Object> application : applications) {
            String environment = (String) path(application, "metadata.labels.slipway.dev/environment");
            if (environment.equals("production")) {
                continue;
            }
            List<Map<String, Object>> rendered = Kustomize.build(dir.resolve((String) path(application, "spec.source.path")));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> ignored = (List<Map<String, Object>>) path(application, "spec.ignoreDifferences");
            assertThat(ignored).as("%s", path(application, "metadata.name")).hasSize(1);
            Map<String, Object> rule = ignored.getFirst();
            Map<String, Object> workload = rendered.stream()
                    .filter(o -> ((String) o.get("apiVersion")).startsWith(rule.get("group") + "/"))
                    .filter(o -> o.get("kind").equals(rule.get("kind")))
                    .filter(o -> path(o, "metadata.name").equals(rule.get("name")))
                    .findFirst().orElseThrow(() -> new AssertionError("no workload matches " + rule));
            @SuppressWarnings("unchecked")
            List<String> expressions = (List<String>) rule.get("jqPathExpressions");
            // the paths select exactly what Slipway's cluster adapter sets: the replica count and the image
            assertThat(expressions).hasSize(2);
            assertThat(jq(workload, expressions.get(0))).containsExactly(path(workload, "spec.replicas"));
            assertThat(jq(workload, expressions.get(1))).singleElement().asString()
                    .startsWith(path(application, "metadata.labels.app.kubernetes.io/name").equals("db")
                            ? "postgres:16.4-alpine" : "registry.example.com/shop/");
            assertThat((List<Object>) path(application, "spec.syncPolicy.syncOptions")).contains("RespectIgnoreDifferences=true");
        }
    }

    @Test
    void whereGitDeliversArgoCdSyncsEveryCommitAndHealsEverythingEvenBehindAnApproval() {
        List<Map<String, Object>> applications = objects(new ArgoCdApplications().generate(SPEC), "Application");
        for (Map<String, Object> application : applications) {
            String environment = (String) path(application, "metadata.labels.slipway.dev/environment");
            Object automated = path(application, "spec.syncPolicy.automated");
            switch (environment) {
                case "production" -> {
                    // Slipway commits only once the approval gate has passed: the commit is the approved change
                    assertThat(automated).isEqualTo(Map.of("prune", true, "selfHeal", true));
                    assertThat(path(application, "spec.ignoreDifferences")).isNull();
                    assertThat(path(application, "spec.syncOptions")).isNull();
                    assertThat((List<Object>) path(application, "spec.syncPolicy.syncOptions"))
                            .doesNotContain("RespectIgnoreDifferences=true");
                }
                case "staging" -> assertThat(automated).as("a person syncs where Slipway delivers after approval").isNull();
                default -> assertThat(automated).isEqualTo(Map.of("prune", true, "selfHeal", true));
            }
        }
    }

    @Test
    void theArgoRolloutsFolderHasAnArgoCdApplicationAndAFluxKustomizationPerEnvironment() {
        List<GeneratedFile> files = new ArgoRollouts().generate(SPEC);
        for (String environment : List.of("dev", "staging", "production")) {
            String folder = "deploy/argo-rollouts/" + environment;
            assertThat(files).extracting(GeneratedFile::path).contains(folder + "/kustomization.yaml");
            Map<String, Object> application = allObjects(files.stream()
                    .filter(f -> f.path().equals("deploy/argo-rollouts/argocd-" + environment + ".yaml")).toList()).getFirst();
            assertThat(application.get("kind")).isEqualTo("Application");
            assertThat(path(application, "spec.source.path")).isEqualTo(folder);
            assertThat(path(application, "spec.source.repoURL")).isEqualTo("https://git.example.com/shop.git");
            assertThat(path(application, "spec.destination.namespace")).isEqualTo("shop-" + environment);
            Map<String, Object> kustomization = allObjects(files.stream()
                    .filter(f -> f.path().equals("deploy/argo-rollouts/flux-" + environment + ".yaml")).toList()).getFirst();
            assertThat(kustomization.get("kind")).isEqualTo("Kustomization");
            assertThat(path(kustomization, "spec.path")).isEqualTo("./" + folder);
            assertThat(path(kustomization, "spec.sourceRef.name")).isEqualTo("shop"); // the flux target's GitRepository
            assertThat(path(kustomization, "spec.targetNamespace")).isEqualTo("shop-" + environment);
        }
        SystemSpec withoutRepository = DeploySpecs.parse("""
                system: {name: shop, registry: registry.example.com/shop}
                environments: [{name: dev}]
                services:
                  web: {path: web, language: node, port: 3000, strategy: {type: canary}}
                """);
        assertThat(new ArgoRollouts().generate(withoutRepository)).extracting(GeneratedFile::path)
                .noneMatch(p -> p.contains("argocd-") || p.contains("flux-"));
    }

    private void write(List<GeneratedFile> files) throws IOException {
        for (GeneratedFile file : files) {
            Path path = dir.resolve(file.path());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.content());
        }
    }

    /** The values a JQ path of the forms Slipway writes ({@code .a.b}, {@code .a[].b}) selects. */
    private static List<Object> jq(Object root, String expression) {
        List<Object> current = new ArrayList<>(List.of(root));
        for (String step : expression.substring(1).split("\\.")) {
            boolean each = step.endsWith("[]");
            String key = each ? step.substring(0, step.length() - 2) : step;
            List<Object> next = new ArrayList<>();
            for (Object value : current) {
                Object child = value instanceof Map<?, ?> map ? map.get(key) : null;
                if (child == null) {
                    continue;
                }
                if (each && child instanceof List<?> list) {
                    next.addAll(list);
                } else if (!each) {
                    next.add(child);
                }
            }
            current = next;
        }
        return current;
    }
}
