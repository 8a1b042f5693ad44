package dev.slipway.generate.deploy;

import static dev.slipway.generate.deploy.DeployBehaviourTest.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.Layout;
import dev.slipway.generate.RepositoryFiles;
import dev.slipway.generate.init.ImportResult;
import dev.slipway.generate.init.RepositoryImport;
import dev.slipway.generate.init.SpecText;
import dev.slipway.model.Environment;
import dev.slipway.model.LoadResult;
import dev.slipway.model.load.SpecLoader;
import dev.slipway.model.Service;
import dev.slipway.model.SystemSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The generated kustomizations rendered as {@code kustomize build} renders them (see {@link Kustomize}), first
 * cross-checked on the examples of kustomize's own documentation, then on every overlay of every system the
 * generators are exercised on (the examples, the test specs, the builds fixture, what init writes for each fixture
 * repository).
 */
class KustomizeRenderTest {

    /** A host after {@code //} or {@code @}, or a whole value {@code host:port}. */
    private static final Pattern HOST = Pattern.compile("(?:^|//|@)([a-z0-9][-a-z0-9.]*)(?=:\\d|/|$)");

    @TempDir
    Path dir;

    // --- kustomize's documented examples (kustomization.yaml field reference), written by hand ---

    @Test
    void imagesAsDocumented() throws IOException {
        write("deployment.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: the-deployment}
                spec:
                  template:
                    spec:
                      initContainers: [{name: init, image: alpine:3.7}]
                      containers:
                        - {name: mypostgresdb, image: postgres:8}
                        - {name: nginxapp, image: nginx:1.7.9}
                        - {name: myapp, image: my-demo-app:latest}
                        - {name: registry, image: localhost:5000/tool}
                """);
        write("kustomization.yaml", """
                resources: [deployment.yaml]
                images:
                  - {name: postgres, newName: my-registry/my-postgres, newTag: v1}
                  - {name: nginx, newTag: 1.8.0}
                  - {name: my-demo-app, newName: my-app}
                  - {name: alpine, digest: "sha256:24a0c4b4a4c0eb97a1aabb8e29f18e917d05abfe1b7a7c07857230879ce7d3d3"}
                  - {name: localhost:5000/tool, newTag: "2"}
                """);
        Map<String, Object> deployment = Kustomize.build(dir).getFirst();
        assertThat(images(deployment)).containsExactly(
                "alpine@sha256:24a0c4b4a4c0eb97a1aabb8e29f18e917d05abfe1b7a7c07857230879ce7d3d3",
                "my-registry/my-postgres:v1", "nginx:1.8.0", "my-app:latest", "localhost:5000/tool:2");
    }

    @Test
    void namespaceAsDocumentedLeavesClusterScopedKindsAloneAndRenamesANamespace() throws IOException {
        write("resources.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: the-deployment}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: the-service, namespace: other}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata: {name: reader}
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: old}
                """);
        write("kustomization.yaml", "namespace: my-namespace\nresources: [resources.yaml]\n");
        List<Map<String, Object>> objects = Kustomize.build(dir);
        assertThat(objects).extracting(o -> path(o, "metadata.namespace"))
                .containsExactly("my-namespace", "my-namespace", null, null);
        assertThat(path(objects.get(3), "metadata.name")).isEqualTo("my-namespace");
    }

    @Test
    void labelsAsDocumentedReachTemplatesAndSelectorsOnlyWhenAsked() throws IOException {
        write("resources.yaml", """
                apiVersion: v1
                kind: Service
                metadata: {name: svc}
                spec: {selector: {app: x}}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: dep}
                spec:
                  selector: {matchLabels: {app: x}}
                  template: {metadata: {labels: {app: x}}}
                """);
        write("kustomization.yaml", """
                resources: [resources.yaml]
                labels:
                  - pairs: {someName: someValue, owner: alice}
                    includeSelectors: true
                  - pairs: {env: dev}
                    includeSelectors: false
                    includeTemplates: true
                  - pairs: {plain: only-metadata}
                """);
        List<Map<String, Object>> objects = Kustomize.build(dir);
        assertThat(path(objects.get(0), "metadata.labels"))
                .isEqualTo(Map.of("someName", "someValue", "owner", "alice", "env", "dev", "plain", "only-metadata"));
        assertThat(path(objects.get(0), "spec.selector")).isEqualTo(Map.of("app", "x", "someName", "someValue", "owner", "alice"));
        assertThat(path(objects.get(1), "spec.selector.matchLabels"))
                .isEqualTo(Map.of("app", "x", "someName", "someValue", "owner", "alice"));
        assertThat(path(objects.get(1), "spec.template.metadata.labels"))
                .isEqualTo(Map.of("app", "x", "someName", "someValue", "owner", "alice", "env", "dev"));
    }

