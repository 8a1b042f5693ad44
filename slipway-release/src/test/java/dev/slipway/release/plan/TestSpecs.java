package dev.slipway.release.plan;

import dev.slipway.model.LoadResult;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.load.SpecLoader;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small specs for planner tests, written as slipway.yaml text so that they pass the real loader. */
final class TestSpecs {

    private final StringBuilder services = new StringBuilder();

    static TestSpecs system() {
        return new TestSpecs();
    }

    /** A rolling service with one replica (20 s by the default estimate) and the given dependencies. */
    TestSpecs service(String name, String... dependencyThenRange) {
        return serviceWith(name, "", dependencyThenRange);
    }

    /** {@code extra}: more YAML lines of the service, indented by four spaces, e.g. a strategy. */
    TestSpecs serviceWith(String name, String extra, String... dependencyThenRange) {
        Map<String, String> dependencies = new LinkedHashMap<>();
        for (int i = 0; i < dependencyThenRange.length; i += 2) {
            dependencies.put(dependencyThenRange[i], dependencyThenRange[i + 1]);
        }
        services.append("  ").append(name).append(":\n    path: ").append(name)
                .append("\n    language: go\n    port: 8080\n    replicas: 1\n").append(extra);
        if (!dependencies.isEmpty()) {
            services.append("    dependsOn:\n");
            dependencies.forEach((d, r) -> services.append("      ").append(d).append(": \"").append(r).append("\"\n"));
        }
        return this;
    }

    SystemSpec build() {
        return load(HEADER + services);
    }

    static SystemSpec load(String yaml) {
        LoadResult result = SpecLoader.load(yaml, "slipway.yaml");
        if (!result.ok()) {
            throw new AssertionError("test spec does not load: " + result.errors());
        }
        return result.orThrow();
    }

    /** Without verification windows: the schedule's tests time rollouts alone; VerificationTest times windows. */
    static final String HEADER = """
            system:
              name: test
              registry: ghcr.io/acme/test
              repository: https://github.com/acme/test.git
            ci:
              providers: [github]
              mainBranch: main
            environments:
              - name: dev
                trigger: push
              - name: staging
                trigger: release-branch
                promoteFrom: dev
              - name: production
                trigger: tag
                promoteFrom: staging
            defaults:
              verify: {window: 0}
            services:
            """;

    /** web → api → db, with a canary, a blue-green and a rolling service (as examples/minimal). */
    static final String THREE_TIER = """
              web:
                path: web
                language: node
                port: 3000
                dependsOn:
                  api: "^2.1"
                strategy:
                  type: canary
                  steps: [10, 50, 100]
                  stepInterval: 1m
              api:
                path: api
                language: go
                port: 8080
                dependsOn:
                  db: ">=16 <17"
                strategy:
                  type: blue-green
              db:
                image: postgres:16.4-alpine
                port: 5432
                stateful: true
                replicas: 1
            """;
}
