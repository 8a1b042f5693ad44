package dev.slipway.generate.deploy;

import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.Generator;
import dev.slipway.generate.Layout;
import dev.slipway.generate.support.Yaml;
import dev.slipway.model.DependencyGraph;
import dev.slipway.model.Environment;
import dev.slipway.model.Service;
import dev.slipway.model.SystemSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Flux objects: the system's GitRepository, and per environment a Kustomization per service whose
 * {@code dependsOn} are the service's dependencies in the same environment, so Flux applies a service only
 * once what it needs is healthy.
 * <pre>
 * deploy/flux/bootstrap/source.yaml   GitRepository (apply once, with the environment entry points)
 * deploy/flux/bootstrap/ENV.yaml      Kustomization that syncs deploy/flux/ENV
 * deploy/flux/ENV/namespace.yaml      the environment's Namespace
 * deploy/flux/ENV/SERVICE.yaml        one Kustomization per service
 * </pre>
 */
public final class FluxKustomizations implements Generator {

    static final String KUSTOMIZE_API = "kustomize.toolkit.fluxcd.io/v1";
    static final String SOURCE_API = "source.toolkit.fluxcd.io/v1";
    static final String NAMESPACE = "flux-system";

    @Override
    public String target() {
        return "flux";
    }

    @Override
    public String description() {
        return "Flux Kustomizations ordered by the dependency graph";
    }

    @Override
    public List<GeneratedFile> generate(SystemSpec spec) {
        String repository = GitOps.repository(spec, target(), "Flux");
        DependencyGraph graph = spec.graph();
        List<GeneratedFile> files = new ArrayList<>();
        files.add(DeployFiles.yaml("deploy/flux/bootstrap/source.yaml", gitRepository(spec, repository)));
        for (Environment environment : spec.environments()) {
            files.add(DeployFiles.yaml("deploy/flux/bootstrap/" + environment.name() + ".yaml",
                    environmentEntry(spec, environment)));
            files.add(DeployFiles.yaml(dir(environment) + "/namespace.yaml", Namespaces.namespace(spec, environment)));
            for (String name : graph.topologicalOrder()) {
                Service service = spec.service(name).orElseThrow();
                files.add(DeployFiles.yaml(dir(environment) + "/" + service.name() + ".yaml",
                        kustomization(spec, graph, service, environment)));
            }
        }
        return files;
    }

    static String dir(Environment environment) {
        return "deploy/flux/" + environment.name();
    }

    /** Flux reads SSH URLs only in the {@code ssh://} form; the scp-like {@code git@host:path} is rewritten. */
    static String fluxUrl(String repository) {
        if (repository.startsWith("git@")) {
            int colon = repository.indexOf(':');
            return "ssh://" + repository.substring(0, colon) + "/" + repository.substring(colon + 1);
        }
        return repository;
    }

    static Map<String, Object> gitRepository(SystemSpec spec, String repository) {
        return Yaml.map(
                "apiVersion", SOURCE_API,
                "kind", "GitRepository",
                "metadata", Yaml.map("name", spec.system().name(), "namespace", NAMESPACE,
                        "labels", Yaml.map(Labels.PART_OF, spec.system().name(), Labels.MANAGED_BY, Labels.MANAGER)),
                "spec", Yaml.map(
                        "interval", "1m",
                        "url", fluxUrl(repository),
                        "ref", Yaml.map("branch", spec.ci().mainBranch()),
                        // only the manifests: source code changes must not make Flux fetch and reconcile
                        "ignore", "/*\n!/deploy/\n"));
    }

    /** The entry point of one environment: applies its Namespace and service Kustomizations. */
    static Map<String, Object> environmentEntry(SystemSpec spec, Environment environment) {
        return Yaml.map(
                "apiVersion", KUSTOMIZE_API,
                "kind", "Kustomization",
                "metadata", Yaml.map("name", GitOps.name(spec, environment), "namespace", NAMESPACE,
                        "labels", Labels.environment(spec, environment)),
                "spec", Yaml.map(
                        "interval", "10m",
                        "retryInterval", "1m",
                        "timeout", "2m",
                        "path", "./" + dir(environment),
                        "prune", true,
                        "sourceRef", Yaml.map("kind", "GitRepository", "name", spec.system().name())));
    }

    /**
     * One service in one environment: depends on its dependencies' Kustomizations, waits for its own workload
     * to become healthy (so its dependents wait for it), prunes what left Git.
     */
    static Map<String, Object> kustomization(SystemSpec spec, DependencyGraph graph, Service service,
            Environment environment) {
        List<Object> dependsOn = new ArrayList<>();
        for (String dependency : graph.dependencies(service.name())) {
            dependsOn.add(Yaml.map("name", GitOps.name(spec, spec.service(dependency).orElseThrow(), environment)));
        }
        Map<String, Object> labels = new LinkedHashMap<>(Labels.environment(spec, environment));
        labels.put(Labels.NAME, service.name());
        return Yaml.map(
                "apiVersion", KUSTOMIZE_API,
                "kind", "Kustomization",
                "metadata", Yaml.map("name", GitOps.name(spec, service, environment), "namespace", NAMESPACE,
                        "labels", labels),
                "spec", Yaml.map(
                        "dependsOn", dependsOn.isEmpty() ? null : dependsOn,
                        "interval", "10m",
                        "retryInterval", "1m",
                        "timeout", service.stateful() ? "10m" : "5m",
                        "path", "./" + Layout.kustomizeOverlay(service, environment),
                        "prune", true,
                        "sourceRef", Yaml.map("kind", "GitRepository", "name", spec.system().name()),
                        "targetNamespace", environment.namespace(),
                        "healthChecks", List.of(Yaml.map(
                                "apiVersion", "apps/v1",
                                "kind", Workloads.kind(service),
                                "name", service.name(),
                                "namespace", environment.namespace()))));
    }
}
