package dev.slipway.model.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.LoadResult;
import dev.slipway.model.Problem;
import org.junit.jupiter.api.Test;

/** watch: the shared paths whose change rebuilds a service. */
class WatchSpecTest {

    private static final String HEAD = """
            system: {name: s, registry: registry.example.com/s}
            environments: [{name: dev}]
            services:
              api:
                path: services/api
                language: go
            """;

    @Test
    void watchGlobsAreReadInOrder() {
        LoadResult result = SpecLoader.load(HEAD + "    watch: ['libs/common/**', go.work]\n", "slipway.yaml");
        assertThat(result.problems()).isEmpty();
        assertThat(result.orThrow().service("api").orElseThrow().watch()).containsExactly("libs/common/**", "go.work");
    }

    @Test
    void noWatchIsAnEmptyList() {
        assertThat(SpecLoader.load(HEAD, "slipway.yaml").orThrow().service("api").orElseThrow().watch()).isEmpty();
    }

    @Test
    void aGlobThatLeavesTheRepositoryOrCannotBeQuotedIsRefusedWhereItIs() {
        for (String bad : new String[] {"/etc/**", "../other/**", "libs/../../x", "'a b'", "\"it's\""}) {
            LoadResult result = SpecLoader.load(HEAD + "    watch: [libs/ok, " + bad + "]\n", "slipway.yaml");
            assertThat(result.ok()).as(bad).isFalse();
            assertThat(result.problems().stream().map(Problem::format).toList()).as(bad)
                    .anySatisfy(p -> assertThat(p).startsWith("slipway.yaml:7:").contains("services.api.watch"));
        }
    }
}
