package dev.slipway.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One deployable service. Either built from source ({@code path}, {@code language}, {@code buildTool},
 * optionally its own {@code dockerfile}) or run from an external {@code image} pinned to an immutable tag.
 * {@code livenessPath} is the HTTP path of the liveness probe (absent: a TCP check on the port, so a
 * dependency that is down never restarts the pod); {@code secrets} are environment variables read from
 * Secrets; {@code watch} are repository globs outside the service's directory (a shared library) whose change
 * rebuilds it. {@code verify} is how long a completed rollout is watched before it counts as promoted;
 * {@code smoke} the requests a blue-green rollout sends to the new colour before switching (empty: the health path).
 */
public record Service(
        String name,
        Optional<String> path,
        Optional<Language> language,
        Optional<BuildTool> buildTool,
        Optional<String> dockerfile,
        Optional<String> image,
        Optional<Integer> port,
        String healthPath,
        int replicas,
        Resources resources,
        Map<String, String> env,
        List<Dependency> dependsOn,
        Strategy strategy,
        boolean stateful,
        CanaryAnalysis analysis,
        Optional<String> livenessPath,
        Map<String, SecretSource> secrets,
        List<String> watch,
        Verification verify,
        List<SmokeTest> smoke) {

    public Service {
        watch = List.copyOf(watch);
        smoke = List.copyOf(smoke);
        java.util.Objects.requireNonNull(verify, "verify");
        env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
        dependsOn = List.copyOf(dependsOn);
        secrets = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(secrets));
    }

    /** A service with the built-in verification window and smoke test. */
    public Service(String name, Optional<String> path, Optional<Language> language, Optional<BuildTool> buildTool,
            Optional<String> dockerfile, Optional<String> image, Optional<Integer> port, String healthPath, int replicas,
            Resources resources, Map<String, String> env, List<Dependency> dependsOn, Strategy strategy, boolean stateful,
            CanaryAnalysis analysis, Optional<String> livenessPath, Map<String, SecretSource> secrets, List<String> watch) {
        this(name, path, language, buildTool, dockerfile, image, port, healthPath, replicas, resources, env, dependsOn,
                strategy, stateful, analysis, livenessPath, secrets, watch, Verification.builtIn(), List.of());
    }

    /** A service that watches no shared path. */
    public Service(String name, Optional<String> path, Optional<Language> language, Optional<BuildTool> buildTool,
            Optional<String> dockerfile, Optional<String> image, Optional<Integer> port, String healthPath, int replicas,
            Resources resources, Map<String, String> env, List<Dependency> dependsOn, Strategy strategy, boolean stateful,
            CanaryAnalysis analysis, Optional<String> livenessPath, Map<String, SecretSource> secrets) {
        this(name, path, language, buildTool, dockerfile, image, port, healthPath, replicas, resources, env, dependsOn,
                strategy, stateful, analysis, livenessPath, secrets, List.of());
    }

    /** A service without a liveness path of its own and without secrets. */
    public Service(String name, Optional<String> path, Optional<Language> language, Optional<BuildTool> buildTool,
            Optional<String> dockerfile, Optional<String> image, Optional<Integer> port, String healthPath, int replicas,
            Resources resources, Map<String, String> env, List<Dependency> dependsOn, Strategy strategy, boolean stateful,
            CanaryAnalysis analysis) {
        this(name, path, language, buildTool, dockerfile, image, port, healthPath, replicas, resources, env, dependsOn,
                strategy, stateful, analysis, Optional.empty(), Map.of(), List.of());
    }

    /** The smoke tests to run: the configured ones, or GET on the health path. */
    public List<SmokeTest> smokeTests() {
        return smoke.isEmpty() ? List.of(SmokeTest.health(healthPath)) : smoke;
    }

    /** True when Slipway builds this service's image from source; false for an external image. */
    public boolean builtFromSource() {
        return image.isEmpty();
    }
}
