package dev.slipway.generate.init;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.generate.RepositoryFiles;
import dev.slipway.model.BuildTool;
import dev.slipway.model.Dependency;
import dev.slipway.model.Language;
import dev.slipway.model.LoadResult;
import dev.slipway.model.Service;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.load.SpecLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code slipway init} on the layout of a real multi-language system: Google's Online Boutique
 * (GoogleCloudPlatform/microservices-demo). The fixture in {@code src/test/resources/repos/online-boutique}
 * reproduces its directories, build files, Dockerfile {@code EXPOSE} lines and the manifests' names, images,
 * ports, probes and env (its README says what is mirrored and what was left out). Like the real repository it
 * declares every workload three times (skaffold's {@code kubernetes-manifests/} with bare image names,
 * {@code kustomize/base/} and {@code release/} with pinned images), has optional kustomize components, a Helm
 * chart, Istio objects and a skaffold configuration. The expected values below were read off the real manifests.
 */
class RealRepositoryImportTest {

    private static final Path BOUTIQUE = RepositoryFiles.root()
            .resolve("slipway-generate/src/test/resources/repos/online-boutique");

    private static ImportResult imported;
    private static String written;
    private static LoadResult loaded;

    @BeforeAll
    static void importTheBoutique() throws IOException {
        imported = RepositoryImport.scan(BOUTIQUE);
        written = SpecText.write(imported, imported.systemName(), imported.registryFor(imported.systemName()));
        loaded = SpecLoader.load(written, "slipway.yaml");
    }

    /** service → language/build tool, port; as the Dockerfiles and manifests of the real repository say. */
    @Test
    void everyServiceWithItsLanguageBuildToolAndPort() {
        Map<String, String> found = new LinkedHashMap<>();
        imported.services().forEach(s -> found.put(s.name(), s.path().orElse("-") + " "
                + s.language().map(Language::keyword).orElse(s.image().orElse("?")) + " "
                + s.buildTool().map(BuildTool::keyword).orElse("-") + " " + s.port().map(String::valueOf).orElse("-")));

        assertThat(found).containsExactly(
                Map.entry("adservice", "src/adservice java gradle 9555"),
                // the Dockerfile has no EXPOSE (it sets ASPNETCORE_HTTP_PORTS): the port is the manifests'
                Map.entry("cartservice", "src/cartservice dotnet dotnet 7070"),
                Map.entry("checkoutservice", "src/checkoutservice go go 5050"),
                Map.entry("currencyservice", "src/currencyservice node npm 7000"),
                // the container listens on 8080; its Service is port 5000, which callers use
                Map.entry("emailservice", "src/emailservice python pip 8080"),
                Map.entry("frontend", "src/frontend go go 8080"),
                // a locust client: built here and deployed by the release manifests, listens on nothing
                Map.entry("loadgenerator", "src/loadgenerator python pip -"),
                Map.entry("paymentservice", "src/paymentservice node npm 50051"),
                Map.entry("productcatalogservice", "src/productcatalogservice go go 3550"),
                Map.entry("recommendationservice", "src/recommendationservice python pip 8080"),
                Map.entry("shippingservice", "src/shippingservice go go 50051"),
                // built in src/; its manifest lives only in the optional shopping-assistant component
                Map.entry("shoppingassistantservice", "src/shoppingassistantservice python pip 8080"),
                // the manifests say redis:alpine, which names no version: init pins a recent one and says so
                Map.entry("redis-cart", "- redis:7.4.0-alpine - 6379"));
    }

    @Test
    void exactlyTheDependencyEdgesOfTheManifests() {
        Map<String, List<String>> edges = new LinkedHashMap<>();
        imported.services().forEach(s -> edges.put(s.name(), s.dependsOn().stream().map(Dependency::service).toList()));

        assertThat(edges).containsExactly(
                Map.entry("adservice", List.of()),
                Map.entry("cartservice", List.of("redis-cart")),
                Map.entry("checkoutservice", List.of("cartservice", "currencyservice", "emailservice", "paymentservice",
                        "productcatalogservice", "shippingservice")),
                Map.entry("currencyservice", List.of()),
                Map.entry("emailservice", List.of()),
                Map.entry("frontend", List.of("adservice", "cartservice", "checkoutservice", "currencyservice",
                        "productcatalogservice", "recommendationservice", "shippingservice", "shoppingassistantservice")),
                Map.entry("loadgenerator", List.of("frontend")),
                Map.entry("paymentservice", List.of()),
                Map.entry("productcatalogservice", List.of()),
                Map.entry("recommendationservice", List.of("productcatalogservice")),
                Map.entry("shippingservice", List.of()),
                Map.entry("shoppingassistantservice", List.of()),
                Map.entry("redis-cart", List.of()));
        assertThat(imported.services()).flatExtracting(ImportedService::dependsOn)
                .filteredOn(d -> !d.service().equals("redis-cart")).extracting(Dependency::range)
                .extracting(Object::toString).as("services built here: any version").containsOnly("*");
        assertThat(imported.service("cartservice").orElseThrow().dependsOn()).singleElement()
                .extracting(d -> d.range().toString()).as("the major.minor line of the pinned redis").isEqualTo("^7.4");
    }

