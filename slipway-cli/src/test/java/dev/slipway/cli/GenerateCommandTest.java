package dev.slipway.cli;

import dev.slipway.model.UserError;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {

    @TempDir
    Path tmp;

    @Test
    void generatesEverythingThenFindsNoDriftUntilAFileIsEdited() throws IOException {
        Path out = tmp.resolve("repo");
        Cli first = Cli.run("generate", "-f", Cli.minimal(), "--target", "all", "--out", out.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("wrote     .github/workflows/slipway.yml", "wrote     Jenkinsfile",
                "0 unchanged, 0 removed");
        assertThat(out.resolve(".gitlab-ci.yml")).exists();

        Cli again = Cli.run("generate", "-f", Cli.minimal(), "--target", "all", "--out", out.toString());
        assertThat(again.out()).contains(": 0 files written,");

        Cli clean = Cli.run("generate", "-f", Cli.minimal(), "--target", "all", "--out", out.toString(), "--check");
        assertThat(clean.exitCode()).isZero();
        assertThat(clean.out()).contains("are up to date");

        Files.writeString(out.resolve("Jenkinsfile"), "// edited by hand\n", java.nio.file.StandardOpenOption.APPEND);
        Files.delete(out.resolve(".gitlab-ci.yml"));
        Cli drift = Cli.run("generate", "-f", Cli.minimal(), "--target", "all", "--out", out.toString(), "--check");
        assertThat(drift.exitCode()).isEqualTo(1);
        assertThat(drift.out()).contains("changed: Jenkinsfile", "missing: .gitlab-ci.yml",
                "2 of ", "differ from what `slipway generate` writes now");
    }

    @Test
    void withoutTargetItWritesTheCiProvidersDockerAndKubernetesNextToTheSpec() throws IOException {
        Path spec = tmp.resolve("slipway.yaml");
        Files.writeString(spec, Files.readString(Path.of(Cli.minimal())).replace(
                "providers: [github, gitlab, jenkins, tekton]", "providers: [gitlab]"));
        Cli cli = Cli.run("generate", "-f", spec.toString());
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out()).contains("gitlab,docker,kubernetes:");
        assertThat(tmp.resolve(".gitlab-ci.yml")).exists();
        assertThat(tmp.resolve(".github")).doesNotExist();
    }

    @Test
    void aTargetThatCannotBeGeneratedWritesNothingAtAll() throws IOException {
        Path spec = specWithoutRepository();
        Path out = tmp.resolve("out");
        Cli cli = Cli.run("generate", "-f", spec.toString(), "--target", "kubernetes,argocd", "--out", out.toString());
        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.err()).contains("error: ", "nothing was written", "hint: ", "system.repository");
        assertThat(out).doesNotExist();
    }

    @Test
    void allWithoutARepositoryGeneratesEveryOtherTargetAndSaysWhichItSkipped() throws IOException {
        Path spec = specWithoutRepository();
        Path out = tmp.resolve("out");
        Cli cli = Cli.run("generate", "-f", spec.toString(), "--target", "all", "--out", out.toString());
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.err()).contains("skipped argocd: ", "skipped flux: ", "system.repository");
        assertThat(cli.out()).doesNotContain("argocd").contains("wrote     Jenkinsfile");
        assertThat(out.resolve(".gitlab-ci.yml")).exists();
    }

    private Path specWithoutRepository() throws IOException {
        Path spec = tmp.resolve("slipway.yaml");
        Files.writeString(spec, Files.readString(Path.of(Cli.minimal()))
                .replace("  repository: https://github.com/acme/minimal.git\n", ""));
        return spec;
    }

    @Test
    void anUnwritableOutputIsAUserError() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "not a directory");
        Cli cli = Cli.run("generate", "-f", Cli.minimal(), "--target", "kubernetes", "--out", file.toString());
        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.err()).contains("error: cannot write generated files to", "hint: check that");
        assertThat(file).hasContent("not a directory");
    }

    @Test
    void anInvalidSpecWritesNothing() throws IOException {
        Path spec = tmp.resolve("slipway.yaml");
        Files.writeString(spec, Files.readString(Path.of(Cli.minimal())).replace("port: 3000", "port: -1"));
        Cli cli = Cli.run("generate", "-f", spec.toString(), "--target", "all");
        assertThat(cli.exitCode()).isEqualTo(1);
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files).containsExactly(spec);
        }
    }
}