    @Test
    void replicasAsDocumentedAndANameThatMatchesNothingIsAnError() throws IOException {
        write("deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: deployment-name}\nspec: {replicas: 1}\n");
        write("kustomization.yaml", "resources: [deployment.yaml]\nreplicas: [{name: deployment-name, count: 5}]\n");
        assertThat(path(Kustomize.build(dir).getFirst(), "spec.replicas")).isEqualTo(5);
        write("kustomization.yaml", "resources: [deployment.yaml]\nreplicas: [{name: other, count: 5}]\n");
        assertThatThrownBy(() -> Kustomize.build(dir)).hasMessageContaining("resource with name other does not match");
    }

    @Test
    void overlaysBuildTheirBasesAndRefuseWhatKustomizeRefuses() throws IOException {
        write("base/kustomization.yaml", "resources: [service.yaml]\n");
        write("base/service.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: a}\n");
        write("dev/kustomization.yaml", "resources: [../base]\nnamespace: dev\n");
        write("prod/kustomization.yaml", "resources: [../base]\nnamespace: prod\n");
        write("all/kustomization.yaml", "resources: [../dev, ../prod]\n");
        assertThat(Kustomize.build(dir.resolve("all"))).extracting(o -> path(o, "metadata.namespace"))
                .containsExactly("dev", "prod");
        write("twice/kustomization.yaml", "resources: [../base, ../base]\n");
        assertThatThrownBy(() -> Kustomize.build(dir.resolve("twice"))).hasMessageContaining("already registered id");
        write("outside/kustomization.yaml", "resources: [../base/service.yaml]\n");
        assertThatThrownBy(() -> Kustomize.build(dir.resolve("outside"))).hasMessageContaining("not in or below");
        write("patched/kustomization.yaml", "resources: [../base]\npatches: [{path: p.yaml}]\n");
        assertThatThrownBy(() -> Kustomize.build(dir.resolve("patched"))).hasMessageContaining("'patches' is not modelled");
    }

    // --- every system generate is exercised on, every overlay ---

    /**
     * The systems the generators run on in tests: the examples, the specs and the builds fixture under
     * {@code src/test/resources}, and the slipway.yaml {@code slipway init} writes for each fixture repository
     * (online-boutique and every shape under {@code repos/shapes}).
     */
    static Map<String, Callable<SystemSpec>> fixtureSystems() throws IOException {
        Path root = RepositoryFiles.root();
        Path resources = root.resolve("slipway-generate/src/test/resources");
        Map<String, Callable<SystemSpec>> systems = new LinkedHashMap<>();
        for (Path spec : RepositoryFiles.exampleSpecs()) {
            systems.put("examples/" + spec.getParent().getFileName(), () -> RepositoryFiles.load(spec));
        }
        try (Stream<Path> specs = Files.list(resources.resolve("specs"))) {
            specs.filter(f -> f.toString().endsWith(".yaml")).sorted()
                    .forEach(spec -> systems.put("specs/" + spec.getFileName(), () -> RepositoryFiles.load(spec)));
        }
        systems.put("builds", () -> RepositoryFiles.load(resources.resolve("builds/slipway.yaml")));
        List<Path> repositories = new ArrayList<>(List.of(resources.resolve("repos/online-boutique")));
        try (Stream<Path> shapes = Files.list(resources.resolve("repos/shapes"))) {
            shapes.filter(Files::isDirectory).sorted().forEach(repositories::add);
        }
        for (Path repository : repositories) {
            systems.put("init " + root.relativize(repository), () -> {
                ImportResult imported = RepositoryImport.scan(repository);
                LoadResult loaded = SpecLoader.load(SpecText.write(imported, imported.systemName(),
                        imported.registryFor(imported.systemName())), "slipway.yaml");
                assertThat(loaded.problems()).as("what init writes for %s loads cleanly", repository).isEmpty();
                return loaded.orThrow();
            });
        }
        return systems;
    }

