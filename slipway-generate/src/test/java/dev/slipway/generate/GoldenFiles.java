package dev.slipway.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Compares a generator's files byte for byte with a directory under {@code src/test/resources/golden/}: the same
 * set of files, the same bytes. After an intended change, regenerate with {@code -Dslipway.updateGolden=true}
 * (e.g. {@code ./mvnw -pl slipway-generate -am test -Dtest='*Test' -Dslipway.updateGolden=true}) and review the diff.
 */
public final class GoldenFiles {

    private GoldenFiles() {
    }

    /** {@code directory} is relative to the golden root, e.g. {@code kubernetes} or {@code docker/minimal}. */
    public static void assertMatches(String directory, List<GeneratedFile> files) throws IOException {
        Path dir = RepositoryFiles.root().resolve("slipway-generate/src/test/resources/golden").resolve(directory);
        if (Boolean.getBoolean("slipway.updateGolden")) {
            ConformanceTest.deleteTree(dir);
            for (GeneratedFile file : files) {
                Path path = dir.resolve(file.path());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.content(), StandardCharsets.UTF_8);
            }
        }
        List<String> expected;
        try (Stream<Path> paths = Files.walk(dir)) {
            expected = paths.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        }
        assertThat(files.stream().map(GeneratedFile::path).sorted().toList())
                .as("files in golden/%s (regenerate with -Dslipway.updateGolden=true)", directory)
                .isEqualTo(expected);
        for (GeneratedFile file : files) {
            assertThat(file.content()).as("%s (regenerate with -Dslipway.updateGolden=true)", file.path())
                    .isEqualTo(Files.readString(dir.resolve(file.path()), StandardCharsets.UTF_8));
        }
    }
}
