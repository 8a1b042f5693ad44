package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guard of the repository route: a generated path is read only when it stays inside the repository. */
class RepositoryFileRoutesTest {

    @Test
    void aPathOutsideTheRepositoryIsA400NamingIt(@TempDir Path repository) {
        for (String path : new String[] {"../secret", "deploy/../../secret", "/etc/passwd", "\\\\server\\share",
                "deploy/\0x", "..", "", "a\\..\\..\\b"}) {
            assertThatThrownBy(() -> RepositoryFileRoutes.inside(repository, path)).as(path)
                    .isInstanceOfSatisfying(ApiProblem.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.getMessage()).contains("is not inside the repository");
                    });
        }
    }

    @Test
    void aPathInsideIsResolvedUnderTheRepository(@TempDir Path repository) {
        assertThat(RepositoryFileRoutes.inside(repository, "deploy/kubernetes/web/base/service.yaml"))
                .isEqualTo(repository.resolve("deploy/kubernetes/web/base/service.yaml"));
        assertThat(RepositoryFileRoutes.inside(repository, ".github/workflows/./slipway.yml"))
                .isEqualTo(repository.resolve(".github/workflows/slipway.yml"));
    }
}
