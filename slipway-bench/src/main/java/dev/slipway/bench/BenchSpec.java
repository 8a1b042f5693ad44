package dev.slipway.bench;

import dev.slipway.model.LoadResult;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.load.SpecLoader;

/** The benchmarks' systems as slipway.yaml text, loaded by the real loader. */
final class BenchSpec {

    private BenchSpec() {
    }

    /**
     * A system "bench" with one environment; the services follow under {@code services:}. Without verification
     * windows: the benchmarks that measure them say so ({@link #header(String, String)}).
     */
    static String header(String environment) {
        return header(environment, "0");
    }

    /** As {@link #header(String)}, every rolling and blue-green rollout verified for {@code window}. */
    static String header(String environment, String window) {
        return """
                system:
                  name: bench
                  registry: ghcr.io/acme/bench
                  repository: https://github.com/acme/bench.git
                ci:
                  providers: [github]
                environments:
                  - name: %s
                    trigger: tag
                defaults:
                  verify: {window: %s}
                services:
                """.formatted(environment, window);
    }

    static SystemSpec load(String yaml) {
        LoadResult result = SpecLoader.load(yaml, "bench.yaml");
        if (!result.ok()) {
            throw new IllegalStateException("the benchmark's spec does not load: " + result.errors());
        }
        return result.orThrow();
    }
}
