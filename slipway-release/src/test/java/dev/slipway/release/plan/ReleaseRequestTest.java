package dev.slipway.release.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.Problem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReleaseRequestTest {

    @Test
    void setsKeepTheirOrder() {
        ReleaseRequest.Load load = ReleaseRequest.fromSets("staging", List.of("payments=2.1.0", "cart = 1.0.0"));
        assertThat(load.request().orElseThrow().versions())
                .containsExactly(Map.entry("payments", "2.1.0"), Map.entry("cart", "1.0.0"));
    }

    @Test
    void malformedAndRepeatedSetsAreReportedTogether() {
        ReleaseRequest.Load load = ReleaseRequest.fromSets("staging", List.of("payments", "cart=1.0.0", "=2.0.0",
                "cart=1.1.0"));
        assertThat(load.ok()).isFalse();
        assertThat(load.problems()).extracting(Problem::format).containsExactly(
                "command line: --set[0]: expected SERVICE=VERSION, got \"payments\" (hint: e.g. --set payments=2.1.0)",
                "command line: --set[2]: expected SERVICE=VERSION, got \"=2.0.0\" (hint: e.g. --set payments=2.1.0)",
                "command line: --set[3]: \"cart\" is set twice (hint: give each service one version)");
    }

    @Test
    void noSetAtAllIsAProblem() {
        assertThat(ReleaseRequest.fromSets("dev", List.of()).problems()).extracting(Problem::format).containsExactly(
                "command line: --set: no service to release (hint: name at least one: --set SERVICE=VERSION, or"
                        + " --file release.yaml)");
    }

    @Test
    void overridesWinAndNewServicesComeLast() {
        ReleaseRequest file = new ReleaseRequest("dev", Map.of("cart", "1.0.0"));
        assertThat(file.withVersions(Map.of("cart", "1.1.0")).versions()).containsExactly(Map.entry("cart", "1.1.0"));
        assertThat(file.withVersions(Map.of("payments", "2.0.0")).versions())
                .containsExactly(Map.entry("cart", "1.0.0"), Map.entry("payments", "2.0.0"));
    }

    private static final String DIGEST = "sha256:" + "0f".repeat(32);

    @Test
    void aSetMayPinItsVersionToAnImageDigest() {
        ReleaseRequest request = ReleaseRequest.fromSets("staging",
                List.of("payments=2.1.0@" + DIGEST, "cart=1.0.0")).request().orElseThrow();
        assertThat(request.versions()).containsExactly(Map.entry("payments", "2.1.0"), Map.entry("cart", "1.0.0"));
        assertThat(request.digest("payments")).contains(DIGEST);
        assertThat(request.digest("cart")).isEmpty();
    }

    @Test
    void aDigestThatIsNotOneIsAProblem() {
        assertThat(ReleaseRequest.fromSets("staging", List.of("cart=1.0.0@latest")).problems())
                .extracting(Problem::format).containsExactly("command line: --set[0]: \"latest\" is not an image"
                        + " digest (hint: write VERSION@sha256:<64 lowercase hex digits>, or leave the digest out)");
    }

    @Test
    void anOverriddenServiceDropsTheDigestOfTheOtherBuild() {
        ReleaseRequest file = new ReleaseRequest("dev", Map.of("cart", "1.0.0", "payments", "2.0.0"),
                Map.of("cart", DIGEST, "payments", DIGEST));
        ReleaseRequest merged = file.with(new ReleaseRequest("dev", Map.of("cart", "1.1.0")));
        assertThat(merged.digest("cart")).isEmpty();
        assertThat(merged.digest("payments")).contains(DIGEST);
    }
}
