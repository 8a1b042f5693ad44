package dev.slipway.generate.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.RepositoryFiles;
import dev.slipway.generate.SourceTree;
import dev.slipway.model.SystemSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Dockerfile the docker target writes for a repository it can read (the shop example and the small
 * repositories in {@code src/test/resources/builds}) is checked against its build context by
 * {@link DockerfileCheck}: sources that exist, pinned base images, a start command that exists or is built.
 */
class DockerfileStaticCheckTest {

    static Path shop() {
        return RepositoryFiles.root().resolve("examples/shop");
    }

    static Path builds() {
        return RepositoryFiles.root().resolve("slipway-generate/src/test/resources/builds");
    }

    /** Each generated Dockerfile's path → the problems the check finds in it. */
    static Map<String, List<String>> check(Path repository) {
        SystemSpec spec = RepositoryFiles.load(repository.resolve("slipway.yaml"));
        SourceTree sources = SourceTree.at(repository);
        Map<String, List<String>> problems = new TreeMap<>();
        for (GeneratedFile file : new Dockerfiles().generate(spec, sources)) {
            if (!file.path().endsWith("/Dockerfile")) {
                continue;
            }
            String service = file.path().split("/")[1];
            ServiceBuild build = BuildInspector.inspect(spec.service(service).orElseThrow(), sources);
            problems.put(file.path(), DockerfileCheck.problems(file.content(), repository.resolve(build.context())));
        }
        return problems;
    }

    @Test
    void everyGeneratedDockerfileOfTheShopBuildsFromItsContext() {
        Map<String, List<String>> problems = check(shop());
        // cart, frontend, notifications and payments have their own Dockerfiles; recommendations has its poetry.lock
        assertThat(problems.keySet()).containsExactly("docker/catalog/Dockerfile", "docker/checkout/Dockerfile",
                "docker/recommendations/Dockerfile", "docker/shipping/Dockerfile");
        problems.forEach((path, found) -> assertThat(found).as(path).isEmpty());
    }

    @Test
    void everyGeneratedDockerfileOfTheSmallRepositoriesBuildsFromItsContext() {
        Map<String, List<String>> problems = check(builds());
        assertThat(problems).hasSize(7).containsKey("docker/pricing/Dockerfile");
        problems.forEach((path, found) -> assertThat(found).as(path).isEmpty());
    }

    @Test
    void theMinimalExampleHasNoSourcesSoOnlyItsPinsAreChecked() {
        SystemSpec spec = RepositoryFiles.load(RepositoryFiles.root().resolve("examples/minimal/slipway.yaml"));
        for (GeneratedFile file : new Dockerfiles().generate(spec, SourceTree.at(RepositoryFiles.root().resolve("examples/minimal")))) {
            if (file.path().endsWith("/Dockerfile")) {
                assertThat(DockerfileCheck.parse(file.content()).stream().filter(i -> i.keyword().equals("FROM")))
                        .as(file.path()).allSatisfy(from -> assertThat(from.arguments()).matches("\\S+:\\S*\\d\\S* AS \\w+|\\S+:nonroot AS \\w+"));
                assertThat(file.content()).contains("Written without reading");
            }
        }
    }

    @Test
    void theCheckFindsWhatWouldFailTheBuild(@TempDir Path context) throws Exception {
        Files.writeString(context.resolve("package.json"), "{}");
        Files.createDirectories(context.resolve("src"));
        Files.writeString(context.resolve("src/A.csproj"), "<Project/>");
        String dockerfile = """
                FROM node:latest AS build
                WORKDIR /app
                COPY package.json package-lock.json ./
                COPY src/*.csproj src/*.fsproj ./
                RUN npm ci && mkdir -p /out
                FROM gcr.io/distroless/static-debian12 AS runtime
                COPY --from=build /out/service /service
                COPY --from=ghcr.io/astral-sh/uv /uv /bin/
                ENTRYPOINT ["/service"]
                """;
        assertThat(DockerfileCheck.problems(dockerfile, context)).containsExactly(
                "base image node:latest is not pinned to a version or digest",
                "COPY package-lock.json: not in the build context " + context.getFileName(),
                "COPY src/*.fsproj: not in the build context " + context.getFileName(),
                "base image gcr.io/distroless/static-debian12 is not pinned to a version or digest",
                "COPY --from=ghcr.io/astral-sh/uv: the image is not pinned to a version or digest",
                "/service is copied from build:/out/service, which that stage does not write");
        assertThat(DockerfileCheck.problems("FROM python:3.12.12-slim AS runtime\nCMD [\"python\", \"main.py\"]\n", context))
                .containsExactly("python starts main.py, which is not in the context");
        assertThat(DockerfileCheck.problems("FROM python:3.12.12-slim AS runtime\nCMD [\"python\", \"-m\", \"svc\"]\n", context))
                .containsExactly("python -m svc: no such module in the context");
        assertThat(DockerfileCheck.problems("FROM eclipse-temurin:21.0.8_9-jre AS runtime\nENTRYPOINT [\"java\", \"-jar\", \"/app/service.jar\"]\n", context))
                .containsExactly("/app/service.jar is started but nothing copies it into the last stage");
        assertThat(DockerfileCheck.problems("FROM mcr.microsoft.com/dotnet/aspnet:8.0.22 AS runtime\nENTRYPOINT [\"dotnet\", \"B.dll\"]\n", context))
                .containsExactly("dotnet starts B.dll, which no project in the context builds");
    }

    @Test
    void theShopsOwnDockerfilesWinInEveryCiTarget() {
        SystemSpec spec = RepositoryFiles.load(shop().resolve("slipway.yaml"));
        SourceTree sources = SourceTree.at(shop());
        List<String> texts = new ArrayList<>();
        for (var generator : List.of(new dev.slipway.generate.ci.GithubActions(), new dev.slipway.generate.ci.GitlabCi(),
                new dev.slipway.generate.ci.Jenkinsfile(), new dev.slipway.generate.ci.tekton.TektonPipeline())) {
            texts.add(String.join("\n", generator.generate(spec, sources).stream().map(GeneratedFile::content).toList()));
        }
        for (String text : texts) {
            assertThat(text).contains("services/cart/Dockerfile", "services/payments/Dockerfile", "docker/catalog/Dockerfile")
                    .doesNotContain("docker/cart/Dockerfile");
        }
    }
}
