package dev.slipway.model.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.LoadResult;
import dev.slipway.model.Problem;
import dev.slipway.model.Service;
import dev.slipway.model.SmokeTest;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** verify: the window after a rollout; smoke: the requests before a blue-green switch. */
class VerifySpecTest {

    private static final String HEAD = """
            system: {name: s, registry: registry.example.com/s}
            environments: [{name: dev}]
            """;

    private static Service api(String yaml) {
        LoadResult result = SpecLoader.load(yaml, "slipway.yaml");
        assertThat(result.problems()).isEmpty();
        return result.orThrow().service("api").orElseThrow();
    }

    @Test
    void withoutSettingsEveryServiceIsVerifiedForFiveMinutesAndSmokeTestsItsHealthPath() {
        Service api = api(HEAD + "services:\n  api: {path: api, language: go, healthPath: /ready}\n");
        assertThat(api.verify().window()).isEqualTo(Duration.ofMinutes(5));
        assertThat(api.smokeTests()).containsExactly(SmokeTest.health("/ready"));
    }

    @Test
    void defaultsApplyAndAServiceOverridesThemZeroTurningVerificationOff() {
        String yaml = HEAD + """
                defaults:
                  verify: {window: 2m}
                  smoke: [{path: /api/cart, status: 200, contains: items, timeout: 3s}]
                services:
                  api: {path: api, language: go, verify: {window: 0}, strategy: {type: blue-green}}
                  web: {path: web, language: go}
                """;
        LoadResult result = SpecLoader.load(yaml, "slipway.yaml");
        assertThat(result.problems()).isEmpty();
        Service api = result.orThrow().service("api").orElseThrow();
        Service web = result.orThrow().service("web").orElseThrow();
        assertThat(api.verify().enabled()).isFalse();
        assertThat(web.verify().window()).isEqualTo(Duration.ofMinutes(2));
        assertThat(api.smokeTests()).containsExactly(new SmokeTest("/api/cart", "GET", Optional.of(200),
                Optional.of("items"), Duration.ofSeconds(3)));
    }

    @Test
    void aSmokeTestPassesOnTheExpectedStatusAndBodyOnly() {
        SmokeTest cart = new SmokeTest("/api/cart", "GET", Optional.of(200), Optional.of("items"), Duration.ofSeconds(1));
        assertThat(cart.passes(200, "{\"items\":[]}")).isTrue();
        assertThat(cart.passes(200, "{}")).isFalse();
        assertThat(cart.passes(204, "items")).isFalse();
        assertThat(SmokeTest.health("/healthz").passes(204, "")).isTrue();
        assertThat(SmokeTest.health("/healthz").passes(503, "")).isFalse();
        assertThat(cart.describe()).isEqualTo("GET /api/cart → 200 containing \"items\"");
    }

    @Test
    void aWindowShorterThanOneLookIsRefusedWhereItIs() {
        LoadResult result = SpecLoader.load(HEAD + "services:\n  api:\n    path: api\n    language: go\n"
                + "    verify: {window: 3s}\n", "slipway.yaml");
        assertThat(result.ok()).isFalse();
        assertThat(result.problems().stream().map(Problem::format).toList()).anySatisfy(p -> assertThat(p)
                .startsWith("slipway.yaml:7:").contains("services.api.verify.window")
                .contains("shorter than one analysis interval (5s)"));
    }

    @Test
    void aSmokeTestWithoutPathOrWithAnUnknownKeyIsASchemaError() {
        LoadResult result = SpecLoader.load(HEAD + "services:\n  api:\n    path: api\n    language: go\n"
                + "    strategy: {type: blue-green}\n    smoke: [{status: 200}, {path: /x, body: y}]\n", "slipway.yaml");
        assertThat(result.ok()).isFalse();
        assertThat(result.problems().stream().map(Problem::format).toList())
                .anySatisfy(p -> assertThat(p).contains("services.api.smoke[0]").contains("path"))
                .anySatisfy(p -> assertThat(p).contains("services.api.smoke[1]").contains("body"));
    }

    @Test
    void smokeTestsOnARollingServiceAreAWarningThatTheyWouldNeverRun() {
        LoadResult result = SpecLoader.load(HEAD + "services:\n  api:\n    path: api\n    language: go\n"
                + "    smoke: [{path: /api/cart}]\n", "slipway.yaml");
        assertThat(result.ok()).isTrue();
        assertThat(result.problems().stream().map(Problem::format).toList()).anySatisfy(p -> assertThat(p)
                .startsWith("slipway.yaml:7:").contains("services.api.smoke")
                .contains("smoke tests run only before a blue-green switch"));
    }
}
