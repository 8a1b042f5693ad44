package dev.slipway.generate.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.generate.GenerationException;
import dev.slipway.generate.RepositoryFiles;
import dev.slipway.generate.SourceTree;
import dev.slipway.generate.ci.Toolchain;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.load.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What BuildInspector reads from the services' own files, and what it refuses. */
class BuildInspectorTest {

    static ServiceBuild build(Path repository, String service) {
        SystemSpec spec = RepositoryFiles.load(repository.resolve("slipway.yaml"));
        return BuildInspector.inspect(spec.service(service).orElseThrow(), SourceTree.at(repository));
    }

    static ServiceBuild shop(String service) {
        return build(DockerfileStaticCheckTest.shop(), service);
    }

    static ServiceBuild builds(String service) {
        return build(DockerfileStaticCheckTest.builds(), service);
    }

    @Test
    void oneToolchainVersionPerServiceReadFromItsRepository() {
        assertThat(shop("catalog").version()).isEqualTo(new ToolchainVersion("21", "21.0.8_9", "services/catalog/pom.xml"));
        assertThat(shop("checkout").version().line()).isEqualTo("21");
        assertThat(shop("frontend").version()).isEqualTo(new ToolchainVersion("20", "20.19.5", "services/frontend/package.json engines.node"));
        assertThat(shop("cart").version()).isEqualTo(new ToolchainVersion("1.22", "1.22.12", "services/cart/go.mod"));
        assertThat(shop("payments").version()).isEqualTo(new ToolchainVersion("8.0", "8.0.416", "services/payments/src/Payments/Payments.csproj"));
        assertThat(builds("quotes").version().line()).isEqualTo("17");
        assertThat(builds("jobs").version().line()).isEqualTo("1.23");
        assertThat(builds("billing").version().line()).isEqualTo("9.0");
        assertThat(builds("storefront").version().line()).isEqualTo("20");
        assertThat(builds("worker").version()).isEqualTo(new ToolchainVersion("3.12", "3.12.12", "services/worker/.python-version"));
    }

    @Test
    void theDockerfileAndEveryCiTestStepUseTheSameToolchain() {
        for (ServiceBuild build : List.of(shop("catalog"), shop("cart"), shop("frontend"), builds("worker"), builds("billing"))) {
            assertThat(Toolchain.of(build).ciImage()).as(build.name()).isEqualTo(build.builderImage());
            if (build.ownDockerfile().isEmpty()) {
                assertThat(Dockerfiles.dockerfile(build)).as(build.name()).contains("FROM " + build.builderImage() + " AS build");
            }
        }
    }

    @Test
    void jvmServicesGetAnArtifactThatStartsWithARealMainClass() {
        assertThat(shop("catalog").recipe()).isEqualTo(new ServiceBuild.Jvm(ServiceBuild.JvmPackaging.CLASSPATH,
                java.util.Optional.of("com.acme.shop.catalog.CatalogApplication"), "catalog"));
        assertThat(RuntimeStage.start(shop("catalog"))).endsWith("-cp", "/app/service.jar:/app/lib/*",
                "com.acme.shop.catalog.CatalogApplication");
        assertThat(shop("checkout").recipe()).isEqualTo(new ServiceBuild.Jvm(ServiceBuild.JvmPackaging.APPLICATION,
                java.util.Optional.of("com.acme.shop.checkout.CheckoutApplication"), "checkout"));
        assertThat(RuntimeStage.start(shop("checkout"))).containsExactly("/app/bin/checkout");
        assertThat(builds("quotes").recipe()).isInstanceOfSatisfying(ServiceBuild.Jvm.class,
                jvm -> assertThat(jvm.packaging()).isEqualTo(ServiceBuild.JvmPackaging.SPRING_BOOT));
        // no wrapper in the repository: the tool the image installs
        assertThat(shop("catalog").tests()).containsExactly("mvn -B -ntp verify");
        assertThat(shop("checkout").tests()).containsExactly("gradle --no-daemon test");
    }

