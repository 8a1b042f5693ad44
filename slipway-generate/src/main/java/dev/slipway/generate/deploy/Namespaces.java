package dev.slipway.generate.deploy;

import dev.slipway.generate.support.Yaml;
import dev.slipway.model.Environment;
import dev.slipway.model.SystemSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An environment's namespace. It enforces the Pod Security Standard "restricted", which every generated pod
 * meets, so a hand-made pod that does not is rejected at admission instead of running.
 */
final class Namespaces {

    private Namespaces() {
    }

    static Map<String, Object> podSecurityLabels() {
        return Yaml.map(
                "pod-security.kubernetes.io/enforce", "restricted",
                "pod-security.kubernetes.io/enforce-version", "latest");
    }

    static Map<String, Object> namespace(SystemSpec spec, Environment environment) {
        Map<String, Object> labels = new LinkedHashMap<>(Labels.environment(spec, environment));
        labels.putAll(podSecurityLabels());
        return Yaml.map(
                "apiVersion", "v1",
                "kind", "Namespace",
                "metadata", Yaml.map("name", environment.namespace(), "labels", labels));
    }
}
