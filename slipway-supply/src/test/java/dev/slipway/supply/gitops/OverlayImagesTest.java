package dev.slipway.supply.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.model.UserError;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the images of a kustomization.yaml are set in its text, leaving the rest of the file as it was. */
class OverlayImagesTest {

    private static final String DIGEST = "sha256:" + "d".repeat(64);
    private static final ImagePin WEB = new ImagePin("web", "ghcr.io/acme/shop/web", "1.10", DIGEST);

    @Test
    void aFlowStyleEntryStaysFlowAndAVersionThatLooksLikeANumberIsQuoted() {
        String text = """
                resources: [../../base]   # the base
                images: [{name: ghcr.io/acme/shop/web, newTag: 0.0.0-unreleased}, {name: redis, newTag: 7.2.5}]
                """;
        assertThat(OverlayImages.set(text, List.of(WEB), "k.yaml")).isEqualTo("""
                resources: [../../base]   # the base
                images: [{name: ghcr.io/acme/shop/web, newTag: "1.10", digest: %s}, {name: redis, newTag: 7.2.5}]
                """.formatted(DIGEST));
    }

    @Test
    void aFileWithoutImagesGetsThemAtItsEndAndAnEmptyListGetsTheEntry() {
        assertThat(OverlayImages.set("resources:\n- ../../base", List.of(WEB), "k.yaml")).isEqualTo("""
                resources:
                - ../../base
                images:
                - name: ghcr.io/acme/shop/web
                  newTag: "1.10"
                  digest: %s
                """.formatted(DIGEST));
        assertThat(OverlayImages.set("images: []\n", List.of(WEB), "k.yaml"))
                .isEqualTo("images: [{name: ghcr.io/acme/shop/web, newTag: \"1.10\", digest: " + DIGEST + "}]\n");
        assertThat(OverlayImages.set("images:\nnamespace: x\n", List.of(WEB), "k.yaml")).isEqualTo("""
                images:
                - name: ghcr.io/acme/shop/web
                  newTag: "1.10"
                  digest: %s
                namespace: x
                """.formatted(DIGEST));
    }

    @Test
    void anEnvironmentThatPullsFromAnotherRegistryKeepsTheBaseNameAndGetsNewName() {
        ImagePin mirrored = new ImagePin("web", "prod.registry.example.com/shop/web", "1.4.0", DIGEST);
        String text = """
                images:
                  - name: ghcr.io/acme/shop/web # as the base names it
                    newTag: 0.0.0-unreleased
                  - name: redis
                    newTag: 7.2.5
                """;
        assertThat(OverlayImages.set(text, List.of(mirrored, new ImagePin("api", "ghcr.io/acme/shop/api", "2.0.0", DIGEST)),
                "k.yaml")).isEqualTo("""
                images:
                  - name: ghcr.io/acme/shop/web # as the base names it
                    newTag: 1.4.0
                    newName: prod.registry.example.com/shop/web
                    digest: %s
                  - name: redis
                    newTag: 7.2.5
                  - name: ghcr.io/acme/shop/api
                    newTag: 2.0.0
                    digest: %s
                """.formatted(DIGEST, DIGEST));
    }

    @Test
    void somethingThatIsNotAKustomizationIsRefused() {
        assertThatThrownBy(() -> OverlayImages.set("- a\n- b\n", List.of(WEB), "k.yaml"))
                .isInstanceOf(UserError.class).hasMessage("k.yaml is not a Kustomization");
        assertThatThrownBy(() -> OverlayImages.set("images: {web: x}\n", List.of(WEB), "k.yaml"))
                .isInstanceOf(UserError.class).hasMessage("k.yaml: `images` is not a list");
        assertThatThrownBy(() -> OverlayImages.set("images: [\n", List.of(WEB), "k.yaml"))
                .isInstanceOf(UserError.class).hasMessageStartingWith("k.yaml is not valid YAML");
    }
}
