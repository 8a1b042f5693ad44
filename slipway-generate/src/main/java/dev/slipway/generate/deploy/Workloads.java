package dev.slipway.generate.deploy;

import dev.slipway.generate.support.Yaml;
import dev.slipway.model.Service;
import dev.slipway.model.Strategy;
import dev.slipway.model.SystemSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Kubernetes objects of one service's Kustomize base. */
final class Workloads {

    /** Size of each replica's volume: slipway.yaml has no storage size yet, and a claim can grow later, not shrink. */
    static final String DEFAULT_STORAGE = "1Gi";

    private Workloads() {
    }

    static String kind(Service service) {
        return service.stateful() ? "StatefulSet" : "Deployment";
    }

    /** The service's own name; a StatefulSet's headless Service is this with {@code -headless}. */
    static String headlessName(Service service) {
        return service.name() + "-headless";
    }

    /**
     * The labels a workload's pods are selected by. A canary or blue-green service's base workload is its
     * serving track (stable, blue): the release engine adds the other track beside it, and distinct
     * selectors keep the two workloads from claiming each other's pods.
     */
    static Map<String, Object> selector(SystemSpec spec, Service service) {
        Map<String, Object> selector = new LinkedHashMap<>(Labels.selector(spec, service));
        Tracks tracks = Tracks.of(service);
        if (tracks != null) {
            selector.put(Labels.TRACK, tracks.serving());
        }
        return selector;
    }

    static Map<String, Object> podLabels(SystemSpec spec, Service service) {
        Map<String, Object> labels = new LinkedHashMap<>(Labels.recommended(spec, service));
        labels.putAll(selector(spec, service));
        return labels;
    }

    static Map<String, Object> workload(SystemSpec spec, Service service) {
        Map<String, Object> template = PodTemplates.of(spec, service, podLabels(spec, service));
        Map<String, Object> metadata = Yaml.map("name", service.name(), "labels", Labels.recommended(spec, service));
        if (service.stateful()) {
            return Yaml.map(
                    "apiVersion", "apps/v1",
                    "kind", "StatefulSet",
                    "metadata", metadata,
                    "spec", Yaml.map(
                            "serviceName", headlessName(service),
                            "replicas", service.replicas(),
                            "revisionHistoryLimit", 5,
                            "selector", Yaml.map("matchLabels", selector(spec, service)),
                            "updateStrategy", Yaml.map("type", "RollingUpdate"),
                            "template", template,
                            "volumeClaimTemplates", List.of(Yaml.map(
                                    "metadata", Yaml.map("name", PodTemplates.DATA_VOLUME,
                                            "labels", Labels.selector(spec, service)),
                                    "spec", Yaml.map(
                                            "accessModes", List.of("ReadWriteOnce"),
                                            "resources", Yaml.map("requests", Yaml.map("storage", DEFAULT_STORAGE)))))));
        }
        return Yaml.map(
                "apiVersion", "apps/v1",
                "kind", "Deployment",
                "metadata", metadata,
                "spec", Yaml.map(
                        "replicas", service.replicas(),
                        "revisionHistoryLimit", 5,
                        "progressDeadlineSeconds", 600,
                        "selector", Yaml.map("matchLabels", selector(spec, service)),
                        "strategy", deploymentStrategy(service),
                        "template", template));
    }

    /**
     * Rolling services use their own surge settings. For canary and blue-green the release engine shifts traffic
     * between track workloads; inside one track a surge of one pod and none unavailable keeps capacity.
     */
    private static Map<String, Object> deploymentStrategy(Service service) {
        String surge = "1";
        String unavailable = "0";
        if (service.strategy() instanceof Strategy.Rolling rolling) {
            surge = rolling.maxSurge();
            unavailable = rolling.maxUnavailable();
        }
        return Yaml.map("type", "RollingUpdate",
                "rollingUpdate", Yaml.map("maxSurge", intOrPercent(surge), "maxUnavailable", intOrPercent(unavailable)));
    }

    /** Kubernetes reads {@code 1} as a count and {@code "25%"} as a percentage; a quoted {@code "1"} is rejected. */
    static Object intOrPercent(String value) {
        return value.endsWith("%") ? value : Integer.valueOf(value);
    }

    /** The Services of a service with a port: its ClusterIP Service, and a headless one for a StatefulSet's pod DNS. */
    static List<Map<String, Object>> services(SystemSpec spec, Service service) {
        if (service.port().isEmpty()) {
            return List.of();
        }
        Map<String, Object> main = service(spec, service, service.name(), Labels.selector(spec, service), false);
        if (!service.stateful()) {
            return List.of(main);
        }
        return List.of(main, service(spec, service, headlessName(service), selector(spec, service), true));
    }

    /** A Service for the service's port that selects {@code selector}; used for the main, headless and track Services. */
    static Map<String, Object> service(SystemSpec spec, Service service, String name, Map<String, Object> selector,
                                       boolean headless) {
        String portName = Probes.portName(spec, service);
        Map<String, Object> serviceSpec = new LinkedHashMap<>();
        serviceSpec.put("type", "ClusterIP");
        if (headless) {
            serviceSpec.put("clusterIP", "None");
            // peers of a StatefulSet find each other before they are ready (e.g. to form a cluster)
            serviceSpec.put("publishNotReadyAddresses", true);
        }
        serviceSpec.put("selector", selector);
        serviceSpec.put("ports", List.of(Yaml.map(
                "name", portName,
                "port", service.port().orElseThrow(),
                "targetPort", portName,
                "protocol", "TCP")));
        return Yaml.map(
                "apiVersion", "v1",
                "kind", "Service",
                "metadata", Yaml.map("name", name, "labels", Labels.recommended(spec, service)),
                "spec", serviceSpec);
    }

    /**
     * At most one pod of the service down at a time during voluntary disruptions (node drains). maxUnavailable
     * rather than minAvailable, so a single-replica service never blocks a drain forever; broken pods may
     * always be evicted.
     */
    static Map<String, Object> disruptionBudget(SystemSpec spec, Service service) {
        return Yaml.map(
                "apiVersion", "policy/v1",
                "kind", "PodDisruptionBudget",
                "metadata", Yaml.map("name", service.name(), "labels", Labels.recommended(spec, service)),
                "spec", Yaml.map(
                        "maxUnavailable", 1,
                        "unhealthyPodEvictionPolicy", "AlwaysAllow",
                        "selector", Yaml.map("matchLabels", Labels.selector(spec, service))));
    }
}
