package dev.slipway.generate.init;

import dev.slipway.model.BuildTool;
import dev.slipway.model.Dependency;
import dev.slipway.model.Language;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One service found in a repository. Built from source ({@code path}, {@code language}, {@code buildTool}
 * present, {@code dockerfile} when it has its own) or an external image ({@code image} present). The optional
 * values are those the repository states; empty means slipway.yaml leaves the key out and the spec's default
 * applies. {@code notes} are comment lines written above the service; {@code evidence} says, per dependency, where
 * init read it (written as a comment beside it).
 */
public record ImportedService(
        String name,
        Optional<String> path,
        Optional<Language> language,
        Optional<BuildTool> buildTool,
        Optional<String> dockerfile,
        Optional<String> image,
        Optional<Integer> port,
        Optional<String> healthPath,
        Optional<Integer> replicas,
        boolean stateful,
        Map<String, String> env,
        List<Dependency> dependsOn,
        Map<String, String> evidence,
        List<String> notes) {

    public ImportedService {
        env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
        dependsOn = List.copyOf(dependsOn);
        evidence = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(evidence));
        notes = List.copyOf(notes);
    }

    public boolean builtFromSource() {
        return image.isEmpty();
    }

    ImportedService withDependsOn(List<Dependency> ranged) {
        return new ImportedService(name, path, language, buildTool, dockerfile, image, port, healthPath, replicas,
                stateful, env, ranged, evidence, notes);
    }
}
