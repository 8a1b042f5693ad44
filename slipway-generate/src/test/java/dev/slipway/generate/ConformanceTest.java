package dev.slipway.generate;

import dev.slipway.generate.targets.Generators;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.Strategy;
import dev.slipway.model.SystemSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Generates every target for every example system and checks each file with its ecosystem's own validator
 * ({@code conformance/validate.mjs}: action-validator, the GitLab CI schema, tekton-lint, npm-groovy-lint,
 * kubernetes-models, ...). A failure shows the validator's own message.
 */
class ConformanceTest {

    private static final java.util.Set<String> ROUTING_TARGETS = java.util.Set.of("istio", "gateway-api", "argo-rollouts");

    @TestFactory
    Stream<DynamicTest> everyGeneratedFilePassesItsValidator() {
        Path repo = RepositoryFiles.root();
        requireValidators(repo);
        return RepositoryFiles.exampleSpecs().stream().flatMap(spec -> Generators.all().stream().map(generator ->
                DynamicTest.dynamicTest(spec.getParent().getFileName() + " / " + generator.target(), () -> {
                    SystemSpec system = RepositoryFiles.load(spec);
                    List<GeneratedFile> files = generator.generate(system);
                    if (files.isEmpty()) {
                        // only the traffic-routing targets may have nothing to do: no canary or blue-green service
                        assertThat(ROUTING_TARGETS).as("target %s wrote no files", generator.target())
                                .contains(generator.target());
                        assertThat(system.services()).allMatch(s -> s.strategy() instanceof Strategy.Rolling);
                        return;
                    }
                    Path out = repo.resolve("slipway-generate/target/conformance")
                            .resolve(spec.getParent().getFileName().toString()).resolve(generator.target());
                    deleteTree(out);
                    new OutputDirectory(out).write(files);
                    Validation result = validate(repo, out);
                    assertThat(result.exitCode()).as("validators on %s:\n%s", out, result.output()).isZero();
                    assertThat(result.output()).contains(" passed, 0 failed");
                })));
    }

    record Validation(int exitCode, String output) {
    }

    static Validation validate(Path repo, Path dir) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("node", repo.resolve("conformance/validate.mjs").toString(),
                dir.toString()).redirectErrorStream(true);
        Path home = Files.createTempDirectory("slipway-validate-home");
        builder.environment().put("HOME", home.toString()); // tekton-lint and groovy-lint write caches there
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("validators did not finish in 10 minutes on " + dir);
        }
        return new Validation(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    static void requireValidators(Path repo) {
        if (!Files.isDirectory(repo.resolve("conformance/node_modules"))) {
            throw new AssertionError("the format validators are not installed: run ./scripts/test.sh "
                    + "(it installs them), or `npm ci --prefix conformance` with Node 20");
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
