package dev.slipway.supply.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A promotion into a registry that requires Basic auth (docker-registry with an htpasswd file): credentials from a
 * Docker config.json or from per-host environment variables work; wrong or missing ones end in one line that says
 * where the credentials came from and how to fix them, and neither that line nor the copy's log holds the password
 * or its base64 form.
 */
class RegistryAuthTest {

    private static final String USER = "deployer";
    private static final String PASSWORD = "Pr0d-Pa55word-7731";

    @TempDir
    static Path dir;
    static RegistryServer open;
    static RegistryServer guarded;
    static Skopeo skopeo;
    static ImageReference source;

    @BeforeAll
    static void startRegistries() {
        open = RegistryServer.start(dir.resolve("open"));
        guarded = RegistryServer.start(dir.resolve("guarded"), Optional.of(new String[] {USER, PASSWORD}));
        skopeo = new Skopeo(dir);
        OciLayout layout = OciLayout.create(dir.resolve("layout"));
        OciLayout.Descriptor image = layout.image("amd64", "checkout 7.0.1".getBytes(StandardCharsets.UTF_8));
        layout.tag("sha-c0ffee", image);
        skopeo.push(layout, "sha-c0ffee", open.address + "/shop/checkout:sha-c0ffee", Optional.empty());
        source = new Repository(open.address, "shop/checkout").at(image.digest());
    }

    @AfterAll
    static void stopRegistries() {
        if (open != null) {
            open.close();
        }
        if (guarded != null) {
            guarded.close();
        }
    }

    private final List<String> log = new ArrayList<>();

    private CopyResult copy(RegistryCredentials credentials, String repository, String tag) {
        try (ImageCopier copier = new ImageCopier(credentials, ImageCopier.Options.defaults().withLog(log::add))) {
            return copier.copy(source, new Repository(guarded.address, repository), tag);
        }
    }

    private static Path dockerConfig(String name, String user, String password) throws IOException {
        Path config = Files.createDirectories(dir.resolve(name));
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        Files.writeString(config.resolve("config.json"), """
                {"auths": {"%s": {"auth": "%s"}, "ghcr.io": {"auth": "b3RoZXI6b3RoZXI="}}}
                """.formatted(guarded.address, auth));
        return config;
    }

    @Test
    void copiesIntoAGuardedRegistryWithTheCredentialsOfDockersConfigJson() throws IOException {
        Path config = dockerConfig("docker-ok", USER, PASSWORD);

        CopyResult result = copy(RegistryCredentials.fromEnvironment(Map.of("DOCKER_CONFIG", config.toString())),
                "shop/checkout", "7.0.1");

        assertThat(result.target().digest()).isEqualTo(source.digest());
        assertThat(Digest.sha256(skopeo.rawManifest(guarded.address + "/shop/checkout:7.0.1",
                Optional.of(USER + ":" + PASSWORD)))).isEqualTo(source.digest());
    }

    @Test
    void copiesIntoAGuardedRegistryWithPerHostEnvironmentVariables() {
        String key = RegistryCredentials.variableKey(guarded.address);
        RegistryCredentials credentials = RegistryCredentials.fromEnvironment(Map.of(
                "HOME", dir.resolve("no-home").toString(),
                "SLIPWAY_REGISTRY_" + key + "_USERNAME", USER,
                "SLIPWAY_REGISTRY_" + key + "_PASSWORD", PASSWORD));

        CopyResult result = copy(credentials, "shop/checkout-env", "7.0.1");

        assertThat(result.target().digest()).isEqualTo(source.digest());
        assertThat(Digest.sha256(skopeo.rawManifest(guarded.address + "/shop/checkout-env:7.0.1",
                Optional.of(USER + ":" + PASSWORD)))).isEqualTo(source.digest());
    }

    @Test
    void aWrongPasswordIsRefusedInOneLineThatNamesItsSourceButNeverTheSecret() throws IOException {
        String wrong = "Wr0ng-Secret-4242";
        Path config = dockerConfig("docker-wrong", USER, wrong);
        RegistryCredentials credentials = RegistryCredentials.fromEnvironment(Map.of("DOCKER_CONFIG",
                config.toString()));

        assertThatThrownBy(() -> copy(credentials, "shop/checkout", "7.0.2"))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RegistryException.Reason.UNAUTHORIZED);
                    assertThat(e.getMessage()).doesNotContain("\n")
                            .startsWith(guarded.address + " refused the credentials from " + config.resolve(
                                    "config.json") + " auths." + guarded.address + " to check the blob ")
                            .contains(" in shop/checkout (HTTP 401); hint: ")
                            .endsWith("hint: check the user and password or token in " + config.resolve("config.json")
                                    + " auths." + guarded.address + ", and that it may push to this repository");
                    assertNoSecretIn(e.getMessage(), wrong);
                });
        log.forEach(line -> assertNoSecretIn(line, wrong));
        assertThat(credentials.forRegistry(guarded.address).orElseThrow().toString())
                .isEqualTo("credentials from " + config.resolve("config.json") + " auths." + guarded.address);
    }

    @Test
    void noCredentialsAtAllIsRefusedWithAHintNamingTheVariablesAndDockerLogin() {
        Path home = dir.resolve("empty-home");
        RegistryCredentials credentials = RegistryCredentials.fromEnvironment(Map.of("HOME", home.toString()));

        assertThatThrownBy(() -> copy(credentials, "shop/checkout", "7.0.3"))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RegistryException.Reason.UNAUTHORIZED);
                    assertThat(e.getMessage()).doesNotContain("\n")
                            .startsWith(guarded.address + " refused anonymous access to check the blob ")
                            .endsWith("hint: set SLIPWAY_REGISTRY_" + RegistryCredentials.variableKey(guarded.address)
                                    + "_USERNAME and _PASSWORD, or log in with `docker login " + guarded.address
                                    + "` (read from " + home.resolve(".docker/config.json") + ")");
                });
    }

    private static void assertNoSecretIn(String text, String password) {
        assertThat(text).doesNotContain(password)
                .doesNotContain(Base64.getEncoder().encodeToString((USER + ":" + password)
                        .getBytes(StandardCharsets.UTF_8)))
                .doesNotContain("Basic ");
    }
}