    @TestFactory
    Stream<DynamicTest> everyOverlayOfEveryFixtureSystemRendersIntoItsNamespaceWithItsHostsAsServicesThereAndItsImagesSet()
            throws IOException {
        return fixtureSystems().entrySet().stream().map(system -> DynamicTest.dynamicTest(system.getKey(), () -> {
            SystemSpec spec = system.getValue().call();
            Path out = dir.resolve(system.getKey().replaceAll("[^\\w.-]+", "_"));
            checkEveryOverlay(spec, out);
        }));
    }

    @Test
    void theShopsOverlaysNameTheirHostsInEveryEnvironment() throws Exception {
        SystemSpec spec = RepositoryFiles.load(RepositoryFiles.root().resolve("examples/shop/slipway.yaml"));
        assertThat(checkEveryOverlay(spec, dir.resolve("shop"))).as("in-cluster hosts checked over all environments")
                .isGreaterThanOrEqualTo(14 * spec.environments().size());
    }

    @Test
    void theCheckCatchesAHostThatResolvesOutsideThePodsNamespace() throws Exception {
        // web names the api in a namespace no environment of the system runs in: no overlay can make that resolve
        SystemSpec spec = SpecLoader.load("""
                system: {name: mini, registry: ghcr.io/acme/mini}
                environments: [{name: dev}]
                services:
                  api: {path: api, language: go, port: 8080}
                  web:
                    path: web
                    language: node
                    port: 3000
                    env: {API_URL: "http://api.elsewhere:8080"}
                    dependsOn: {api: "*"}
                """, "slipway.yaml").orThrow();
        assertThatThrownBy(() -> checkEveryOverlay(spec, dir.resolve("elsewhere")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("API_URL=http://api.elsewhere:8080 of web in dev");
    }

    /**
     * Renders each environment's overlay and each service's overlay in it: every namespaced object lands in the
     * environment's namespace (the Namespace object is that one), every workload's images are the ones its overlay
     * sets, and every in-cluster host an env value names resolves, from the pod's own namespace, to a Service
     * rendered in that same namespace. Returns how many hosts were checked.
     */
    @SuppressWarnings("unchecked")
    private int checkEveryOverlay(SystemSpec spec, Path out) throws IOException {
        writeAll(out, new KubernetesManifests().generate(spec));
        int hosts = 0;
        for (Environment environment : spec.environments()) {
            List<Map<String, Object>> objects = Kustomize.build(out.resolve(Layout.environmentOverlay(environment)));
            String namespace = environment.namespace();
            assertThat(objects).filteredOn(o -> "Namespace".equals(o.get("kind")))
                    .extracting(o -> path(o, "metadata.name")).containsExactly(namespace);
            assertThat(objects).filteredOn(o -> !"Namespace".equals(o.get("kind")))
                    .allSatisfy(o -> assertThat(path(o, "metadata.namespace")).as("%s", path(o, "metadata.name")).isEqualTo(namespace));
            Set<String> services = new HashSet<>();
            objects.stream().filter(o -> "Service".equals(o.get("kind")))
                    .forEach(o -> services.add(path(o, "metadata.namespace") + "/" + path(o, "metadata.name")));
            for (Service service : spec.services()) {
                if (!Files.isDirectory(out.resolve(Layout.kustomizeOverlay(service, environment)))) {
                    continue; // nothing deployed for it (an external system), checked by the deploy tests
                }
                assertThat(Kustomize.build(out.resolve(Layout.kustomizeOverlay(service, environment))))
                        .as("the overlay of %s in %s alone", service.name(), environment.name())
                        .allSatisfy(o -> assertThat(path(o, "metadata.namespace")).isEqualTo(namespace));
                Map<String, Object> workload = objects.stream()
                        .filter(o -> path(o, "spec.template") != null && service.name().equals(path(o, "metadata.name")))
                        .findFirst().orElseThrow(() -> new AssertionError("no workload " + service.name() + " in " + environment.name()));
                assertThat(images(workload)).as("%s in %s", service.name(), environment.name())
                        .containsExactlyElementsOf(overlayImages(out, service, environment));
                for (Map<String, Object> container : containers(workload)) {
                    for (Object entry : (List<Object>) Objects.requireNonNullElse(container.get("env"), List.of())) {
                        if (((Map<String, Object>) entry).get("value") instanceof String value) {
                            for (String host : inClusterHosts(spec, value)) {
                                hosts++;
                                String as = ((Map<String, Object>) entry).get("name") + "=" + value + " of " + service.name()
                                        + " in " + environment.name();
                                assertThat(resolve(host, namespace)).as(as).startsWith(namespace + "/");
                                assertThat(services).as(as).contains(resolve(host, namespace));
                            }
                        }
                    }
                }
            }
        }
        return hosts;
    }

    @Test
    void everyEnvironmentOfTheShopsArgoRolloutsFolderRendersIntoItsNamespace() throws IOException {
        SystemSpec spec = RepositoryFiles.load(RepositoryFiles.root().resolve("examples/shop/slipway.yaml"));
        List<GeneratedFile> files = new ArgoRollouts().generate(spec);
        writeAll(dir, files);
        for (Environment environment : spec.environments()) {
            Path folder = dir.resolve("deploy/argo-rollouts/" + environment.name());
            List<Map<String, Object>> objects = Kustomize.build(folder);
            assertThat(objects).isNotEmpty().allSatisfy(o -> assertThat(path(o, "metadata.namespace")).isEqualTo(environment.namespace()));
            assertThat(objects).filteredOn(o -> "Rollout".equals(o.get("kind"))).isNotEmpty().allSatisfy(rollout -> assertThat(images(rollout))
                    .allSatisfy(image -> assertThat(image).matches("[^:@]+(:[^:@/]+)?(@sha256:[0-9a-f]{64})?").doesNotEndWith(":latest")
                            .satisfiesAnyOf(i -> assertThat(i).contains(":"), i -> assertThat(i).contains("@"))));
        }
    }

    /** The images an overlay sets, in the order the workload's containers name them. */
    @SuppressWarnings("unchecked")
    private static List<String> overlayImages(Path out, Service service, Environment environment) throws IOException {
        Map<String, Object> overlay = (Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(out.resolve(Layout.kustomizeOverlay(service, environment) + "/kustomization.yaml")));
        List<String> base = new ArrayList<>();
        for (Map<String, Object> object : Kustomize.build(out.resolve(Layout.kustomizeBase(service)))) {
            if (path(object, "spec.template") != null) {
                base.addAll(images(object));
            }
        }
        List<String> expected = new ArrayList<>();
        for (String image : base) {
            String name = Kustomize.name(image);
            Map<String, Object> entry = ((List<Map<String, Object>>) overlay.get("images")).stream()
                    .filter(i -> name.equals(i.get("name"))).findFirst()
                    .orElseThrow(() -> new AssertionError("overlay " + environment.name() + " of " + service.name() + " sets no image " + name));
            expected.add(entry.get("newName") + ":" + entry.get("newTag"));
        }
        return expected;
    }

    /** Hosts naming a Service of this system: a short name, NAME.NAMESPACE, or NAME.NAMESPACE.svc[.cluster.local]. */
    private static List<String> inClusterHosts(SystemSpec spec, String value) {
        List<String> hosts = new ArrayList<>();
        Matcher m = HOST.matcher(value);
        while (m.find()) {
            String host = m.group(1);
            String first = host.contains(".") ? host.substring(0, host.indexOf('.')) : host;
            if (spec.service(first).isPresent() && (host.equals(first) || host.split("\\.").length == 2 || host.contains(".svc"))) {
                hosts.add(host);
            }
        }
        return hosts;
    }

    /** NAMESPACE/NAME the cluster DNS resolves a host to, from a pod in {@code namespace}. */
    private static String resolve(String host, String namespace) {
        String[] labels = host.split("\\.");
        return (labels.length == 1 ? namespace : labels[1]) + "/" + labels[0];
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> containers(Map<String, Object> workload) {
        List<Map<String, Object>> containers = new ArrayList<>();
        for (String field : List.of("spec.template.spec.initContainers", "spec.template.spec.containers")) {
            containers.addAll((List<Map<String, Object>>) Objects.requireNonNullElse(path(workload, field), List.of()));
        }
        return containers;
    }

    private static List<String> images(Map<String, Object> workload) {
        return containers(workload).stream().map(c -> (String) c.get("image")).toList();
    }

    private static void writeAll(Path root, List<GeneratedFile> files) throws IOException {
        for (GeneratedFile file : files) {
            write(root, file.path(), file.content());
        }
    }

    private void write(String relative, String content) throws IOException {
        write(dir, relative, content);
    }

    private static void write(Path root, String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