    @Test
    void theNestedTestProjectOfCartserviceIsNotAService() {
        assertThat(imported.service("cartservice").flatMap(ImportedService::path)).contains("src/cartservice");
        assertThat(imported.services()).extracting(ImportedService::name)
                .noneMatch(name -> name.contains("test") || name.equals("src"));
    }

    @Test
    void probesReplicasAndEnvComeFromTheManifests() {
        ImportedService frontend = imported.service("frontend").orElseThrow();
        assertThat(frontend.healthPath()).contains("/_healthz");
        assertThat(frontend.env()).containsEntry("PRODUCT_CATALOG_SERVICE_ADDR", "productcatalogservice:3550")
                .containsEntry("SHOPPING_ASSISTANT_SERVICE_ADDR", "shoppingassistantservice:80");
        assertThat(imported.service("checkoutservice").orElseThrow().healthPath())
                .as("gRPC probes have no path").isEmpty();
        ImportedService loadgenerator = imported.service("loadgenerator").orElseThrow();
        assertThat(loadgenerator.replicas()).contains(1);
        assertThat(loadgenerator.env()).as("the main container's env, not the busybox init container's")
                .containsExactly(Map.entry("FRONTEND_ADDR", "frontend:80"), Map.entry("USERS", "10"),
                        Map.entry("RATE", "1"));
    }

    @Test
    void theRegistryIsTheReleasedImagesNotSkaffoldsBareNames() {
        assertThat(imported.imageRegistry()).contains("us-central1-docker.pkg.dev/google-samples/microservices-demo");
    }

    @Test
    void theWarningsAreTheOptionalCollectorAndTheUnversionedRedis() {
        // the Helm chart is rendered with its default values: it declares the same workloads, so it adds nothing
        assertThat(Fixture.besidesTheRemote(imported)).containsExactly(
                "warning: deployment opentelemetrycollector in kustomize/components/google-cloud-operations/"
                        + "otel-collector.yaml belongs only to the optional kustomize component "
                        + "kustomize/components/google-cloud-operations and runs no source of this repository; it is "
                        + "not imported (add it by hand if you enable that component)",
                "warning: deployment redis-cart runs redis:alpine, which has no fixed version tag; slipway.yaml says "
                        + "redis:7.4.0-alpine (check it)");
    }

    @Test
    void theWrittenSpecLoadsUneditedWithRedisPinnedAndACommentSayingSo() {
        assertThat(loaded.problems()).isEmpty();
        assertThat(written).contains("  # init: redis:alpine has no fixed version; 7.4.0-alpine is a recent release - "
                + "check it against what you run and pin that\n  redis-cart:\n    image: redis:7.4.0-alpine\n");
    }

    @Test
    void onceRedisIsPinnedTheWrittenSpecLoadsWithTheSameGraph() {
        LoadResult pinned = SpecLoader.load(written.replace("image: redis:7.4.0-alpine", "image: redis:7.2.5-alpine"),
                "slipway.yaml");
        assertThat(pinned.problems()).isEmpty();
        SystemSpec spec = pinned.orThrow();
        assertThat(spec.system().name()).isEqualTo("online-boutique");
        assertThat(spec.services()).hasSize(13);
        assertThat(spec.service("redis-cart").flatMap(Service::image)).contains("redis:7.2.5-alpine");
        assertThat(spec.graph().dependents("productcatalogservice"))
                .containsExactlyInAnyOrder("checkoutservice", "frontend", "recommendationservice");
        assertThat(new TreeSet<>(spec.graph().dependencies("frontend")))
                .isEqualTo(new TreeSet<>(imported.service("frontend").orElseThrow().dependsOn().stream()
                        .map(Dependency::service).toList()));
        // loadgenerator → frontend → checkoutservice → cartservice → redis-cart: the longest chain
        assertThat(spec.graph().depths()).containsEntry("loadgenerator", 4).containsEntry("frontend", 3)
                .containsEntry("checkoutservice", 2).containsEntry("cartservice", 1).containsEntry("redis-cart", 0);
    }

    @Test
    void importingTwiceGivesTheSameBytes() throws IOException {
        ImportResult again = RepositoryImport.scan(BOUTIQUE);
        assertThat(SpecText.write(again, "online-boutique", again.registryFor("online-boutique")))
                .isEqualTo(SpecText.write(imported, "online-boutique", imported.registryFor("online-boutique")));
        assertThat(Optional.of(again.warnings())).contains(imported.warnings());
    }
}
