package dev.slipway.release.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.Problem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReleaseFileTest {

    private static List<String> problems(String yaml) {
        ReleaseRequest.Load load = ReleaseFile.load(yaml, "release.yaml");
        assertThat(load.ok()).isFalse();
        return load.problems().stream().map(Problem::format).toList();
    }

    @Test
    void readsTheEnvironmentAndTheVersionsInOrderAsWritten() {
        ReleaseRequest.Load load = ReleaseFile.load("""
                environment: production
                services:
                  payments: 2.10
                  checkout: v3.0.0
                  cart: 1.2.3-rc.1
                """, "release.yaml");

        assertThat(load.problems()).isEmpty();
        ReleaseRequest request = load.request().orElseThrow();
        assertThat(request.environment()).isEqualTo("production");
        // 2.10 stays as written (a YAML number would be 2.1), so the planner can say it is not semver
        assertThat(request.versions()).containsExactly(Map.entry("payments", "2.10"), Map.entry("checkout", "v3.0.0"),
                Map.entry("cart", "1.2.3-rc.1"));
    }

    @Test
    void aVersionMayBePinnedToAnImageDigest() {
        String digest = "sha256:" + "9a".repeat(32);
        ReleaseRequest request = ReleaseFile.load("""
                environment: production
                services:
                  payments: 2.1.0@%s
                  cart: 1.0.0@latest
                """.formatted(digest), "release.yaml").request().orElse(null);
        assertThat(request).isNull();
        ReleaseRequest.Load ok = ReleaseFile.load("{environment: dev, services: {payments: 2.1.0@" + digest + "}}",
                "release.yaml");
        assertThat(ok.request().orElseThrow().versions()).containsExactly(Map.entry("payments", "2.1.0"));
        assertThat(ok.request().orElseThrow().digest("payments")).contains(digest);
        assertThat(problems("{environment: dev, services: {cart: 1.0.0@latest}}")).containsExactly(
                "release.yaml:1:37: services.cart: \"latest\" is not an image digest (hint: write"
                        + " VERSION@sha256:<64 lowercase hex digits>, or leave the digest out)");
    }

    @Test
    void readsTheFlowStyleToo() {
        assertThat(ReleaseFile.load("{environment: dev, services: {cart: 1.0.0}}\n", "release.yaml").request())
                .contains(new ReleaseRequest("dev", Map.of("cart", "1.0.0")));
    }

    @Test
    void anUnknownKeyIsLocatedWithADidYouMean() {
        assertThat(problems("""
                environment: production
                servics:
                  cart: 1.0.0
                """)).containsExactly(
                "release.yaml:2:1: servics: unknown key \"servics\" (hint: did you mean \"services\"?)",
                "release.yaml:1:1: (document): missing `services:` (hint: map each service to its version, e.g."
                        + " services: {payments: 2.1.0})");
    }

    @Test
    void missingEnvironmentAndEmptyVersionsAreLocated() {
        assertThat(problems("""
                services:
                  cart:
                  payments: [1, 2]
                """)).containsExactly(
                "release.yaml:2:8: services.cart: expected a version (hint: e.g. 2.1.0)",
                "release.yaml:3:13: services.payments: expected a version (hint: e.g. 2.1.0)",
                "release.yaml:1:1: (document): missing `environment:` (hint: e.g. environment: production)");
    }

    @Test
    void aServiceListedTwiceIsAMistake() {
        assertThat(problems("""
                environment: dev
                services:
                  cart: 1.0.0
                  cart: 1.1.0
                """)).containsExactly(
                "release.yaml:4:3: services.cart: \"cart\" is listed twice (hint: give each service one version)");
    }

    @Test
    void servicesMustBeAMapping() {
        assertThat(problems("""
                environment: dev
                services: [cart]
                """)).containsExactly("release.yaml:2:11: services: expected a mapping of service to version"
                + " (hint: e.g. services: {payments: 2.1.0})");
    }

    @Test
    void aSyntaxErrorIsLocated() {
        assertThat(problems("environment: dev\nservices:\n  cart: [1.0.0\n")).singleElement().asString()
                .startsWith("release.yaml:4:1: (document): YAML syntax error: ");
    }

    @Test
    void aDocumentThatIsNotAMappingIsRefused() {
        assertThat(problems("- cart\n")).containsExactly("release.yaml:1:1: (document): expected a mapping with"
                + " `environment:` and `services:` (hint: e.g. {environment: production, services: {payments: 2.1.0}})");
    }
}