    @Test
    void dotnetFindsTheNestedExecutableProjectAndWidensTheContextForItsReferences() {
        ServiceBuild payments = shop("payments");
        assertThat(payments.recipe()).isEqualTo(new ServiceBuild.Dotnet("src/Payments/Payments.csproj",
                List.of("src/Payments/Payments.csproj"), "Payments.dll"));
        assertThat(payments.tests()).containsExactly("dotnet test tests/Payments.Tests/Payments.Tests.csproj");
        ServiceBuild billing = builds("billing");
        assertThat(billing.context()).isEqualTo(".");
        assertThat(billing.recipe()).isEqualTo(new ServiceBuild.Dotnet("services/billing/src/Billing.Api/Billing.Api.csproj",
                List.of("libs/Billing.Core/Billing.Core.csproj", "services/billing/src/Billing.Api/Billing.Api.csproj"), "Billing.dll"));
        assertThat(Dockerfiles.dockerfile(billing)).contains("docker build -f docker/billing/Dockerfile .",
                "The context is ., not services/billing");
    }

    @Test
    void nodeInstallsFromTheLockfileItHasAndStartsWhatPackageJsonSays() {
        ServiceBuild frontend = shop("frontend");
        assertThat(Toolchain.of(frontend).install()).containsExactly("yarn install --frozen-lockfile");
        assertThat(((ServiceBuild.Node) frontend.recipe()).start()).containsExactly("node", "server.js");
        ServiceBuild storefront = builds("storefront");
        assertThat(Toolchain.of(storefront).install()).containsExactly("corepack enable", "yarn install --immutable");
        assertThat(storefront.tests()).isEmpty();
        ServiceBuild ledger = builds("ledger");
        assertThat(ledger.lockFile()).isEmpty();
        assertThat(Toolchain.of(ledger).install()).containsExactly("npm install");
        // npm's placeholder test script is no test: a notice instead of a step that always fails
        assertThat(ledger.tests()).isEmpty();
        assertThat(Toolchain.of(ledger).test()).singleElement().asString().startsWith("echo \"No tests found in services/ledger");
        assertThat(Dockerfiles.dockerfile(ledger)).contains("COPY package.json ./", "npm install").doesNotContain("npm ci");
        assertThat(shop("shipping").tests()).containsExactly("pnpm test");
    }

    @Test
    void pythonFindsItsEntryPointAndInstallsPytestForItsTests() {
        ServiceBuild worker = builds("worker");
        assertThat(RuntimeStage.start(worker)).containsExactly("python", "-m", "worker");
        assertThat(worker.tests()).containsExactly("python -m pip install pytest", "python -m pytest");
        assertThat(shop("notifications").tests()).isEmpty();
    }

    @Test
    void uvSyncsTheLockIntoTheImageAndRunsTestsWithUv() {
        ServiceBuild pricing = builds("pricing");
        assertThat(pricing.version()).isEqualTo(new ToolchainVersion("3.12", "3.12.12", "services/pricing/.python-version"));
        assertThat(pricing.lockFile()).contains("uv.lock");
        // pytest is in the lock's dev group: uv runs it from the synced environment
        assertThat(pricing.tests()).containsExactly("uv run pytest");
        assertThat(RuntimeStage.start(pricing)).containsExactly("python", "-c",
                "import sys; from pricing.server import main; sys.exit(main())");
        Toolchain toolchain = Toolchain.of(pricing);
        assertThat(toolchain.ciImage()).isEqualTo("python:3.12.12-slim-bookworm").isEqualTo(pricing.builderImage());
        assertThat(toolchain.install()).containsExactly("python -m pip install uv==" + BaseImages.UV_VERSION,
                "uv sync --locked --python-preference only-system");
        assertThat(Dockerfiles.dockerfile(pricing)).contains(
                "FROM python:3.12.12-slim-bookworm AS build",
                "COPY --from=ghcr.io/astral-sh/uv:" + BaseImages.UV_VERSION + " /uv /bin/",
                "UV_PROJECT_ENVIRONMENT=/opt/venv UV_PYTHON_DOWNLOADS=never",
                "COPY pyproject.toml uv.lock ./",
                "uv sync --locked --no-dev --no-install-project",
                "uv sync --locked --no-dev --no-editable",
                "COPY --from=build /opt/venv /opt/venv")
                .doesNotContain("pip install");
    }

