package dev.slipway.supply.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a registry's credentials come from, in which order, and what a broken source says. */
class RegistryCredentialsTest {

    @TempDir
    Path dir;

    private Path config(String json) throws IOException {
        Files.writeString(dir.resolve("config.json"), json);
        return dir;
    }

    @Test
    void dockerConfigAuthsAreFoundUnderEveryNameDockerWritesForAHost() throws IOException {
        // "user:pass" and "hub:secret" in base64
        Path docker = config("""
                {"auths": {
                  "https://registry.example.com:5000/v2/": {"auth": "dXNlcjpwYXNz"},
                  "https://index.docker.io/v1/": {"auth": "aHViOnNlY3JldA=="},
                  "quay.io": {"username": "robot", "password": "tok"}
                }}""");
        RegistryCredentials credentials = RegistryCredentials.fromEnvironment(Map.of("DOCKER_CONFIG",
                docker.toString()));

        assertThat(credentials.forRegistry("registry.example.com:5000").orElseThrow())
                .extracting(RegistryCredentials.Credential::username, RegistryCredentials.Credential::password)
                .containsExactly("user", "pass");
        assertThat(credentials.forRegistry("docker.io").orElseThrow().username()).isEqualTo("hub");
        assertThat(credentials.forRegistry("quay.io").orElseThrow().password()).isEqualTo("tok");
        assertThat(credentials.forRegistry("ghcr.io")).isEmpty();
    }

    @Test
    void perHostVariablesWinOverConfigJsonWhichWinsOverTheGenericPair() throws IOException {
        Path docker = config("{\"auths\": {\"ghcr.io\": {\"auth\": \"dXNlcjpwYXNz\"}, "
                + "\"quay.io\": {\"auth\": \"dXNlcjpwYXNz\"}}}");
        RegistryCredentials credentials = RegistryCredentials.fromEnvironment(Map.of(
                "DOCKER_CONFIG", docker.toString(),
                "SLIPWAY_REGISTRY_GHCR_IO_USERNAME", "ci", "SLIPWAY_REGISTRY_GHCR_IO_PASSWORD", "ci-token",
                "SLIPWAY_REGISTRY_USERNAME", "any", "SLIPWAY_REGISTRY_PASSWORD", "any-token"));

        assertThat(credentials.forRegistry("ghcr.io").orElseThrow().source())
                .isEqualTo("SLIPWAY_REGISTRY_GHCR_IO_USERNAME/SLIPWAY_REGISTRY_GHCR_IO_PASSWORD");
        assertThat(credentials.forRegistry("quay.io").orElseThrow().source())
                .isEqualTo(docker.resolve("config.json") + " auths.quay.io");
        assertThat(credentials.forRegistry("registry.example.com:5000").orElseThrow().username()).isEqualTo("any");
        assertThat(RegistryCredentials.variableKey("registry.example.com:5000"))
                .isEqualTo("REGISTRY_EXAMPLE_COM_5000");
    }

    @Test
    void halfAPairIsAnErrorNamingTheMissingVariable() {
        RegistryCredentials credentials = RegistryCredentials.fromEnvironment(Map.of(
                "HOME", dir.toString(), "SLIPWAY_REGISTRY_GHCR_IO_USERNAME", "ci"));

        assertThatThrownBy(() -> credentials.forRegistry("ghcr.io"))
                .isInstanceOf(RegistryException.class)
                .hasMessage("SLIPWAY_REGISTRY_GHCR_IO_PASSWORD is not set but SLIPWAY_REGISTRY_GHCR_IO_USERNAME is; "
                        + "hint: set both, or neither for anonymous access");
    }

    @Test
    void aBrokenConfigJsonIsLocatedAndItsSecretsAreNotQuoted() throws IOException {
        Path docker = config("{\"auths\": {\"ghcr.io\": {\"auth\": \"dXNlcjpwYXNz\"}\n  \"quay.io\": {}}}");

        assertThatThrownBy(() -> RegistryCredentials.fromEnvironment(Map.of("DOCKER_CONFIG", docker.toString())))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RegistryException.Reason.CONFIGURATION);
                    assertThat(e.getMessage()).startsWith(docker.resolve("config.json") + ":2:3: not valid JSON")
                            .doesNotContain("\n").doesNotContain("dXNlcjpwYXNz");
                });
    }

    @Test
    void anAuthThatIsNotBase64OfUserColonPasswordIsRefusedWithoutQuotingIt() throws IOException {
        Path docker = config("{\"auths\": {\"ghcr.io\": {\"auth\": \"bm9jb2xvbg==\"}}}"); // "nocolon"

        assertThatThrownBy(() -> RegistryCredentials.fromEnvironment(Map.of("DOCKER_CONFIG", docker.toString())))
                .hasMessage(docker.resolve("config.json") + " auths.ghcr.io.auth does not decode to user:password; "
                        + "hint: log in again with `docker login`");
    }

    @Test
    void aCredentialHelperIsNotRunButTheHintSaysSo() throws IOException {
        Path docker = config("{\"credHelpers\": {\"123456789012.dkr.ecr.eu-west-1.amazonaws.com\": \"ecr-login\"}}");
        RegistryCredentials credentials = RegistryCredentials.fromEnvironment(Map.of("DOCKER_CONFIG",
                docker.toString()));

        assertThat(credentials.forRegistry("123456789012.dkr.ecr.eu-west-1.amazonaws.com")).isEmpty();
        assertThat(credentials.howToAuthenticate("123456789012.dkr.ecr.eu-west-1.amazonaws.com"))
                .isEqualTo("set SLIPWAY_REGISTRY_123456789012_DKR_ECR_EU_WEST_1_AMAZONAWS_COM_USERNAME and _PASSWORD "
                        + "(the credential helper docker-credential-ecr-login named in " + docker.resolve("config.json")
                        + " is not run)");
    }

    @Test
    void aCredentialPrintsWhereItCameFromNeverItsValues() {
        var credential = new RegistryCredentials.Credential("ci", "t0ps3cret", "SLIPWAY_REGISTRY_USERNAME/_PASSWORD");

        assertThat(credential.toString()).isEqualTo("credentials from SLIPWAY_REGISTRY_USERNAME/_PASSWORD")
                .doesNotContain("t0ps3cret");
    }
}
