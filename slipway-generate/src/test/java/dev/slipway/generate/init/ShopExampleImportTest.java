package dev.slipway.generate.init;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.generate.RepositoryFiles;
import dev.slipway.model.Dependency;
import dev.slipway.model.Keyword;
import dev.slipway.model.LoadResult;
import dev.slipway.model.Service;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.load.SpecLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code examples/shop} is a polyglot monorepo; its committed {@code slipway.yaml} is what init writes for it,
 * completed by hand (repository, ci, environments, strategies). Init must keep finding exactly the committed
 * services, builds, ports, images and dependency edges: compared on the loaded specs, not on the text.
 */
class ShopExampleImportTest {

    private static final Path SHOP = RepositoryFiles.root().resolve("examples/shop");

    private static ImportResult imported;
    private static SystemSpec fromInit;
    private static SystemSpec committed;

    @BeforeAll
    static void importTheShop() throws IOException {
        imported = RepositoryImport.scan(SHOP);
        LoadResult loaded = SpecLoader.load(SpecText.write(imported, imported.systemName(),
                imported.registryFor(imported.systemName())), "slipway.yaml");
        assertThat(loaded.problems()).as("what init writes for examples/shop loads cleanly").isEmpty();
        fromInit = loaded.orThrow();
        committed = RepositoryFiles.load(SHOP.resolve("slipway.yaml"));
    }

    @Test
    void initFindsExactlyTheCommittedServicesAndTheirBuilds() {
        // init marks every datastore stateful, the redis cache too; the committed example runs it as a stateless
        // Deployment on purpose (a cache it can lose), the one difference a user makes by hand
        assertThat(summary(fromInit)).isEqualTo(summary(committed).stream()
                .map(line -> line.startsWith("redis ") ? line.replace(" stateless ", " stateful ") : line).toList());
        assertThat(fromInit.services()).extracting(Service::name).containsExactly(
                "cart", "catalog", "checkout", "frontend", "notifications", "payments", "recommendations", "shipping",
                "postgres", "rabbitmq", "redis");
        assertThat(fromInit.system().name()).isEqualTo(committed.system().name());
        assertThat(fromInit.system().registry()).isEqualTo(committed.system().registry());
    }

    @Test
    void initFindsExactlyTheCommittedDependencyGraph() {
        for (Service service : committed.services()) {
            assertThat(fromInit.graph().dependencies(service.name())).as("dependencies of " + service.name())
                    .isEqualTo(committed.graph().dependencies(service.name()));
            assertThat(fromInit.service(service.name()).orElseThrow().dependsOn()).as("ranges of " + service.name())
                    .isEqualTo(service.dependsOn());
        }
        assertThat(committed.graph().dependencies("checkout"))
                .containsExactly("cart", "catalog", "payments", "rabbitmq", "shipping");
    }

    @Test
    void theNestedDotnetTestProjectIsPartOfPayments() {
        assertThat(fromInit.service("payments").orElseThrow().path()).contains("services/payments");
        assertThat(fromInit.services()).extracting(Service::name).noneMatch(n -> n.contains("tests"));
    }

    @Test
    void theOnlyWarningIsTheDeliberateDanglingReference() {
        assertThat(Fixture.besidesTheRemote(imported)).containsExactly("warning: deployment checkout env PAYMENTS_V2_URL refers to "
                + "'payments-v2', which is not a service in this repository");
    }

    @Test
    void theCommittedSpecUsesEveryRolloutStrategyAndEnvironmentTheExampleDocuments() {
        assertThat(committed.service("catalog").orElseThrow().strategy().keyword()).isEqualTo("canary");
        assertThat(committed.service("checkout").orElseThrow().strategy().keyword()).isEqualTo("canary");
        assertThat(committed.service("payments").orElseThrow().strategy().keyword()).isEqualTo("blue-green");
        assertThat(committed.environments()).extracting(e -> e.name() + " " + e.trigger().keyword() + " "
                        + e.promoteFrom().orElse("-") + " " + e.approval())
                .containsExactly("dev push - false", "staging release-branch dev false",
                        "production tag staging true");
        assertThat(committed.ci().providers()).extracting(Keyword::keyword)
                .containsExactly("github", "gitlab", "jenkins", "tekton");
    }

    /** What init must reproduce, one line per service, in spec order. */
    private static List<String> summary(SystemSpec spec) {
        return spec.services().stream().map(s -> String.join(" ",
                s.name(),
                s.path().orElse("-"),
                s.language().map(Keyword::keyword).orElse("-"),
                s.buildTool().map(Keyword::keyword).orElse("-"),
                s.image().orElse("-"),
                s.port().map(String::valueOf).orElse("-"),
                s.healthPath(),
                String.valueOf(s.replicas()),
                s.stateful() ? "stateful" : "stateless",
                s.dependsOn().stream().map(Dependency::service).collect(Collectors.joining(",")),
                new java.util.TreeMap<>(s.env()).toString())).toList();
    }

}