    @Test
    void goFindsTheMainPackageUnderCmd() {
        assertThat(builds("jobs").recipe()).isEqualTo(new ServiceBuild.Go("./cmd/jobs", false));
        assertThat(Dockerfiles.dockerfile(builds("jobs"))).contains("COPY go.mod ./", "-o /out/service ./cmd/jobs");
        assertThat(builds("jobs").tests()).containsExactly("go test ./...");
        assertThat(shop("cart").tests()).isEmpty();
    }

    @Test
    void whatCannotBuildIsRefusedWithAHint(@TempDir Path repository) throws Exception {
        Files.writeString(repository.resolve("slipway.yaml"), """
                system: {name: r, registry: registry.example.com/r}
                environments: [{name: dev}]
                services:
                  rec: {path: rec, language: python, buildTool: poetry, port: 8080}
                  fast: {path: fast, language: python, buildTool: uv, port: 8080}
                  api: {path: api, language: java, buildTool: maven, port: 8080}
                """);
        Files.createDirectories(repository.resolve("rec"));
        Files.writeString(repository.resolve("rec/pyproject.toml"), "[tool.poetry]\nname = \"rec\"\n");
        Files.createDirectories(repository.resolve("api/src/main/java"));
        Files.writeString(repository.resolve("api/pom.xml"), "<project><artifactId>api</artifactId></project>");
        SystemSpec spec = SpecLoader.load(repository.resolve("slipway.yaml")).orThrow();
        SourceTree sources = SourceTree.at(repository);
        assertThatThrownBy(() -> BuildInspector.inspect(spec.service("rec").orElseThrow(), sources))
                .isInstanceOf(GenerationException.class)
                .hasMessage("service rec (rec) is a Poetry project without poetry.lock: its image would install whatever versions resolve on the day")
                .extracting(e -> ((GenerationException) e).hint()).asString().contains("run `poetry lock` in rec");
        Files.createDirectories(repository.resolve("fast"));
        Files.writeString(repository.resolve("fast/pyproject.toml"), "[project]\nname = \"fast\"\n[tool.uv]\n");
        assertThatThrownBy(() -> BuildInspector.inspect(spec.service("fast").orElseThrow(), sources))
                .isInstanceOf(GenerationException.class)
                .hasMessage("service fast (fast) is a uv project without uv.lock: its image would install whatever versions resolve on the day")
                .extracting(e -> ((GenerationException) e).hint()).asString().contains("run `uv lock` in fast");
        assertThatThrownBy(() -> new Dockerfiles().generate(spec, sources)).isInstanceOf(GenerationException.class);
        assertThatThrownBy(() -> BuildInspector.inspect(spec.service("api").orElseThrow(), sources))
                .isInstanceOf(GenerationException.class).hasMessageContaining("builds a jar with no main class");
        // the service's own Dockerfile wins: nothing to refuse for the image
        Files.writeString(repository.resolve("rec/Dockerfile"), "FROM python:3.12.12-slim\n");
        Files.writeString(repository.resolve("fast/Dockerfile"), "FROM python:3.12.12-slim\n");
        assertThat(BuildInspector.inspect(spec.service("rec").orElseThrow(), sources).ownDockerfile()).contains("rec/Dockerfile");
        Files.writeString(repository.resolve("api/src/main/java/Main.java"), "class Main { public static void main(String[] a) {} }");
        assertThat(new Dockerfiles().generate(spec, sources).stream().map(f -> f.path()))
                .containsExactly("docker/api/Dockerfile", "docker/api/Dockerfile.dockerignore");
    }
}
