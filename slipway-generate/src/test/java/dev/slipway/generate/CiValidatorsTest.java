package dev.slipway.generate;

import dev.slipway.generate.targets.Generators;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.generate.ci.GithubActions;
import dev.slipway.generate.ci.GitlabCi;
import dev.slipway.generate.ci.Jenkinsfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI validators must really reject a broken file: each target's minimal output passes, and the same
 * output with one deliberate mistake fails with the validator's own message.
 */
class CiValidatorsTest {

    @TempDir
    Path dir;

    private void assertAcceptsThenRejects(Generator generator, UnaryOperator<String> breakIt, String expectedMessage)
            throws Exception {
        Path repo = RepositoryFiles.root();
        ConformanceTest.requireValidators(repo);
        List<GeneratedFile> files = generator.generate(RepositoryFiles.load(repo.resolve("examples/minimal/slipway.yaml")));
        new OutputDirectory(dir.resolve("good")).write(files);
        GeneratedFile file = files.getFirst();
        String broken = breakIt.apply(file.content());
        assertThat(broken).isNotEqualTo(file.content());
        new OutputDirectory(dir.resolve("broken")).write(List.of(new GeneratedFile(file.path(), broken)));

        ConformanceTest.Validation good = ConformanceTest.validate(repo, dir.resolve("good"));
        assertThat(good.exitCode()).as(good.output()).isZero();
        ConformanceTest.Validation bad = ConformanceTest.validate(repo, dir.resolve("broken"));
        assertThat(bad.exitCode()).as(bad.output()).isNotZero();
        assertThat(bad.output()).contains("FAIL " + file.path(), expectedMessage, " 0 passed, 1 failed");
    }

    /**
     * Every trigger, a manual and a kube-context environment, Gradle, Poetry and Cargo: the three pipelines and the
     * one .slipway/ci.sh they share (written once: the targets agree on its bytes) pass their four validators.
     */
    @Test
    void aWiderSystemPassesAllFourValidators() throws Exception {
        Path repo = RepositoryFiles.root();
        ConformanceTest.requireValidators(repo);
        var spec = dev.slipway.model.load.SpecLoader.load(Files.readString(
                repo.resolve("slipway-generate/src/test/resources/ci/wide.yaml")), "wide.yaml").orThrow();
        new OutputDirectory(dir).write(Generators.run(spec, List.of(new GithubActions(), new GitlabCi(), new Jenkinsfile())));
        ConformanceTest.Validation result = ConformanceTest.validate(repo, dir);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains(" 4 passed, 0 failed", "ok   .slipway/ci.sh [shellcheck]");
    }

    /** Services built from their own Dockerfile (C++, PHP, Elixir, Scala): notice steps, still valid for all four. */
    @Test
    void ownDockerfileLanguagesPassAllFourValidators() throws Exception {
        Path repo = RepositoryFiles.root();
        ConformanceTest.requireValidators(repo);
        var spec = dev.slipway.model.load.SpecLoader.load("""
                system: {name: poly, registry: ghcr.io/acme/poly, repository: https://github.com/acme/poly.git}
                environments: [{name: dev}]
                services:
                  render: {path: render, language: cpp, port: 9090, dockerfile: render/Dockerfile}
                  billing: {path: billing, language: php, port: 80, dockerfile: billing/Dockerfile}
                  chat: {path: chat, language: elixir, port: 4000, dockerfile: chat/Dockerfile}
                  orders: {path: orders, language: scala, port: 9000, dockerfile: orders/Dockerfile}
                """, "poly.yaml").orThrow();
        new OutputDirectory(dir).write(Generators.run(spec, List.of(new GithubActions(), new GitlabCi(), new Jenkinsfile())));
        ConformanceTest.Validation result = ConformanceTest.validate(repo, dir);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains(" 4 passed, 0 failed", "ok   .slipway/ci.sh [shellcheck]");
        assertThat(Files.readString(dir.resolve(".gitlab-ci.yml"))).contains("Add a step that runs: mix deps.get && mix test");
    }

    @Test
    void shellcheckRejectsAnUnquotedExpansionInTheScript() throws Exception {
        Path repo = RepositoryFiles.root();
        ConformanceTest.requireValidators(repo);
        String script = dev.slipway.generate.ci.CiScript.file().content();
        String broken = script.replace("curl --silent --show-error", "curl $SLIPWAY_CURL_OPTIONS --silent --show-error");
        assertThat(broken).isNotEqualTo(script);
        new OutputDirectory(dir).write(List.of(new GeneratedFile(dev.slipway.generate.ci.CiScript.PATH, broken)));
        ConformanceTest.Validation bad = ConformanceTest.validate(repo, dir);
        assertThat(bad.exitCode()).as(bad.output()).isNotZero();
        assertThat(bad.output()).contains("FAIL .slipway/ci.sh [shellcheck]", "SC2086", " 0 passed, 1 failed");
    }

    @Test
    void actionValidatorRejectsAnUnknownJobKey() throws Exception {
        assertAcceptsThenRejects(new GithubActions(), t -> t.replaceFirst("    runs-on:", "    runs-onn:"), "runs-onn");
    }

    @Test
    void gitlabSchemaRejectsAnUnknownWhen() throws Exception {
        assertAcceptsThenRejects(new GitlabCi(), t -> t.replaceFirst("      when: never", "      when: sometimes"),
                "must be equal to one of the allowed values");
    }

    @Test
    void groovyLintRejectsAnUnclosedBlock() throws Exception {
        assertAcceptsThenRejects(new Jenkinsfile(), t -> t.substring(0, t.lastIndexOf('}')), "error");
    }
}
