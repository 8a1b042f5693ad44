package dev.slipway.generate.ci.tekton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.generate.ConformanceCheck;
import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.GenerationException;
import dev.slipway.generate.GoldenFiles;
import dev.slipway.generate.OutputDirectory;
import dev.slipway.generate.RepositoryFiles;
import dev.slipway.generate.ci.CiScript;
import dev.slipway.generate.ci.tekton.TektonPipeline;
import dev.slipway.model.LoadResult;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.load.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The tekton target. Golden files: {@code src/test/resources/golden/tekton/minimal/}; regenerate with
 * {@code -Dslipway.updateGolden=true}. The polyglot spec ({@code specs/polyglot.yaml}) has a deeper graph.
 */
class TektonPipelineTest {

    static SystemSpec minimal() {
        return RepositoryFiles.load(RepositoryFiles.root().resolve("examples/minimal/slipway.yaml"));
    }

    static SystemSpec polyglot() {
        return RepositoryFiles.load(RepositoryFiles.root().resolve("slipway-generate/src/test/resources/specs/polyglot.yaml"));
    }

    static SystemSpec spec(String yaml) {
        LoadResult result = SpecLoader.load(yaml, "test.yaml");
        assertThat(result.problems()).as("spec problems").isEmpty();
        return result.orThrow();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> document(List<GeneratedFile> files, String path) {
        String text = files.stream().filter(f -> f.path().equals(path)).findFirst().orElseThrow().content();
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(text);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> pipelineTasks(SystemSpec spec) {
        Map<String, Object> pipeline = document(new TektonPipeline().generate(spec), "tekton/pipeline.yaml");
        return (List<Map<String, Object>>) ((Map<String, Object>) pipeline.get("spec")).get("tasks");
    }

    /** Pipeline task name → its runAfter, in the pipeline's order. */
    @SuppressWarnings("unchecked")
    static Map<String, List<String>> runAfter(SystemSpec spec) {
        Map<String, List<String>> after = new LinkedHashMap<>();
        for (Map<String, Object> task : pipelineTasks(spec)) {
            after.put((String) task.get("name"), (List<String>) task.getOrDefault("runAfter", List.of()));
        }
        return after;
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> params(SystemSpec spec, String task) {
        Map<String, String> params = new LinkedHashMap<>();
        for (Map<String, Object> p : (List<Map<String, Object>>) pipelineTasks(spec).stream()
                .filter(t -> t.get("name").equals(task)).findFirst().orElseThrow().get("params")) {
            params.put((String) p.get("name"), (String) p.get("value"));
        }
        return params;
    }

    @Test
    void minimalMatchesGoldenFiles() throws Exception {
        GoldenFiles.assertMatches("tekton/minimal", new TektonPipeline().generate(minimal()));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> pipelineTask(SystemSpec spec, String task) {
        return pipelineTasks(spec).stream().filter(t -> t.get("name").equals(task)).findFirst().orElseThrow();
    }

    @Test
    void changedServicesAreTestedBuiltScannedPushedAndRecordedThenReleasedOnce() {
        Map<String, List<String>> after = runAfter(minimal());
        assertThat(after.keySet()).containsExactly("clone", "changes", "test-api", "build-api", "record-api",
                "test-web", "build-web", "record-web", "release");
        assertThat(after.get("changes")).containsExactly("clone");
        assertThat(after.get("build-web")).containsExactly("test-web");
        assertThat(after.get("record-web")).containsExactly("build-web");
        // one release of everything built: Slipway orders the rollouts by the dependency graph
        assertThat(after.get("release")).containsExactly("record-api", "record-web");
        for (String task : List.of("test-web", "build-web", "record-web")) {
            assertThat(pipelineTask(minimal(), task).get("when")).as(task).isEqualTo(List.of(Map.of(
                    "input", "$(tasks.changes.results.web)", "operator", "in", "values", List.of("true"))));
        }
        assertThat(params(minimal(), "release")).containsEntry("environment", "$(params.environment)")
                .containsEntry("versions", "$(tasks.changes.results.versions)");
        assertThat(params(minimal(), "record-web")).containsEntry("service", "web")
                .containsEntry("image", "ghcr.io/acme/minimal/web")
                .containsEntry("version", "$(tasks.changes.results.version)")
                .containsEntry("commit", "$(tasks.clone.results.commit)")
                .containsEntry("digest", "$(tasks.build-web.results.IMAGE_DIGEST)");
    }

    @Test
    void onlyServicesBuiltFromSourceGetTasks() {
        assertThat(runAfter(polyglot()).keySet()).noneMatch(task -> task.endsWith("-queue"));
        // a service with its own Dockerfile is built with it
        assertThat(params(polyglot(), "build-legacy")).containsEntry("dockerfile", "services/legacy/Dockerfile")
                .containsEntry("context", "services/legacy");
    }

    @Test
    void theImageIsScannedBeforeItIsPushedWithTheConfiguredSeverities() {
        assertThat(params(minimal(), "build-web"))
                .containsEntry("image", "ghcr.io/acme/minimal/web:$(tasks.clone.results.commit)")
                .containsEntry("revision", "$(tasks.clone.results.commit)")
                .containsEntry("severity", "CRITICAL,HIGH")
                .containsEntry("exit-code", "1");
        assertThat(params(polyglot(), "build-shop")).containsEntry("severity", "CRITICAL");
        String build = file(new TektonPipeline().generate(minimal()), "tekton/tasks/slipway-build-image.yaml");
        assertThat(build.indexOf("- name: build")).isLessThan(build.indexOf("- name: scan"));
        assertThat(build.indexOf("- name: scan")).isLessThan(build.indexOf("- name: push"));
        assertThat(build).contains("oci-archive:/var/lib/containers/slipway-scan.tar",
                "--input /var/lib/containers/slipway-scan.tar", "--digestfile");
        // nothing is pushed in the build step
        String buildStep = build.substring(build.indexOf("- name: build"), build.indexOf("- name: scan"));
        assertThat(buildStep).doesNotContain("docker://");
    }

    @Test
    void slipwayIsReachedWithCurlAndTheScriptNeverWithABinaryOrImage() {
        List<GeneratedFile> files = new TektonPipeline().generate(minimal());
        String all = files.stream().map(GeneratedFile::content).reduce("", String::concat);
        assertThat(all).doesNotContain("slipway deploy", "ghcr.io/slipway-dev", "image-tag");
        assertThat(file(files, "tekton/tasks/slipway-release.yaml")).contains("image: curlimages/curl:8.11.1",
                "sh .slipway/ci.sh release \"$ENVIRONMENT\" \"$@\"", "name: slipway", "key: token");
        assertThat(file(files, "tekton/tasks/slipway-changes.yaml")).contains(
                "changed=\"$(sh .slipway/ci.sh changed dev web 'web/**' 'docker/web/Dockerfile')\"", "$(results.web.path)");
        // later environments: a promotion Pipeline with no build at all
        Map<String, Object> promotion = document(files, "tekton/promotion.yaml");
        assertThat(file(files, "tekton/promotion.yaml")).contains("taskRef:\n        name: slipway-promote", "default: staging")
                .doesNotContain("slipway-build-image", "slipway-test-");
        assertThat(promotion.get("kind")).isEqualTo("Pipeline");
        assertThat(files).extracting(GeneratedFile::path).contains(CiScript.PATH);
    }

    static String file(List<GeneratedFile> files, String path) {
        return files.stream().filter(f -> f.path().equals(path)).findFirst().orElseThrow().content();
    }

    @Test
    void oneTestTaskPerServiceWithTheDockerfilesBuilderImage() {
        List<GeneratedFile> files = new TektonPipeline().generate(minimal());
        assertThat(files.stream().map(GeneratedFile::path)).containsExactlyInAnyOrder(
                "tekton/tasks/slipway-git-clone.yaml", "tekton/tasks/slipway-changes.yaml", "tekton/tasks/slipway-test-api.yaml",
                "tekton/tasks/slipway-test-web.yaml", "tekton/tasks/slipway-build-image.yaml",
                "tekton/tasks/slipway-record-build.yaml", "tekton/tasks/slipway-release.yaml",
                "tekton/tasks/slipway-promote.yaml", "tekton/pipeline.yaml", "tekton/promotion.yaml", CiScript.PATH);
        assertThat(new TektonPipeline().generate(polyglot()).stream().filter(f -> f.path().contains("slipway-test-")))
                .hasSize((int) polyglot().services().stream().filter(dev.slipway.model.Service::builtFromSource).count());
        String api = files.stream().filter(f -> f.path().endsWith("slipway-test-api.yaml")).findFirst().orElseThrow().content();
        // the builder image of the api's generated Dockerfile
        assertThat(new dev.slipway.generate.docker.Dockerfiles().generate(minimal()).stream()
                .filter(f -> f.path().equals("docker/api/Dockerfile")).findFirst().orElseThrow().content())
                .contains("FROM golang:1.25.5-alpine AS build");
        assertThat(api).contains("image: golang:1.25.5-alpine");
    }

    @Test
    void everyStepImageIsPinned() {
        for (GeneratedFile file : new TektonPipeline().generate(polyglot())) {
            file.content().lines().map(String::trim).filter(l -> l.startsWith("image: ")).forEach(line -> {
                String image = line.substring("image: ".length());
                assertThat(image).as(file.path()).doesNotEndWith(":latest")
                        .matches(".+:[A-Za-z0-9._-]+|.+@sha256:[0-9a-f]{64}");
            });
        }
    }

    @Test
    void sameSpecSameBytes() {
        assertThat(new TektonPipeline().generate(polyglot())).isEqualTo(new TektonPipeline().generate(polyglot()));
    }

    @Test
    void aSystemWithNothingToBuildIsExplained() {
        SystemSpec spec = spec("""
                system: {name: ext, registry: registry.example.com/ext}
                environments: [{name: dev}]
                services:
                  db: {image: "postgres:16.4-alpine", port: 5432}
                """);
        assertThatThrownBy(() -> new TektonPipeline().generate(spec)).isInstanceOf(GenerationException.class)
                .hasMessageContaining("no service is built from source");
    }

    @Test
    void thePolyglotPipelinePassesTektonLint(@TempDir Path dir) throws Exception {
        new OutputDirectory(dir).write(new TektonPipeline().generate(polyglot()));
        var result = ConformanceCheck.validate(dir);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("conformance: 22 passed, 0 failed");
    }

    @Test
    void theValidatorRejectsBrokenReferencesUnpinnedImagesAndUnknownFields(@TempDir Path dir) throws Exception {
        List<GeneratedFile> files = new TektonPipeline().generate(minimal()).stream()
                .filter(f -> !f.path().endsWith("slipway-test-api.yaml")) // the pipeline still references it
                .map(f -> new GeneratedFile(f.path(), f.content()
                        .replace("image: " + StepImages.GIT, "image: alpine/git")
                        .replace("    - name: record-web\n      runAfter:", "    - name: record-web\n      runafter:")))
                .toList();
        new OutputDirectory(dir).write(files);
        var result = ConformanceCheck.validate(dir);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output())
                .contains("references task 'slipway-test-api' but the referenced task cannot be found")
                .contains("Invalid image: 'alpine/git'")
                .contains("unknown field 'runafter'")
                .contains("conformance: 8 passed, 2 failed");
    }

    @Test
    void theValidatorRejectsAnUndefinedResult(@TempDir Path dir) throws Exception {
        new OutputDirectory(dir).write(new TektonPipeline().generate(minimal()).stream()
                .map(f -> new GeneratedFile(f.path(), f.content().replace("results.IMAGE_DIGEST)", "results.DIGEST)")))
                .toList());
        var result = ConformanceCheck.validate(dir);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("'DIGEST' is not a result in Task 'build-web'");
        assertThat(Files.exists(dir.resolve("tekton/pipeline.yaml"))).isTrue();
    }
}
