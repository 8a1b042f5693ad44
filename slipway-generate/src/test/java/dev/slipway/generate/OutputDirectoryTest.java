package dev.slipway.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.generate.OutputDirectory.Drift;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputDirectoryTest {

    @TempDir
    Path root;

    @Test
    void writesFilesAndAManifestWithoutLeavingAStagingDirectory() throws IOException {
        var summary = new OutputDirectory(root).write(List.of(
                new GeneratedFile("a/b/one.yaml", "one: 1\n"), new GeneratedFile("two.txt", "two")));
        assertThat(summary.written()).containsExactly("a/b/one.yaml", "two.txt");
        assertThat(root.resolve("a/b/one.yaml")).hasContent("one: 1");
        assertThat(Files.readString(root.resolve("two.txt"))).isEqualTo("two\n");
        assertThat(Files.readString(root.resolve(OutputDirectory.MANIFEST))).endsWith("a/b/one.yaml\ntwo.txt\n");
        try (Stream<Path> entries = Files.list(root)) {
            assertThat(entries.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".slipway-staging"));
        }
    }

    @Test
    void rewritesOnlyWhatChangedAndRemovesWhatIsNoLongerGeneratedButNeverTheUsersFiles() throws IOException {
        OutputDirectory out = new OutputDirectory(root);
        out.write(List.of(new GeneratedFile("keep.yaml", "k"), new GeneratedFile("old/gone.yaml", "g")));
        Files.writeString(root.resolve("mine.txt"), "the user's own file");

        var summary = out.write(List.of(new GeneratedFile("keep.yaml", "k"), new GeneratedFile("new.yaml", "n")));

        assertThat(summary.unchanged()).containsExactly("keep.yaml");
        assertThat(summary.written()).containsExactly("new.yaml");
        assertThat(summary.removed()).containsExactly("old/gone.yaml");
        assertThat(root.resolve("old")).doesNotExist();
        assertThat(root.resolve("mine.txt")).hasContent("the user's own file");
    }

    @Test
    void newDirectoriesMoveInWholeWhileExistingOnesKeepTheUsersFiles() throws IOException {
        Files.createDirectories(root.resolve("deploy/base"));
        Files.writeString(root.resolve("deploy/base/mine.yaml"), "the user's own file");
        OutputDirectory out = new OutputDirectory(root);
        List<GeneratedFile> first = List.of(new GeneratedFile("deploy/base/api.yaml", "api"),
                new GeneratedFile("deploy/overlays/prod/api.yaml", "prod"), new GeneratedFile("deploy/overlays/dev/api.yaml", "dev"),
                new GeneratedFile("docker/api/Dockerfile", "FROM scratch"), new GeneratedFile("README.generated", "r"));

        assertThat(out.write(first).written()).containsExactlyElementsOf(first.stream().map(GeneratedFile::path).toList());
        for (GeneratedFile file : first) {
            assertThat(Files.readString(root.resolve(file.path()))).isEqualTo(file.content());
        }
        assertThat(root.resolve("deploy/base/mine.yaml")).hasContent("the user's own file");

        List<GeneratedFile> second = List.of(first.get(0), new GeneratedFile("deploy/overlays/prod/api.yaml", "prod v2"),
                first.get(2), first.get(3), new GeneratedFile("deploy/overlays/test/api.yaml", "test"), first.get(4));
        var summary = out.write(second);

        assertThat(summary.written()).containsExactly("deploy/overlays/prod/api.yaml", "deploy/overlays/test/api.yaml");
        assertThat(summary.unchanged()).containsExactly("deploy/base/api.yaml", "deploy/overlays/dev/api.yaml",
                "docker/api/Dockerfile", "README.generated");
        assertThat(root.resolve("deploy/overlays/prod/api.yaml")).hasContent("prod v2");
        assertThat(root.resolve("deploy/overlays/test/api.yaml")).hasContent("test");
        assertThat(out.check(second)).isEmpty();
    }

    @Test
    void aFileWhereADirectoryMustGoFailsBeforeTouchingItOrTheManifest() throws IOException {
        Files.writeString(root.resolve("docker"), "a file, not a directory");
        OutputDirectory out = new OutputDirectory(root);

        assertThatThrownBy(() -> out.write(List.of(new GeneratedFile("docker/api/Dockerfile", "FROM scratch"))))
                .isInstanceOf(java.io.UncheckedIOException.class);

        assertThat(root.resolve("docker")).hasContent("a file, not a directory");
        assertThat(root.resolve(OutputDirectory.MANIFEST)).doesNotExist();
        try (Stream<Path> entries = Files.list(root)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("docker");
        }
    }

    @Test
    void checkReportsChangedMissingAndStaleFiles() throws IOException {
        OutputDirectory out = new OutputDirectory(root);
        List<GeneratedFile> files = List.of(new GeneratedFile("a.yaml", "a"), new GeneratedFile("b.yaml", "b"),
                new GeneratedFile("c.yaml", "c"));
        out.write(files);
        assertThat(out.check(files)).isEmpty();

        Files.writeString(root.resolve("a.yaml"), "edited by hand\n");
        Files.delete(root.resolve("b.yaml"));
        List<Drift> drift = out.check(List.of(files.get(0), files.get(1)));

        assertThat(drift).containsExactly(new Drift("a.yaml", Drift.Kind.CHANGED), new Drift("b.yaml", Drift.Kind.MISSING),
                new Drift("c.yaml", Drift.Kind.STALE));
    }

    @Test
    void aManifestCannotMakeItDeleteOutsideTheDirectory() throws IOException {
        Path outside = Files.writeString(root.resolve("outside.txt"), "precious");
        Path dir = Files.createDirectories(root.resolve("out"));
        Files.writeString(dir.resolve(OutputDirectory.MANIFEST), "../outside.txt\n/etc/passwd\n");
        new OutputDirectory(dir).write(List.of(new GeneratedFile("x.yaml", "x")));
        assertThat(outside).hasContent("precious");
    }
}
