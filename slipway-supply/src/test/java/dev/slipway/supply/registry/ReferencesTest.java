package dev.slipway.supply.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Image references, repositories, digests and registry challenges as users and registries write them. */
class ReferencesTest {

    private static final String HEX = "a".repeat(64);

    @Test
    void anImageReferenceNamesItsRegistryRepositoryAndDigest() {
        ImageReference ref = ImageReference.parse("ghcr.io/acme/shop/cart@sha256:" + HEX);

        assertThat(ref.repository()).isEqualTo(new Repository("ghcr.io", "acme/shop/cart"));
        assertThat(ref.digest()).isEqualTo(new Digest("sha256", HEX));
        assertThat(ref).hasToString("ghcr.io/acme/shop/cart@sha256:" + HEX);
    }

    @Test
    void registriesWithPortsLocalhostAndDockerHubAreReadTheWayDockerReadsThem() {
        assertThat(ImageReference.parse("127.0.0.1:5000/cart@sha256:" + HEX).repository())
                .isEqualTo(new Repository("127.0.0.1:5000", "cart"));
        assertThat(ImageReference.parse("localhost/cart@sha256:" + HEX).repository())
                .isEqualTo(new Repository("localhost", "cart"));
        assertThat(ImageReference.parse("redis@sha256:" + HEX).repository())
                .isEqualTo(new Repository("docker.io", "library/redis"));
        assertThat(ImageReference.parse("acme/cart:1.4.0@sha256:" + HEX).repository())
                .as("a tag beside the digest is ignored: the digest identifies the image")
                .isEqualTo(new Repository("docker.io", "acme/cart"));
    }

    @Test
    void aReferenceByTagAloneIsRefusedWithAHint() {
        assertThatThrownBy(() -> ImageReference.parse("ghcr.io/acme/cart:1.4.0"))
                .hasMessage("'ghcr.io/acme/cart:1.4.0' names no digest; hint: promotion copies an image by digest, "
                        + "REPOSITORY@sha256:<hex> (the build record holds it)");
    }

    @Test
    void badDigestsAndNamesAreRefusedWithWhatTheyShouldBe() {
        assertThatThrownBy(() -> Digest.parse("sha256:ABC")).hasMessageStartingWith("'sha256:ABC' is not a digest; "
                + "hint: a digest is sha256: followed by 64 lower-case hex digits");
        assertThatThrownBy(() -> new Repository("ghcr.io", "Acme/Cart")).hasMessageStartingWith("'Acme/Cart' is not "
                + "a repository name; hint: lower-case letters");
        assertThatThrownBy(() -> new Repository("https://ghcr.io", "cart")).hasMessageStartingWith("'https://ghcr.io' "
                + "is not a registry; hint:");
    }

    @Test
    void aDigestIsTheSha256OfTheContent() {
        assertThat(Digest.sha256(new byte[0])).hasToString(
                "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(Digest.parse("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
                .matches(new byte[0])).isTrue();
    }

    @Test
    void aBearerChallengeKeepsCommasInsideQuotedScopes() {
        Challenge challenge = Challenge.parse("Bearer realm=\"https://auth.example.com/token\","
                + "service=\"registry.example.com\",scope=\"repository:shop/cart:pull,push\"").orElseThrow();

        assertThat(challenge.isBearer()).isTrue();
        assertThat(challenge.parameters()).containsEntry("realm", "https://auth.example.com/token").hasSize(3);
        assertThat(challenge.parameter("service")).contains("registry.example.com");
        assertThat(challenge.parameter("scope")).contains("repository:shop/cart:pull,push");
    }

    @Test
    void aBasicChallengeHasItsRealm() {
        Challenge challenge = Challenge.parse("Basic realm=\"slipway-test\"").orElseThrow();

        assertThat(challenge.isBasic()).isTrue();
        assertThat(challenge.parameter("realm")).contains("slipway-test");
        assertThat(Challenge.parse("")).isEmpty();
    }

    @Test
    void plainHttpOnlyForLoopbackAddressesAndRegistriesNamedInsecure() {
        try (ImageCopier copier = new ImageCopier(RegistryCredentials.anonymous(),
                ImageCopier.Options.defaults().withInsecureRegistries(java.util.Set.of("registry.lab:5000")))) {
            assertThat(copier.plainHttp("127.0.0.1:5000")).isTrue();
            assertThat(copier.plainHttp("localhost:5000")).isTrue();
            assertThat(copier.plainHttp("[::1]:5000")).isTrue();
            assertThat(copier.plainHttp("registry.lab:5000")).isTrue();
            assertThat(copier.plainHttp("registry.lab")).as("another port is another registry").isFalse();
            assertThat(copier.plainHttp("127.attacker.example")).as("a host name, not an address").isFalse();
            assertThat(copier.plainHttp("ghcr.io")).isFalse();
        }
    }
}
