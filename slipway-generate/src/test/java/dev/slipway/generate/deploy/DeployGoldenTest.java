package dev.slipway.generate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.Generator;
import dev.slipway.generate.RepositoryFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The deploy targets' output for examples/minimal, compared byte for byte with the golden files in
 * {@code src/test/resources/golden/TARGET/}. After an intended change, regenerate them with
 * <pre>./mvnw -pl slipway-generate -am test -Dtest=DeployGoldenTest -Dsurefire.failIfNoSpecifiedTests=false -Dslipway.updateGolden=true</pre>
 * and review the diff.
 */
class DeployGoldenTest {

    static Stream<Generator> targets() {
        return Stream.of(new KubernetesManifests(), new ArgoCdApplications(), new FluxKustomizations(),
                new IstioRouting(), new GatewayApiRouting(), new ArgoRollouts());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void minimalExampleMatchesGoldenFiles(Generator generator) throws IOException {
        List<GeneratedFile> files = generator.generate(DeploySpecs.minimal());
        Path golden = goldenDir(generator.target());
        if (Boolean.getBoolean("slipway.updateGolden")) {
            deleteTree(golden);
            for (GeneratedFile file : files) {
                Path path = golden.resolve(file.path());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.content(), StandardCharsets.UTF_8);
            }
        }
        List<String> expectedPaths;
        try (Stream<Path> walk = Files.walk(golden)) {
            expectedPaths = walk.filter(Files::isRegularFile)
                    .map(p -> golden.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
        assertThat(files.stream().map(GeneratedFile::path).sorted().toList())
                .as("files of target %s (regenerate with -Dslipway.updateGolden=true)", generator.target())
                .isEqualTo(expectedPaths);
        for (GeneratedFile file : files) {
            assertThat(file.content()).as("%s (regenerate with -Dslipway.updateGolden=true)", file.path())
                    .isEqualTo(Files.readString(golden.resolve(file.path()), StandardCharsets.UTF_8));
        }
    }

    private static Path goldenDir(String target) {
        return RepositoryFiles.root().resolve("slipway-generate/src/test/resources/golden").resolve(target);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
