package dev.slipway.supply.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Docker's token authentication, as Docker Hub, GHCR, GitLab and Harbor use it: a real docker-registry configured
 * with {@code auth.token} answers 401 with a Bearer challenge; the copier fetches a token from the realm for the
 * service and the scopes (with the credentials), and the registry verifies the token's signature and grants.
 */
class BearerTokenTest {

    private static final String USER = "promoter";
    private static final String PASSWORD = "T0ken-Flow-Secret-99";

    @TempDir
    static Path dir;
    static TokenServer tokens;
    static RegistryServer open;
    static RegistryServer guarded;
    static Skopeo skopeo;
    static ImageReference source;

    @BeforeAll
    static void start() {
        tokens = TokenServer.start(dir.resolve("tokens"), USER, PASSWORD);
        open = RegistryServer.start(dir.resolve("open"));
        guarded = RegistryServer.start(dir.resolve("guarded"), tokens);
        skopeo = new Skopeo(dir);
        OciLayout layout = OciLayout.create(dir.resolve("layout"));
        OciLayout.Descriptor image = layout.image("amd64", "gateway 1.2.3".getBytes(StandardCharsets.UTF_8));
        layout.tag("sha-beef", image);
        skopeo.push(layout, "sha-beef", open.address + "/shop/gateway:sha-beef", Optional.empty());
        source = new Repository(open.address, "shop/gateway").at(image.digest());
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable server : new AutoCloseable[] {guarded, open, tokens}) {
            try {
                if (server != null) {
                    server.close();
                }
            } catch (Exception ignored) {
                // the next one still has to stop
            }
        }
    }

    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void forgetEarlierTokenRequests() {
        tokens.requests.clear();
    }

    private ImageCopier copier(String password) {
        String key = RegistryCredentials.variableKey(guarded.address);
        return new ImageCopier(RegistryCredentials.fromEnvironment(Map.of("HOME", dir.resolve("home").toString(),
                "SLIPWAY_REGISTRY_" + key + "_USERNAME", USER, "SLIPWAY_REGISTRY_" + key + "_PASSWORD", password)),
                ImageCopier.Options.defaults().withLog(log::add));
    }

    @Test
    void copiesWithATokenForTheServiceAndScopeTheRegistryNamed() {
        try (ImageCopier copier = copier(PASSWORD)) {
            CopyResult result = copier.copy(source, new Repository(guarded.address, "prod/gateway"), "1.2.3");

            assertThat(result.target().digest()).isEqualTo(source.digest());
        }
        assertThat(tokens.requests).contains("user service=" + TokenServer.SERVICE
                + "&scope=repository:prod/gateway:pull,push");
        assertThat(tokens.requests).allMatch(r -> r.startsWith("user "));
    }

    @Test
    void mountsWithinATokenRegistryWithOneTokenForBothRepositories() {
        try (ImageCopier copier = copier(PASSWORD)) {
            copier.copy(source, new Repository(guarded.address, "staging/gateway"), "1.2.3");
            CopyResult result = copier.copy(new Repository(guarded.address, "staging/gateway").at(source.digest()),
                    new Repository(guarded.address, "prod/gateway-mounted"), "1.2.3");

            assertThat(result.blobsMounted()).isEqualTo(2);
            assertThat(result.target().digest()).isEqualTo(source.digest());
        }
        assertThat(tokens.requests).anyMatch(r -> r.contains("scope=repository:prod/gateway-mounted:pull,push")
                && r.contains("scope=repository:staging/gateway:pull"));
    }

    @Test
    void aTokenServiceThatRefusesTheCredentialsEndsInOneLineWithoutTheSecret() {
        String wrong = "Not-The-Password-1";
        try (ImageCopier copier = copier(wrong)) {
            assertThatThrownBy(() -> copier.copy(source, new Repository(guarded.address, "prod/gateway"), "1.2.4"))
                    .isInstanceOfSatisfying(RegistryException.class, e -> {
                        assertThat(e.reason()).isEqualTo(RegistryException.Reason.UNAUTHORIZED);
                        assertThat(e.getMessage()).doesNotContain("\n").doesNotContain(wrong)
                                .doesNotContain(Base64.getEncoder().encodeToString((USER + ":" + wrong)
                                        .getBytes(StandardCharsets.UTF_8)))
                                .startsWith(guarded.address + " refused the credentials from SLIPWAY_REGISTRY_")
                                .contains("(HTTP 401 UNAUTHORIZED: bad credentials)");
                    });
        }
        assertThat(log).allSatisfy(line -> assertThat(line).doesNotContain(wrong));
    }
}
