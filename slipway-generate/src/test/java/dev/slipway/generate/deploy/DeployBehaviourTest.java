package dev.slipway.generate.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.GenerationException;
import dev.slipway.generate.Generator;
import dev.slipway.generate.Layout;
import dev.slipway.model.SystemSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** What the deploy targets promise, checked on the parsed YAML rather than on text. */
class DeployBehaviourTest {

    static final String SHOP = DeployTestSpecs.SHOP;

    static Stream<SystemSpec> specs() {
        return Stream.of(DeploySpecs.minimal(), DeploySpecs.parse(SHOP));
    }

    static List<Generator> generators() {
        return List.of(new KubernetesManifests(), new ArgoCdApplications(), new FluxKustomizations(),
                new IstioRouting(), new GatewayApiRouting(), new ArgoRollouts());
    }

    @Test
    void argoSyncWaveOfEveryApplicationIsItsDependencyDepth() {
        specs().forEach(spec -> {
            Map<String, Integer> depths = spec.graph().depths();
            List<Map<String, Object>> applications = objects(new ArgoCdApplications().generate(spec), "Application").stream()
                    .filter(a -> path(a, "spec.project").equals(spec.system().name())).toList();
            assertThat(applications).hasSize(spec.services().size() * spec.environments().size());
            for (Map<String, Object> application : applications) {
                String service = (String) path(application, "metadata.labels.app.kubernetes.io/name");
                assertThat(path(application, "metadata.annotations.argocd.argoproj.io/sync-wave"))
                        .as("sync wave of %s", path(application, "metadata.name"))
                        .isEqualTo(String.valueOf(depths.get(service)));
            }
        });
        // the shop graph really has three levels: db/queue 0, orders/users/worker 1, gateway 2
        assertThat(DeploySpecs.parse(SHOP).graph().depths()).containsEntry("gateway", 2).containsEntry("db", 0);
    }

    @Test
    void argoSyncsAutomaticallyExceptWhereAPersonApproves() {
        SystemSpec spec = DeploySpecs.parse(SHOP);
        for (Map<String, Object> application : objects(new ArgoCdApplications().generate(spec), "Application")) {
            String environment = (String) path(application, "metadata.labels.slipway.dev/environment");
            Object automated = path(application, "spec.syncPolicy.automated");
            if (environment.equals("production")) {
                assertThat(automated).as("production is synced by a person").isNull();
            } else {
                assertThat(automated).isEqualTo(Map.of("prune", true, "selfHeal", true));
            }
        }
    }

    @Test
    void fluxDependsOnAreExactlyTheGraphEdgesWithinOneEnvironment() {
        specs().forEach(spec -> {
            List<String> edges = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            for (var environment : spec.environments()) {
                for (String service : spec.graph().services()) {
                    for (String dependency : spec.graph().dependencies(service)) {
                        expected.add(spec.system().name() + "-" + service + "-" + environment.name() + " -> "
                                + spec.system().name() + "-" + dependency + "-" + environment.name());
                    }
                }
            }
            for (Map<String, Object> kustomization : objects(new FluxKustomizations().generate(spec), "Kustomization")) {
                Object dependsOn = path(kustomization, "spec.dependsOn");
                if (dependsOn instanceof List<?> list) {
                    for (Object entry : list) {
                        edges.add(path(kustomization, "metadata.name") + " -> " + ((Map<?, ?>) entry).get("name"));
                    }
                }
            }
            assertThat(edges).containsExactlyInAnyOrderElementsOf(expected);
        });
    }

    @Test
    void fluxRewritesScpStyleSshUrls() {
        Map<String, Object> source = objects(new FluxKustomizations().generate(DeploySpecs.parse(SHOP)), "GitRepository").getFirst();
        assertThat(path(source, "spec.url")).isEqualTo("ssh://git@github.com/acme/shop.git");
    }

