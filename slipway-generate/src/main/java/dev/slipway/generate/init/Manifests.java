package dev.slipway.generate.init;

import java.util.List;
import java.util.Set;

/** What the repository's Kubernetes manifests and compose files describe: workloads, Services, namespaces. */
record Manifests(List<Workload> workloads, List<ClusterService> services, Set<String> namespaces) {

    Manifests {
        workloads = List.copyOf(workloads);
        services = List.copyOf(services);
        namespaces = Set.copyOf(namespaces);
    }
}
