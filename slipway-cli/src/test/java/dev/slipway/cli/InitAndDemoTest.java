package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.SystemSpec;
import dev.slipway.model.load.SpecLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitAndDemoTest {

    @TempDir
    Path tmp;

    @Test
    void initImportsTheShopAndRefusesToOverwriteWithoutForce() throws IOException {
        Path repo = copyOfShop();
        Cli cli = Cli.run("init", repo.toString(), "--repository", "https://github.com/acme/shop.git");
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out()).contains("SERVICE", "LANGUAGE", "PORT", "DEPENDS ON",
                "checkout", "cart, catalog, payments, rabbitmq, shipping", "wrote " + repo.resolve("slipway.yaml"));
        assertThat(cli.err()).contains("warning: deployment checkout env PAYMENTS_V2_URL refers to 'payments-v2'");

        SystemSpec imported = SpecLoader.load(repo.resolve("slipway.yaml")).orThrow();
        SystemSpec committed = SpecLoader.load(Cli.repository().resolve("examples/shop/slipway.yaml")).orThrow();
        assertThat(imported.services()).extracting(s -> s.name() + " " + s.port() + " " + s.dependsOn())
                .containsExactlyInAnyOrderElementsOf(committed.services().stream()
                        .map(s -> s.name() + " " + s.port() + " " + s.dependsOn()).toList());
        assertThat(imported.system().repository()).contains("https://github.com/acme/shop.git");

        String before = Files.readString(repo.resolve("slipway.yaml"));
        Cli again = Cli.run("init", repo.toString());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("already exists", "hint: pass --force");
        assertThat(repo.resolve("slipway.yaml")).hasContent(before);
        assertThat(Cli.run("init", repo.toString(), "--force").exitCode()).isZero();
    }

    @Test
    void includeAndExcludeNarrowTheScanAndTheSummarySaysWhatWasLeftOut() throws IOException {
        Path repo = tmp.resolve("mono");
        write(repo.resolve("services/cart/go.mod"), "module cart\n");
        write(repo.resolve("services/legacy/pom.xml"), "<project/>");
        write(repo.resolve("services/cart-e2e/package.json"), "{}");
        write(repo.resolve("tools/lint/go.mod"), "module lint\n");
        Cli cli = Cli.run("init", repo.toString(), "--exclude", "services/legacy");
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out()).contains("cart", "left out (not services of this system):",
                "1 file(s) not read because of --exclude services/legacy", "services/cart-e2e: a test suite",
                "tools/lint: tooling").doesNotContain("legacy  ");
        assertThat(SpecLoader.load(repo.resolve("slipway.yaml")).orThrow().services()).extracting(s -> s.name())
                .containsExactly("cart");

        Cli only = Cli.run("init", repo.toString(), "--force", "--include", "services/legacy/**");
        assertThat(only.exitCode()).as(only.err()).isZero();
        assertThat(SpecLoader.load(repo.resolve("slipway.yaml")).orThrow().services()).extracting(s -> s.name())
                .containsExactly("legacy");

        Cli bad = Cli.run("init", repo.toString(), "--force", "--include", "services/[");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("is not a valid glob", "hint: ").doesNotContain("Exception");
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void initOnADirectoryWithoutServicesSaysWhatAServiceIs() throws IOException {
        Files.writeString(tmp.resolve("README.md"), "nothing here");
        Cli cli = Cli.run("init", tmp.toString());
        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.err()).contains("found no services", "hint: a service is a directory with a Dockerfile");
        assertThat(tmp.resolve("slipway.yaml")).doesNotExist();
    }

    @Test
    void demoImportsValidatesAndGeneratesTheShop() {
        Cli cli = Cli.run("demo", "--generate-only", "--example", Cli.repository().resolve("examples/shop").toString());
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out()).contains("1/4  slipway init", "valid — system shop, 11 services",
                "11 services, 17 dependencies", "files written", "deploy/kubernetes", "docker", "tekton");
        assertThat(cli.out()).doesNotContain("\nwrote     "); // --quiet: the summary, not 200 lines
    }

    @Test
    void demoHeadlessTravelsTheRoadToProductionAndStopsAFaultyCatalogInDev() {
        Cli cli = Cli.run("demo", "--headless", "--example", Cli.repository().resolve("examples/shop").toString());
        assertThat(cli.exitCode()).as(cli.out() + cli.err()).isZero();
        assertThat(cli.out()).contains("1/4  slipway init", "files written",
                "the Slipway server runs on the sandbox (real time x600)", "API:      http://localhost:",
                "CI built and recorded 11 images once: POST /api/v1/builds",
                "the shop, installed in dependency order: builds recorded, released to dev", "Release r-dev-1 succeeded",
                "promoted to staging", "gate promote-from     ran healthy in dev: cart 1.0.0", "Release r-staging-2 succeeded",
                "refused for now: soak: the 15m soak in staging is not over for cart",
                "r-production-3 awaits approval; bob approves it", "Release r-production-3 succeeded",
                "a faulty catalog 2.0.0 in dev", "Release r-dev-4 rolled-back", "catalog failed:",
                "Root cause: catalog 2.0.0", "redis 7.4.1 in dev: its rolling update completes in one wave",
                "Release r-dev-5 rolled-back", "redis failed: in verification: ", "Root cause: redis 7.4.1",
                "found in    verification: 7.4.1 since its rollout completed against 7.2.5's own traffic",
                "the fixed catalog 2.0.1", "Release r-production-8 succeeded",
                "what runs in production now", "catalog          2.0.1", "summary");
        assertThat(cli.out()).as("the faulty catalog never leaves dev").doesNotContain("staging: cart 1.1.0, catalog 2.0.0");
    }

    /** The acceptance flow on a compose-only polyglot repository without an origin remote. */
    @Test
    void initThenValidateThenGenerateAllOnAComposeRepositoryWithoutARemote() throws IOException {
        Path repo = copyOf("slipway-generate/src/test/resources/repos/shapes/compose-polyglot", "bazaar");
        Cli init = Cli.run("init", repo.toString());
        assertThat(init.exitCode()).as(init.err()).isZero();
        assertThat(init.err()).contains("variable SENTRY_DSN is not set", "has no origin remote");
        assertThat(init.out()).contains("left out (not services of this system):", "adminer");

        Cli validate = Cli.run("validate", "-f", repo.resolve("slipway.yaml").toString());
        assertThat(validate.exitCode()).as(validate.out() + validate.err()).isZero();

        Cli generate = Cli.run("generate", "-f", repo.resolve("slipway.yaml").toString(), "--target", "all");
        assertThat(generate.exitCode()).as(generate.err()).isZero();
        assertThat(generate.err()).contains("skipped argocd: ", "skipped flux: ");
        assertThat(repo.resolve("docker/cart/Dockerfile")).as("cart has its own Dockerfile").doesNotExist();
        assertThat(repo.resolve("Jenkinsfile")).exists();
    }

    private Path copyOfShop() throws IOException {
        return copyOf("examples/shop", "shop");
    }

    private Path copyOf(String directory, String name) throws IOException {
        Path from = Cli.repository().resolve(directory);
        Path to = tmp.resolve(name);
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                String relative = from.relativize(path).toString();
                if (relative.equals("slipway.yaml")) {
                    continue;
                }
                Path target = to.resolve(relative);
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
        return to;
    }
}
