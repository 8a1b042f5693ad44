package dev.slipway.generate.deploy;

import dev.slipway.generate.support.Yaml;
import dev.slipway.model.Resources;
import dev.slipway.model.SecretSource;
import dev.slipway.model.Service;
import dev.slipway.model.SystemSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pod template of a service, shared by the Deployment/StatefulSet of the Kustomize base and the Argo
 * Rollouts Rollout. Hardened to the Pod Security Standard "restricted": non-root, no privilege escalation,
 * every capability dropped, the runtime's seccomp profile, a read-only root filesystem with emptyDirs where
 * the process must write.
 */
final class PodTemplates {

    /**
     * The user and group pods run as when the image does not say: 65532 is the distroless "nonroot" user.
     * A numeric id lets the kubelet verify runAsNonRoot even for images whose USER is a name.
     */
    static final int RUN_AS = 65532;
    static final String DATA_VOLUME = "data";

    private PodTemplates() {
    }

    static Map<String, Object> of(SystemSpec spec, Service service, Map<String, Object> podLabels) {
        DataStores store = DataStores.of(service);
        List<Object> volumes = new ArrayList<>();
        List<Object> mounts = new ArrayList<>();
        for (String path : store.scratchPaths()) {
            String name = volumeName(path);
            volumes.add(Yaml.map("name", name, "emptyDir", Yaml.map("sizeLimit", "256Mi")));
            mounts.add(Yaml.map("name", name, "mountPath", path));
        }
        if (service.stateful()) {
            mounts.add(Yaml.map("name", DATA_VOLUME, "mountPath", store.dataPath()));
        }
        Map<String, Object> podSpec = Yaml.map(
                "automountServiceAccountToken", false,
                "enableServiceLinks", false,
                "securityContext", Yaml.map(
                        "runAsNonRoot", true,
                        "runAsUser", RUN_AS,
                        "runAsGroup", RUN_AS,
                        "fsGroup", RUN_AS,
                        "seccompProfile", Yaml.map("type", "RuntimeDefault")),
                "topologySpreadConstraints", service.replicas() > 1 ? List.of(Yaml.map(
                        "maxSkew", 1,
                        "topologyKey", "kubernetes.io/hostname",
                        "whenUnsatisfiable", "ScheduleAnyway",
                        "labelSelector", Yaml.map("matchLabels", Labels.selector(spec, service)))) : null,
                "terminationGracePeriodSeconds", 30,
                "containers", List.of(container(spec, service, store, mounts)),
                "volumes", volumes);
        return Yaml.map("metadata", Yaml.map("labels", podLabels), "spec", podSpec);
    }

    private static Map<String, Object> container(SystemSpec spec, Service service, DataStores store, List<Object> mounts) {
        Map<String, Object> container = new LinkedHashMap<>(Yaml.map(
                "name", service.name(),
                "image", Images.reference(spec, service),
                "imagePullPolicy", "IfNotPresent",
                "ports", service.port().map(port -> List.of(Yaml.map(
                        "name", Probes.portName(spec, service), "containerPort", port, "protocol", "TCP"))).orElse(null),
                "env", env(spec, service, store)));
        container.putAll(Probes.of(spec, service));
        container.put("resources", resources(service.resources()));
        container.put("securityContext", Yaml.map(
                "allowPrivilegeEscalation", false,
                "readOnlyRootFilesystem", true,
                "runAsNonRoot", true,
                "capabilities", Yaml.map("drop", List.of("ALL")),
                "seccompProfile", Yaml.map("type", "RuntimeDefault")));
        container.put("volumeMounts", mounts);
        return container;
    }

    /**
     * The service's own variables, then what a known image needs (unless the service already sets it), then
     * its secrets and the credentials a known image requires, each from a Secret, never a literal.
     */
    private static List<Object> env(SystemSpec spec, Service service, DataStores store) {
        Map<String, String> all = new LinkedHashMap<>();
        service.env().forEach((name, value) -> all.put(name, ClusterHosts.shortNames(spec, value)));
        if (service.stateful()) {
            new java.util.TreeMap<>(store.env()).forEach(all::putIfAbsent);
        }
        Map<String, Map<String, Object>> fromSecrets = new LinkedHashMap<>();
        service.secrets().forEach((name, source) -> fromSecrets.put(name, switch (source) {
            case SecretSource.SecretRef ref -> Yaml.map("name", ref.name(), "key", ref.key());
            case SecretSource.ExternalSecret external -> Yaml.map("name", ExternalSecrets.secretName(service, external),
                    "key", name);
            case SecretSource.SealedSecret sealed -> Yaml.map("name", sealed.name(), "key", sealed.key());
        }));
        for (String required : store.requiredSecrets()) {
            if (!all.containsKey(required)) {
                fromSecrets.putIfAbsent(required, Yaml.map("name", DataStores.credentialsSecret(service), "key", required));
            }
        }
        if (all.isEmpty() && fromSecrets.isEmpty()) {
            return null;
        }
        List<Object> env = new ArrayList<>();
        all.forEach((name, value) -> env.add(Yaml.map("name", name, "value", value)));
        fromSecrets.forEach((name, ref) -> env.add(Yaml.map("name", name, "valueFrom", Yaml.map("secretKeyRef", ref))));
        return env;
    }

    private static Map<String, Object> resources(Resources resources) {
        return Yaml.map(
                "requests", Yaml.map("cpu", resources.requests().cpu(), "memory", resources.requests().memory()),
                "limits", Yaml.map("cpu", resources.limits().cpu(), "memory", resources.limits().memory()));
    }

    /** {@code /var/run/postgresql} becomes {@code var-run-postgresql}. */
    static String volumeName(String path) {
        return path.replaceAll("^/+", "").replaceAll("[^a-z0-9]+", "-");
    }
}
