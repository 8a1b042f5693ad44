package dev.slipway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.Problem;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultsTest {

    @Test
    void readsEntriesWithDefaultsForWhatIsLeftOut() {
        Faults.Load load = Faults.load("""
                - {service: payments, version: 2.0.0, errorRate: 0.3, latencyFactor: 1.0, crashLoop: false, imagePull: false}
                - service: search
                  version: "1.10"
                  latencyFactor: 3
                - {service: cart, version: 4.0.0, crashLoop: true, healthy: false}
                """, "faults.yaml");

        assertThat(load.problems()).isEmpty();
        Faults faults = load.faults().orElseThrow();
        assertThat(faults.entries()).containsExactly(
                new Fault("payments", "2.0.0", 0.3, 1.0, false, false, Optional.empty()),
                new Fault("search", "1.10", 0, 3.0, false, false, Optional.empty()),
                new Fault("cart", "4.0.0", 0, 1.0, true, false, Optional.of(false)));
        assertThat(faults.of("search", "1.10")).isPresent();
        assertThat(faults.of("search", "1.1")).isEmpty();
    }

    @Test
    void anEmptyFileInjectsNothing() {
        assertThat(Faults.load("", "faults.yaml").faults()).contains(Faults.none());
    }

    @Test
    void mistakesAreLocatedAndUnknownKeysGetAHint() {
        Faults.Load load = Faults.load("""
                - {service: payments, version: 2.0.0, erorRate: 0.3}
                - service: search
                  errorRate: 1.5
                - {service: cart, version: 1.0.0, crashLoop: maybe, latencyFactor: -2}
                - {service: cart, version: 2.0.0}
                - just text
                - {service: cart, version: 2.0.0}
                """, "faults.yaml");

        assertThat(load.ok()).isFalse();
        assertThat(load.problems()).extracting(Problem::format).containsExactly(
                "faults.yaml:1:39: [0].erorRate: unknown key \"erorRate\" (hint: did you mean \"errorRate\"?)",
                "faults.yaml:2:3: [1]: missing `version:` (hint: e.g. version: 2.0.0 (quote it if YAML reads a number))",
                "faults.yaml:3:14: [1].errorRate: \"1.5\" is not a share between 0 and 1 (hint: e.g. 0.3)",
                "faults.yaml:4:46: [2].crashLoop: expected true or false",
                "faults.yaml:4:68: [2].latencyFactor: \"-2\" is not a positive factor (hint: e.g. 2.5)",
                "faults.yaml:6:3: [4]: expected a mapping (hint: e.g. {service: payments, version: 2.0.0, errorRate: 0.3})",
                "faults.yaml:7:3: [5]: cart 2.0.0 is listed twice (also at [3]) (hint: give each version one entry)");
    }

    @Test
    void aSyntaxErrorOrAMappingAtTheTopIsReported() {
        assertThat(Faults.load("- {service: a, version: [", "f.yaml").problems())
                .singleElement().satisfies(p -> {
                    assertThat(p.line()).isGreaterThan(0);
                    assertThat(p.message()).startsWith("YAML syntax error");
                });
        assertThat(Faults.load("service: payments\n", "f.yaml").problems()).extracting(Problem::format)
                .containsExactly("f.yaml:1:1: (document): expected a list of faults "
                        + "(hint: e.g. - {service: payments, version: 2.0.0, errorRate: 0.3})");
    }

    @Test
    void aMissingFileIsAProblemNotAnException(@TempDir Path dir) {
        assertThat(Faults.load(dir.resolve("faults.yaml")).problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("cannot read the file"));
    }
}