    @Test
    void everyContainerIsHardened() {
        specs().forEach(spec -> {
            int containers = 0;
            for (Generator generator : List.of(new KubernetesManifests(), new ArgoRollouts())) {
                for (Map<String, Object> object : allObjects(generator.generate(spec))) {
                    Object podSpec = path(object, "spec.template.spec");
                    if (podSpec == null) {
                        continue;
                    }
                    assertThat(path(object, "spec.template.spec.securityContext.runAsNonRoot")).isEqualTo(true);
                    for (Object c : (List<?>) path(object, "spec.template.spec.containers")) {
                        containers++;
                        @SuppressWarnings("unchecked")
                        Map<String, Object> container = (Map<String, Object>) c;
                        assertThat(path(container, "securityContext")).as("securityContext of %s", container.get("name"))
                                .isEqualTo(Map.of(
                                        "allowPrivilegeEscalation", false,
                                        "readOnlyRootFilesystem", true,
                                        "runAsNonRoot", true,
                                        "capabilities", Map.of("drop", List.of("ALL")),
                                        "seccompProfile", Map.of("type", "RuntimeDefault")));
                        assertThat(container).containsKey("resources");
                    }
                }
            }
            assertThat(containers).as("containers checked").isGreaterThanOrEqualTo(spec.services().size());
        });
    }

    static Map<String, Map<String, Object>> workloads(SystemSpec spec) {
        Map<String, Map<String, Object>> workloads = new HashMap<>();
        for (Map<String, Object> object : allObjects(new KubernetesManifests().generate(spec))) {
            if (path(object, "spec.template") != null) {
                workloads.put((String) path(object, "metadata.name"), object);
            }
        }
        return workloads;
    }

    @Test
    void knownImagesAreReadyWhenTheirOwnClientSaysSoAndBuiltServicesWhenTheirHealthPathAnswers() {
        Map<String, Map<String, Object>> workloads = workloads(DeploySpecs.parse(SHOP));
        assertThat(probe(workloads.get("db"))).containsEntry("exec", Map.of("command", List.of("pg_isready", "-h", "127.0.0.1")));
        assertThat(probe(workloads.get("queue"))).containsEntry("exec",
                Map.of("command", List.of("rabbitmq-diagnostics", "-q", "ping")));
        assertThat(probe(workloads.get("users"))).containsEntry("httpGet", Map.of("path", "/healthz", "port", "http"));
        assertThat(probe(workloads.get("worker"))).as("no port, nothing to probe").isNull();
        assertThat(path(workloads.get("db"), "kind")).isEqualTo("StatefulSet");
        assertThat(path(workloads.get("db"), "spec.volumeClaimTemplates")).isNotNull();
    }

    @Test
    void noImageIsEverLatestAndBuiltServicesStartAtTheDocumentedTag() {
        specs().forEach(spec -> generators().forEach(generator -> {
            for (GeneratedFile file : generator.generate(spec)) {
                assertThat(file.content()).as(file.path()).doesNotContain(":latest").doesNotContain("newTag: latest");
            }
        }));
        String overlay = new KubernetesManifests().generate(DeploySpecs.minimal()).stream()
                .filter(f -> f.path().equals("deploy/kubernetes/web/overlays/dev/kustomization.yaml"))
                .findFirst().orElseThrow().content();
        assertThat(overlay).contains("newTag: " + Layout.INITIAL_IMAGE_TAG).contains("newName: ghcr.io/acme/minimal/web");
        String digestOverlay = new KubernetesManifests().generate(DeploySpecs.parse(SHOP)).stream()
                .filter(f -> f.path().equals("deploy/kubernetes/db/overlays/dev/kustomization.yaml"))
                .findFirst().orElseThrow().content();
        assertThat(digestOverlay).contains("digest: sha256:0123456789abcdef").doesNotContain("newTag");
    }

