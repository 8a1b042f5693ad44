package dev.slipway.generate.init;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the repository's Kubernetes manifests and compose files describe: workloads, Services, namespaces, and
 * the manifest files that only optional kustomize Components list (file → the component's directory).
 */
record Manifests(List<Workload> workloads, List<ClusterService> services, Set<String> namespaces,
                 Map<String, String> componentFiles) {

    Manifests {
        workloads = List.copyOf(workloads);
        services = List.copyOf(services);
        namespaces = Set.copyOf(namespaces);
        componentFiles = Map.copyOf(componentFiles);
    }

    /** The optional component that alone brings in {@code workload}, if one does. */
    Optional<String> component(Workload workload) {
        return Optional.ofNullable(componentFiles.get(workload.file()));
    }
}
