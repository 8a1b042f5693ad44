package dev.slipway.generate.deploy;

import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.Generator;
import dev.slipway.generate.Layout;
import dev.slipway.generate.SourceTree;
import dev.slipway.generate.support.Yaml;
import dev.slipway.model.Environment;
import dev.slipway.model.Service;
import dev.slipway.model.SystemSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Kustomize base per service (workload, Services, PodDisruptionBudget, ExternalSecrets), an overlay per service and
 * environment (namespace, replicas, image), and an overlay per environment that gathers them.
 */
public final class KubernetesManifests implements Generator {

    static final String KUSTOMIZE_API = "kustomize.config.k8s.io/v1beta1";

    @Override
    public String target() {
        return "kubernetes";
    }

    @Override
    public String description() {
        return "Kustomize base and per-environment overlays";
    }

    @Override
    public List<GeneratedFile> generate(SystemSpec spec) {
        return generate(spec, SourceTree.none());
    }

    /** The repository is read for the SealedSecret files the services name, which the overlays carry. */
    @Override
    public List<GeneratedFile> generate(SystemSpec spec, SourceTree sources) {
        List<GeneratedFile> files = new ArrayList<>();
        for (Service service : spec.services()) {
            files.addAll(base(spec, service));
            for (Environment environment : spec.environments()) {
                files.addAll(overlay(spec, service, environment, sources));
            }
        }
        for (Environment environment : spec.environments()) {
            files.addAll(environmentOverlay(spec, environment));
        }
        return files;
    }

    private static List<GeneratedFile> base(SystemSpec spec, Service service) {
        String dir = Layout.kustomizeBase(service);
        String workloadFile = Workloads.kind(service).toLowerCase() + ".yaml";
        List<GeneratedFile> files = new ArrayList<>();
        List<String> resources = new ArrayList<>();
        files.add(DeployFiles.yaml(dir + "/" + workloadFile, Workloads.workload(spec, service)));
        resources.add(workloadFile);
        List<Map<String, Object>> services = Workloads.services(spec, service);
        if (!services.isEmpty()) {
            files.add(DeployFiles.yaml(dir + "/service.yaml", services));
            resources.add("service.yaml");
        }
        files.add(DeployFiles.yaml(dir + "/pdb.yaml", Workloads.disruptionBudget(spec, service)));
        resources.add("pdb.yaml");
        List<Map<String, Object>> externalSecrets = ExternalSecrets.objects(spec, service);
        if (!externalSecrets.isEmpty()) {
            files.add(DeployFiles.yaml(dir + "/external-secrets.yaml", externalSecrets));
            resources.add("external-secrets.yaml");
        }
        files.addFirst(DeployFiles.yaml(dir + "/kustomization.yaml", kustomization(resources)));
        return files;
    }

    /**
     * Namespace, replicas and image of one service in one environment, and the SealedSecrets of that environment.
     * The image starts at the pinned tag of an external image or at {@link Layout#INITIAL_IMAGE_TAG}; releases
     * change only this file's image.
     */
    private static List<GeneratedFile> overlay(SystemSpec spec, Service service, Environment environment,
            SourceTree sources) {
        String dir = Layout.kustomizeOverlay(service, environment);
        List<String> resources = new ArrayList<>(List.of(relative(dir, Layout.kustomizeBase(service))));
        List<GeneratedFile> files = new ArrayList<>();
        List<Map<String, Object>> sealedSecrets = SealedSecrets.objects(service, environment, sources);
        if (!sealedSecrets.isEmpty()) {
            files.add(DeployFiles.yaml(dir + "/sealed-secrets.yaml", sealedSecrets));
            resources.add("sealed-secrets.yaml");
        }
        Map<String, Object> kustomization = kustomization(resources);
        kustomization.put("namespace", environment.namespace());
        kustomization.put("labels", List.of(Yaml.map(
                "pairs", Yaml.map(Labels.ENVIRONMENT, environment.name()),
                "includeSelectors", false,
                "includeTemplates", true)));
        kustomization.put("replicas", List.of(Yaml.map("name", service.name(), "count", service.replicas())));
        kustomization.put("images", List.of(Images.kustomizeEntry(spec, service)));
        files.addFirst(DeployFiles.yaml(dir + "/kustomization.yaml", kustomization));
        return files;
    }

    /** The environment's namespace and every service overlay of it, dependencies first. */
    private static List<GeneratedFile> environmentOverlay(SystemSpec spec, Environment environment) {
        String dir = Layout.environmentOverlay(environment);
        List<String> resources = new ArrayList<>(List.of("namespace.yaml"));
        for (String name : spec.graph().topologicalOrder()) {
            resources.add(relative(dir, Layout.kustomizeOverlay(spec.service(name).orElseThrow(), environment)));
        }
        return List.of(
                DeployFiles.yaml(dir + "/kustomization.yaml", kustomization(resources)),
                DeployFiles.yaml(dir + "/namespace.yaml", Namespaces.namespace(spec, environment)));
    }

    private static Map<String, Object> kustomization(List<String> resources) {
        return Yaml.map("apiVersion", KUSTOMIZE_API, "kind", "Kustomization", "resources", resources);
    }

    /** The path of directory {@code to} as seen from directory {@code from}, both relative to the repository root. */
    static String relative(String from, String to) {
        return java.nio.file.Path.of(from).relativize(java.nio.file.Path.of(to)).toString().replace('\\', '/');
    }
}
