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
 * rebuilds it.
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
        List<String> watch) {

    public Service {
        watch = List.copyOf(watch);
        env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
        dependsOn = List.copyOf(dependsOn);
        secrets = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(secrets));
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

    /** True when Slipway builds this service's image from source; false for an external image. */
    public boolean builtFromSource() {
        return image.isEmpty();
    }
}