    @Test
    @SuppressWarnings("unchecked")
    void canaryStepsBecomeRolloutStepsWithAPersonGateInApprovalEnvironments() {
        SystemSpec spec = DeploySpecs.parse(SHOP);
        List<Map<String, Object>> rollouts = objects(new ArgoRollouts().generate(spec), "Rollout");
        assertThat(rollouts).extracting(r -> path(r, "metadata.name")).containsOnly("gateway", "orders");
        // one gateway Rollout per environment, in the spec's order: dev first, production last
        List<List<Object>> gatewaySteps = rollouts.stream().filter(r -> path(r, "metadata.name").equals("gateway"))
                .map(r -> (List<Object>) path(r, "spec.strategy.canary.steps")).toList();
        List<Object> devSteps = gatewaySteps.getFirst();
        Map<String, Object> judged = Map.of("analysis", Map.of("templates", List.of(Map.of("templateName", "gateway-slipway-analysis"))));
        assertThat(devSteps).containsExactly(
                Map.of("setWeight", 5), judged, Map.of("setWeight", 20), judged, Map.of("setWeight", 100));
        assertThat(gatewaySteps).hasSize(2);
        List<Object> productionSteps = gatewaySteps.getLast();
        assertThat(productionSteps).contains(Map.of("pause", Map.of())).endsWith(Map.of("setWeight", 100));
        Map<String, Object> blueGreen = rollouts.stream().filter(r -> path(r, "metadata.name").equals("orders"))
                .findFirst().orElseThrow();
        assertThat(path(blueGreen, "spec.strategy.blueGreen.scaleDownDelaySeconds")).isEqualTo(300);
    }

    @Test
    @SuppressWarnings("unchecked")
    void routingStartsWithAllTrafficOnTheServingTrack() {
        SystemSpec spec = DeploySpecs.parse(SHOP);
        for (Map<String, Object> route : objects(new IstioRouting().generate(spec), "VirtualService")) {
            List<Object> destinations = (List<Object>) ((Map<?, ?>) ((List<?>) path(route, "spec.http")).getFirst()).get("route");
            assertThat(field(destinations, "weight")).containsExactly(100, 0);
        }
        List<Map<String, Object>> httpRoutes = objects(new GatewayApiRouting().generate(spec), "HTTPRoute");
        assertThat(httpRoutes).extracting(r -> path(r, "metadata.name")).containsOnly("gateway", "orders");
        for (Map<String, Object> route : httpRoutes) {
            List<Object> backends = (List<Object>) ((Map<?, ?>) ((List<?>) path(route, "spec.rules")).getFirst()).get("backendRefs");
            String name = (String) path(route, "metadata.name");
            List<String> tracks = name.equals("gateway") ? List.of("stable", "canary") : List.of("blue", "green");
            assertThat(field(backends, "name"))
                    .containsExactly(name + "-" + tracks.get(0), name + "-" + tracks.get(1));
            assertThat(field(backends, "weight")).containsExactly(100, 0);
        }
    }

    @Test
    void gitOpsTargetsNeedARepository() {
        SystemSpec spec = DeploySpecs.parse(SHOP.replace("  repository: git@github.com:acme/shop.git\n", ""));
        assertThatThrownBy(() -> new ArgoCdApplications().generate(spec))
                .isInstanceOf(GenerationException.class)
                .extracting(e -> ((GenerationException) e).hint())
                .isEqualTo("set system.repository to the Git URL Argo CD syncs from");
        assertThatThrownBy(() -> new FluxKustomizations().generate(spec)).isInstanceOf(GenerationException.class);
    }

    @Test
    void aCanaryWithoutAPortCannotBeRouted() {
        SystemSpec spec = DeploySpecs.parse(SHOP.replace("language: rust\n", "language: rust\n    strategy: {type: canary}\n"));
        assertThatThrownBy(() -> new IstioRouting().generate(spec))
                .isInstanceOf(GenerationException.class).hasMessageContaining("'worker'");
    }

    @Test
    void sameSpecSameBytes() {
        specs().forEach(spec -> generators().forEach(generator ->
                assertThat(generator.generate(DeploySpecs.parse(SHOP))).isEqualTo(generator.generate(DeploySpecs.parse(SHOP)))));
        generators().forEach(generator ->
                assertThat(generator.generate(DeploySpecs.minimal())).isEqualTo(generator.generate(DeploySpecs.minimal())));
    }

    @Test
    void everyFileStartsWithTheGeneratedHeader() {
        specs().forEach(spec -> generators().forEach(generator -> generator.generate(spec).forEach(file ->
                assertThat(file.content()).as(file.path()).startsWith("# " + Layout.HEADER_TEXT + "\n"))));
    }

    // --- reading the generated YAML

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> allObjects(List<GeneratedFile> files) {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (GeneratedFile file : files) {
            for (Object document : new Load(LoadSettings.builder().build()).loadAllFromString(file.content())) {
                objects.add((Map<String, Object>) document);
            }
        }
        return objects;
    }

