package dev.slipway.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One deployable service. Either built from source ({@code path}, {@code language}, {@code buildTool},
 * optionally its own {@code dockerfile}) or run from an external {@code image} pinned to an immutable tag.
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
        CanaryAnalysis analysis) {

    public Service {
        env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
        dependsOn = List.copyOf(dependsOn);
    }

    /** True when Slipway builds this service's image from source; false for an external image. */
    public boolean builtFromSource() {
        return image.isEmpty();
    }
}
