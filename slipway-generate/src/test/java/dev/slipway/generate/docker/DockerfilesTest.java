package dev.slipway.generate.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.generate.ConformanceCheck;
import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.GoldenFiles;
import dev.slipway.generate.OutputDirectory;
import dev.slipway.generate.RepositoryFiles;
import dev.slipway.model.SystemSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docker target. Golden files: {@code src/test/resources/golden/docker/minimal/}; regenerate with
 * {@code -Dslipway.updateGolden=true}. The polyglot spec ({@code specs/polyglot.yaml}) has every build tool.
 */
class DockerfilesTest {

    private static final Pattern FROM = Pattern.compile("^FROM (\\S+) AS (\\S+)$", Pattern.MULTILINE);

    static SystemSpec minimal() {
        return RepositoryFiles.load(RepositoryFiles.root().resolve("examples/minimal/slipway.yaml"));
    }

    static SystemSpec polyglot() {
        return RepositoryFiles.load(RepositoryFiles.root().resolve("slipway-generate/src/test/resources/specs/polyglot.yaml"));
    }

    static Map<String, String> dockerfiles(SystemSpec spec) {
        return new Dockerfiles().generate(spec).stream().filter(f -> f.path().endsWith("/Dockerfile"))
                .collect(Collectors.toMap(GeneratedFile::path, GeneratedFile::content, (a, b) -> a, java.util.TreeMap::new));
    }

    @Test
    void minimalMatchesGoldenFiles() throws Exception {
        GoldenFiles.assertMatches("docker/minimal", new Dockerfiles().generate(minimal()));
    }

    @Test
    void onlyServicesBuiltFromSourceWithoutTheirOwnDockerfileGetOne() {
        assertThat(dockerfiles(minimal()).keySet()).containsExactly("docker/api/Dockerfile", "docker/web/Dockerfile");
        assertThat(new Dockerfiles().generate(polyglot()).stream().map(GeneratedFile::path))
                .noneMatch(p -> p.contains("/queue/") || p.contains("/legacy/"))
                .contains("docker/shop/Dockerfile", "docker/shop/Dockerfile.dockerignore");
    }

    @Test
    void everyBaseImageIsPinnedToAVersionOrDigest() {
        dockerfiles(polyglot()).forEach((path, text) -> {
            Matcher from = FROM.matcher(text);
            int count = 0;
            while (from.find()) {
                count++;
                String image = from.group(1);
                assertThat(image).as(path).doesNotEndWith(":latest").doesNotContain("$");
                assertThat(image.contains("@sha256:") || image.substring(image.lastIndexOf('/') + 1).contains(":"))
                        .as("%s: %s has a tag or digest", path, image).isTrue();
            }
            assertThat(count).as("%s is multi-stage", path).isEqualTo(2);
        });
    }

    @Test
    void theRuntimeStageRunsAsANumericNonRootUser() {
        dockerfiles(polyglot()).forEach((path, text) -> {
            String runtime = text.substring(text.lastIndexOf("\nFROM "));
            List<String> users = runtime.lines().filter(l -> l.startsWith("USER ")).toList();
            assertThat(users).as(path).hasSize(1);
            String uid = users.getFirst().substring(5).split(":")[0];
            assertThat(uid).as(path).matches("[0-9]+").isNotEqualTo("0");
        });
    }

    @Test
    void dependencyManifestsAreCopiedBeforeTheSources() {
        Map<String, String> manifests = Map.of("docker/api/Dockerfile", "COPY go.mod go.sum ./",
                "docker/web/Dockerfile", "COPY package.json package-lock.json ./");
        Map<String, String> files = dockerfiles(minimal());
        manifests.forEach((path, copy) -> {
            String text = files.get(path);
            assertThat(text.indexOf(copy)).as(path).isPositive().isLessThan(text.indexOf("COPY . ."));
            assertThat(text).as(path).contains("RUN --mount=type=cache,target=");
        });
        dockerfiles(polyglot()).forEach((path, text) -> {
            if (!path.equals("docker/payments/Dockerfile")) { // Gradle: see BuildStage.gradle
                String beforeSources = text.substring(0, text.indexOf("COPY . ."));
                assertThat(beforeSources).as(path).containsPattern("(?m)^COPY \\S+");
            }
        });
    }

    @Test
    void exposesThePortAndChecksHealthOnlyWhereTheImageHasATool() {
        Map<String, String> files = dockerfiles(minimal());
        String web = files.get("docker/web/Dockerfile");
        assertThat(web).contains("EXPOSE 3000")
                .contains("HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 CMD "
                        + "[\"wget\", \"-q\", \"-O\", \"/dev/null\", \"http://127.0.0.1:3000/health\"]");
        String api = files.get("docker/api/Dockerfile");
        assertThat(api).contains("EXPOSE 8080").contains("FROM gcr.io/distroless/static-debian12:nonroot")
                .doesNotContain("HEALTHCHECK --").contains("# No HEALTHCHECK");
        // no port, nothing to expose or probe
        assertThat(dockerfiles(polyglot()).get("docker/reports/Dockerfile")).doesNotContain("EXPOSE").doesNotContain("HEALTHCHECK");
    }

    @Test
    void sameSpecSameBytes() {
        assertThat(new Dockerfiles().generate(polyglot())).isEqualTo(new Dockerfiles().generate(polyglot()));
    }

    @Test
    void everyBuildToolPassesTheDockerValidator(@TempDir Path dir) throws Exception {
        new OutputDirectory(dir).write(new Dockerfiles().generate(polyglot()));
        var result = ConformanceCheck.validate(dir);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("conformance: 24 passed, 0 failed");
    }

    @Test
    void theSmallRepositoriesDockerfilesPassTheDockerValidator(@TempDir Path dir) throws Exception {
        // read from their sources: Spring Boot, Go cmd/, nested .NET, yarn berry, npm, pip and uv
        Path builds = DockerfileStaticCheckTest.builds();
        new OutputDirectory(dir).write(new Dockerfiles().generate(RepositoryFiles.load(builds.resolve("slipway.yaml")),
                dev.slipway.generate.SourceTree.at(builds)));
        var result = ConformanceCheck.validate(dir);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("conformance: 14 passed, 0 failed");
    }

    @Test
    void theValidatorRejectsUnpinnedRootAndRemoteAdd(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("docker/bad"));
        Files.writeString(dir.resolve("docker/bad/Dockerfile"), """
                FROM node:latest AS build
                ADD https://example.com/tool.tgz /tool
                COPY --from=ghcr.io/astral-sh/uv:latest /uv /bin/
                FROM alpine AS runtime
                USER root
                """);
        Files.writeString(dir.resolve("docker/bad/Dockerfile.dockerignore"), "/etc\n");
        var result = ConformanceCheck.validate(dir);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output())
                .contains("FROM node:latest: base image not pinned")
                .contains("FROM alpine: base image not pinned")
                .contains("final stage USER root: runs as root")
                .contains("ADD https://example.com/tool.tgz: remote sources are not verified")
                .contains("COPY --from=ghcr.io/astral-sh/uv:latest: image not pinned")
                .contains("pattern /etc: absolute path")
                .contains("conformance: 0 passed, 2 failed");
    }

    @Test
    void theValidatorReportsDockerfileUtilsDiagnostics(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("Dockerfile"), "FROM golang:1.23.4-alpine AS build\nworkdir src\nUSER 65532\n");
        var result = ConformanceCheck.validate(dir);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("Instructions should be written in uppercase letters")
                .contains("WORKDIR paths should be absolute");
    }
}