    static List<Map<String, Object>> objects(List<GeneratedFile> files, String kind) {
        return allObjects(files).stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    /** A value by dotted path; a key that itself contains dots (a label) is matched greedily. */
    @SuppressWarnings("unchecked")
    static Object path(Map<String, Object> object, String dotted) {
        Object current = object;
        String rest = dotted;
        while (!rest.isEmpty()) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            String key = null;
            for (Object candidate : map.keySet()) {
                String k = (String) candidate;
                if ((rest.equals(k) || rest.startsWith(k + ".")) && (key == null || k.length() > key.length())) {
                    key = k;
                }
            }
            if (key == null) {
                return null;
            }
            current = ((Map<String, Object>) map).get(key);
            rest = rest.length() == key.length() ? "" : rest.substring(key.length() + 1);
        }
        return current;
    }

    /** The value of {@code key} in every map of {@code maps}. */
    private static List<Object> field(List<?> maps, String key) {
        return maps.stream().map(m -> (Object) ((Map<?, ?>) m).get(key)).toList();
    }

    @Test
    void livenessIsNotReadinessATcpCheckUnlessTheServiceHasALivenessPath() {
        String spec = SHOP.replace("    language: python\n    port: 8000\n", "    language: python\n    port: 8000\n    livenessPath: /livez\n");
        assertThat(spec).contains("livenessPath");
        Map<String, Map<String, Object>> workloads = workloads(DeploySpecs.parse(spec));
        assertThat(container(workloads.get("users")).get("livenessProbe")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("httpGet", Map.of("path", "/livez", "port", "http"));
        for (String name : List.of("gateway", "orders", "db", "queue")) {
            assertThat(container(workloads.get(name)).get("livenessProbe")).as(name)
                    .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsKey("tcpSocket").doesNotContainKey("httpGet").doesNotContainKey("exec");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void secretsAndTheCredentialsADatastoreNeedsComeFromSecretsNeverLiterals() {
        String text = SHOP.replace("    env: {LOG_LEVEL: debug}\n",
                "    env: {LOG_LEVEL: debug}\n    secrets: {DB_PASSWORD: {secretRef: {name: orders-db, key: password}}}\n");
        assertThat(text).contains("secrets:");
        SystemSpec spec = DeploySpecs.parse(text);
        Map<String, Map<String, Object>> workloads = workloads(spec);
        assertThat((List<Object>) container(workloads.get("orders")).get("env")).contains(
                Map.of("name", "LOG_LEVEL", "value", "debug"),
                Map.of("name", "DB_PASSWORD", "valueFrom", Map.of("secretKeyRef", Map.of("name", "orders-db", "key", "password"))));
        // postgres refuses to start without POSTGRES_PASSWORD; rabbitmq's default user needs a password too
        assertThat((List<Object>) container(workloads.get("db")).get("env")).contains(Map.of("name", "POSTGRES_PASSWORD",
                "valueFrom", Map.of("secretKeyRef", Map.of("name", "db-credentials", "key", "POSTGRES_PASSWORD"))));
        assertThat((List<Object>) container(workloads.get("queue")).get("env")).contains(Map.of("name", "RABBITMQ_DEFAULT_PASS",
                "valueFrom", Map.of("secretKeyRef", Map.of("name", "queue-credentials", "key", "RABBITMQ_DEFAULT_PASS"))));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyInClusterHostOfTheShopResolvesInTheNamespaceItsWorkloadRunsIn() {
        SystemSpec spec = dev.slipway.generate.RepositoryFiles.load(
                dev.slipway.generate.RepositoryFiles.root().resolve("examples/shop/slipway.yaml"));
        List<GeneratedFile> files = new KubernetesManifests().generate(spec);
        java.util.Set<String> serviceObjects = new java.util.HashSet<>();
        objects(files, "Service").forEach(o -> serviceObjects.add((String) path(o, "metadata.name")));
        java.util.regex.Pattern hostPattern = java.util.regex.Pattern.compile("(?:^|//|@)([a-z0-9][-a-z0-9.]*)(?=[:/]|$)");
        int checked = 0;
        for (Map<String, Object> workload : workloads(spec).values()) {
            for (Object entry : (List<Object>) java.util.Objects.requireNonNullElse(container(workload).get("env"), List.of())) {
                Object value = ((Map<String, Object>) entry).get("value");
                if (!(value instanceof String text)) {
                    continue;
                }
                java.util.regex.Matcher host = hostPattern.matcher(text);
                while (host.find()) {
                    String name = host.group(1);
                    String first = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
                    if (spec.service(first).isPresent()) {
                        checked++;
                        // a short name: it resolves in the pod's own namespace, where the overlay puts that Service too
                        assertThat(name).as("%s in %s", text, path(workload, "metadata.name")).isEqualTo(first);
                        assertThat(serviceObjects).contains(first);
                    }
                }
            }
        }
        assertThat(checked).as("env values naming services").isGreaterThanOrEqualTo(14);
        // every overlay of an environment puts its objects in that environment's namespace
        for (var environment : spec.environments()) {
            for (var service : spec.services()) {
                String overlay = files.stream().filter(f -> f.path().equals(Layout.kustomizeOverlay(service, environment) + "/kustomization.yaml"))
                        .findFirst().orElseThrow().content();
                assertThat(overlay).contains("namespace: " + environment.namespace() + "\n");
            }
        }
        assertThat(ClusterHosts.shortNames(spec, "https://api.stripe.com/v1")).isEqualTo("https://api.stripe.com/v1");
        assertThat(ClusterHosts.shortNames(spec, "amqp://shipping@rabbitmq.shop:5672/orders")).isEqualTo("amqp://shipping@rabbitmq:5672/orders");
    }

    @Test
    @SuppressWarnings("unchecked")
    void argoRolloutsCanaryStepsAreJudgedBySlipwaysThresholdJudge() {
        SystemSpec spec = DeploySpecs.parse(SHOP.replace("strategy: {type: canary, steps: [5, 20, 100], stepInterval: 90s}",
                "strategy: {type: canary, steps: [5, 20, 100], stepInterval: 3m}\n    analysis: {maxErrorRate: 0.02, maxLatencyRatio: 1.5}"));
        List<GeneratedFile> files = new ArgoRollouts().generate(spec);
        Map<String, Object> template = objects(files, "AnalysisTemplate").stream()
                .filter(t -> "gateway-slipway-analysis".equals(path(t, "metadata.name"))).findFirst().orElseThrow();
        List<Map<String, Object>> metrics = (List<Map<String, Object>>) path(template, "spec.metrics");
        assertThat(metrics).extracting(m -> m.get("name")).containsExactly("error-rate", "p95-latency-ratio");
        assertThat(metrics.get(0)).containsEntry("failureCondition", "len(result) > 0 && !isNaN(result[0]) && result[0] > 0.02")
                .containsEntry("count", 3); // three 1m windows in a 3m step
        assertThat((String) path(metrics.get(0), "provider.prometheus.query"))
                .contains("http_requests_total{app_kubernetes_io_name=\"gateway\",namespace=\"shop-dev\",slipway_dev_track=\"canary\",code=~\"5..\"}");
        assertThat((String) path(metrics.get(1), "provider.prometheus.query")).contains("slipway_dev_track=\"stable\"");
        assertThat(metrics.get(1)).containsEntry("successCondition", "len(result) > 0 && !isNaN(result[0]) && result[0] <= 1.5");
        Map<String, Object> rollout = objects(files, "Rollout").stream()
                .filter(r -> "gateway".equals(path(r, "metadata.name"))).findFirst().orElseThrow();
        List<Object> steps = (List<Object>) path(rollout, "spec.strategy.canary.steps");
        assertThat(steps).contains(Map.of("analysis", Map.of("templates", List.of(Map.of("templateName", "gateway-slipway-analysis")))));
        assertThat(path(rollout, "spec.strategy.canary.canaryMetadata.labels")).isEqualTo(Map.of("slipway.dev/track", "canary"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> container(Map<String, Object> workload) {
        return (Map<String, Object>) ((List<?>) path(workload, "spec.template.spec.containers")).getFirst();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> probe(Map<String, Object> workload) {
        return (Map<String, Object>) container(workload).get("readinessProbe");
    }
}
