package dev.slipway.generate.ci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.RepositoryFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Golden files of the CI generators: {@code src/test/resources/golden/<target>/<path>}, compared byte for
 * byte. After a deliberate change of output, regenerate them and review the diff:
 * {@code ./mvnw -q -o -pl slipway-generate -am test -Dtest='*Ci*Test,GithubActionsTest,JenkinsfileTest'
 * -Dsurefire.failIfNoSpecifiedTests=false -Dslipway.updateGolden=true}.
 */
final class Golden {

    private Golden() {
    }

    static void assertMatches(String target, List<GeneratedFile> files) throws IOException {
        Path dir = RepositoryFiles.root().resolve("slipway-generate/src/test/resources/golden").resolve(target);
        for (GeneratedFile file : files) {
            Path golden = dir.resolve(file.path());
            if (Boolean.getBoolean("slipway.updateGolden")) {
                Files.createDirectories(golden.getParent());
                Files.writeString(golden, file.content(), StandardCharsets.UTF_8);
            }
            assertThat(golden).as("golden file %s (regenerate with -Dslipway.updateGolden=true)", golden).exists();
            assertThat(file.content()).as("generated %s differs from its golden file %s", file.path(), golden)
                    .isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
        }
    }
}
