package dev.slipway.generate.init;

import static dev.slipway.generate.init.YamlValues.at;
import static dev.slipway.generate.init.YamlValues.integer;
import static dev.slipway.generate.init.YamlValues.list;
import static dev.slipway.generate.init.YamlValues.map;
import static dev.slipway.generate.init.YamlValues.port;
import static dev.slipway.generate.init.YamlValues.text;

import dev.slipway.generate.Layout;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads every Kubernetes manifest of the repository (any {@code *.yaml}/{@code *.yml}, multi-document, kinds
 * {@code List} unwrapped) and every docker-compose file. Kustomize patches are left out because they are
 * fragments of objects defined elsewhere; files of a kustomization's {@code resources:} that the walk skipped
 * are read too. ConfigMaps feed the env of workloads that reference them ({@code envFrom}, {@code valueFrom});
 * NetworkPolicies add edges between the workloads they connect; Helm charts are rendered for their default
 * values ({@link HelmChart}). YAML that is not a Kubernetes object is ignored; YAML that does not parse is a
 * warning.
 */
final class ManifestReader {

    private static final Set<String> KUSTOMIZATIONS = Set.of("kustomization.yaml", "kustomization.yml", "Kustomization");
    private static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "StatefulSet", "Rollout");
    private static final Pattern DEPENDENT_VARIABLE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
    private static final Pattern KIND_LINE = Pattern.compile("(?m)^\\s*kind\\s*:");
    private static final Pattern API_VERSION_LINE = Pattern.compile("(?m)^\\s*apiVersion\\s*:");

    private final RepositoryTree tree;
    private final List<String> warnings;
    private final List<Workload> workloads = new ArrayList<>();
    private final List<ClusterService> services = new ArrayList<>();
    private final Set<String> namespaces = new TreeSet<>();
    /** Files listed by a kustomize {@code kind: Component} (an opt-in add-on), and by a Kustomization. */
    private final Map<String, String> componentResources = new TreeMap<>();
    private final Set<String> kustomizationResources = new HashSet<>();
    private final Map<String, Map<String, String>> configMaps = new LinkedHashMap<>();
    private final List<NetworkPolicies.Policy> policies = new ArrayList<>();
    private final List<Pending> pending = new ArrayList<>();

    private ManifestReader(RepositoryTree tree, List<String> warnings) {
        this.tree = tree;
        this.warnings = warnings;
    }

    static Manifests read(RepositoryTree tree, List<String> warnings) {
        return new ManifestReader(tree, warnings).read();
    }

    private Manifests read() {
        Set<String> patches = new HashSet<>();
        Set<String> files = new TreeSet<>();
        Set<String> helmCharts = new TreeSet<>();
        for (String file : tree.files()) {
            if (RepositoryTree.fileName(file).equals("Chart.yaml")) {
                helmCharts.add(RepositoryTree.parent(file));
            }
        }
        for (String file : tree.files()) {
            if (KUSTOMIZATIONS.contains(RepositoryTree.fileName(file))) {
                kustomization(file, patches, files);
            } else if (isYaml(file) && !ComposeFiles.isComposeFile(file)) {
                files.add(file);
            }
        }
        for (String chart : helmCharts) {
            HelmChart.render(tree, chart, warnings).forEach(this::object);
        }
        for (String file : files) {
            boolean inChart = helmCharts.stream().anyMatch(c -> c.isEmpty() || file.startsWith(c + "/"));
            if (!patches.contains(file) && !inChart) {
                manifest(file);
            }
        }
        pending.forEach(p -> workload(p).ifPresent(workloads::add));
        List<Workload> withPolicies = NetworkPolicies.apply(policies, workloads);
        workloads.clear();
        workloads.addAll(withPolicies);
        for (ComposeFiles.Project project : ComposeFiles.projects(tree.files())) {
            workloads.addAll(ComposeProject.read(tree, project, warnings));
        }
        kustomizationResources.forEach(componentResources::remove);
        return new Manifests(workloads, services, namespaces, componentResources);
    }

    private void kustomization(String file, Set<String> patches, Set<String> files) {
        String dir = RepositoryTree.parent(file);
        List<Object> documents = tree.read(file).map(text -> YamlFiles.documents(file, text, warnings)).orElse(null);
        if (documents == null || documents.isEmpty()) {
            return;
        }
        Map<String, Object> kustomization = map(documents.getFirst());
        boolean component = text(kustomization.get("kind")).filter("Component"::equals).isPresent();
        for (String key : List.of("patchesStrategicMerge", "patches", "patchesJson6902")) {
            for (Object patch : list(kustomization.get(key))) {
                text(patch).or(() -> text(map(patch).get("path")))
                        .flatMap(p -> RepositoryTree.resolve(dir, p)).ifPresent(patches::add);
            }
        }
        for (String key : List.of("resources", "bases", "components")) {
            for (Object resource : list(kustomization.get(key))) {
                text(resource).ifPresent(r -> {
                    if (r.contains("://") || r.startsWith("github.com/")) {
                        warnings.add("warning: " + file + " lists the remote resource " + r
                                + ", which init does not fetch");
                    } else {
                        // a resource in a directory the walk skips (build/, dist/) is still part of the base
                        RepositoryTree.resolve(dir, r).filter(p -> isYaml(p) && tree.exists(p)).ifPresent(p -> {
                            files.add(p);
                            if (component) {
                                componentResources.put(p, dir);
                            } else {
                                kustomizationResources.add(p);
                            }
                        });
                    }
                });
            }
        }
    }

    private void manifest(String file) {
        Optional<String> text = tree.read(file);
        if (text.isEmpty() || text.get().contains(Layout.HEADER_TEXT)) {
            return; // Slipway's own output describes what slipway.yaml already says
        }
        if (!KIND_LINE.matcher(text.get()).find() || !API_VERSION_LINE.matcher(text.get()).find()) {
            return; // CI configuration, Helm values, OpenAPI documents: not Kubernetes objects
        }
        List<Object> documents = YamlFiles.documents(file, text.get(), warnings);
        if (documents != null) {
            documents.forEach(document -> object(file, document));
        }
    }

    private void object(HelmChart.Rendered rendered) {
        object(rendered.file(), rendered.object());
    }

    private void object(String file, Object document) {
        Map<String, Object> object = map(document);
        Optional<String> kind = text(object.get("kind"));
        if (kind.isEmpty() || text(object.get("apiVersion")).isEmpty()) {
            return;
        }
        Optional<String> namespace = text(at(object, "metadata", "namespace"));
        namespace.ifPresent(namespaces::add);
        Optional<String> name = text(at(object, "metadata", "name"));
        switch (kind.get()) {
            case "List" -> list(object.get("items")).forEach(item -> object(file, item));
            case "Namespace" -> name.ifPresent(namespaces::add);
            case "Service" -> name.ifPresent(n -> services.add(service(n, namespace, object)));
            case "ConfigMap" -> name.ifPresent(n -> configMaps.put(n, YamlValues.strings(object.get("data"))));
            case "NetworkPolicy" -> name.ifPresent(n -> policies.add(new NetworkPolicies.Policy(file, n, object)));
            default -> {
                if (WORKLOAD_KINDS.contains(kind.get()) && name.isPresent()) {
                    pending.add(new Pending(file, kind.get(), name.get(), namespace, object));
                }
            }
        }
    }

    private static ClusterService service(String name, Optional<String> namespace, Map<String, Object> object) {
        List<ClusterService.Port> ports = new ArrayList<>();
        for (Object p : list(at(object, "spec", "ports"))) {
            Map<String, Object> entry = map(p);
            port(entry.get("port")).ifPresent(number -> {
                Object target = entry.get("targetPort");
                Optional<Integer> targetNumber = port(target);
                Optional<String> targetName = targetNumber.isPresent() ? Optional.empty() : text(target);
                ports.add(new ClusterService.Port(number, targetNumber, targetName));
            });
        }
        return new ClusterService(name, namespace, YamlValues.strings(at(object, "spec", "selector")), ports);
    }

    /** A workload object, read once every ConfigMap it may take env from is known. */
    private record Pending(String file, String kind, String name, Optional<String> namespace, Map<String, Object> object) {
    }

    private Optional<Workload> workload(Pending pending) {
        String file = pending.file();
        String kind = pending.kind();
        String name = pending.name();
        Optional<String> namespace = pending.namespace();
        Map<String, Object> object = pending.object();
        List<?> containers = list(at(object, "spec", "template", "spec", "containers"));
        if (containers.isEmpty()) {
            return Optional.empty();
        }
        // the container named like the workload is the application; others are sidecars
        Map<String, Object> container = containers.stream().map(YamlValues::map)
                .filter(c -> text(c.get("name")).filter(name::equals).isPresent())
                .findFirst().orElse(map(containers.getFirst()));
        List<Integer> ports = new ArrayList<>();
        Map<String, Integer> namedPorts = new LinkedHashMap<>();
        for (Object p : list(container.get("ports"))) {
            port(map(p).get("containerPort")).ifPresent(number -> {
                ports.add(number);
                text(map(p).get("name")).ifPresent(portName -> namedPorts.putIfAbsent(portName, number));
            });
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (Object from : list(container.get("envFrom"))) {
            text(at(from, "configMapRef", "name")).map(configMaps::get).ifPresent(data -> {
                String prefix = text(map(from).get("prefix")).orElse("");
                data.forEach((k, v) -> env.put(prefix + k, v));
            });
        }
        for (Object e : list(container.get("env"))) {
            Map<String, Object> variable = map(e);
            text(variable.get("name")).ifPresent(n -> text(variable.get("value"))
                    .or(() -> text(at(variable, "valueFrom", "configMapKeyRef", "name")).map(configMaps::get)
                            .flatMap(data -> text(at(variable, "valueFrom", "configMapKeyRef", "key")).map(data::get)))
                    .ifPresent(v -> env.put(n, v)));
        }
        // Kubernetes expands $(NAME) from the container's earlier variables: so does init
        env.replaceAll((k, v) -> DEPENDENT_VARIABLE.matcher(v)
                .replaceAll(m -> java.util.regex.Matcher.quoteReplacement(env.getOrDefault(m.group(1), m.group()))));
        Map<String, String> labels = new LinkedHashMap<>(YamlValues.strings(at(object, "metadata", "labels")));
        labels.putAll(YamlValues.strings(at(object, "spec", "template", "metadata", "labels")));
        Optional<String> health = probePath(container, "readinessProbe")
                .or(() -> probePath(container, "livenessProbe"))
                .or(() -> probePath(container, "startupProbe"));
        return Optional.of(new Workload(kind.toLowerCase(java.util.Locale.ROOT), name, file, namespace, labels,
                text(container.get("image")), ports, namedPorts, env, health, integer(at(object, "spec", "replicas")),
                kind.equals("StatefulSet"), Optional.empty(), Optional.empty(), arguments(container, kind, name, file),
                Optional.empty(), List.of()));
    }

    /** Addresses in the container's {@code command} and {@code args} ({@code --db=postgres:5432}). */
    private List<EdgeEvidence> arguments(Map<String, Object> container, String kind, String name, String file) {
        List<String> arguments = new ArrayList<>();
        for (String key : List.of("command", "args")) {
            list(container.get(key)).forEach(a -> text(a).ifPresent(arguments::add));
        }
        return CommandLine.references(arguments, "args of " + kind.toLowerCase(java.util.Locale.ROOT) + " " + name
                + " in " + file, namespaces);
    }

    private static Optional<String> probePath(Map<String, Object> container, String probe) {
        return text(at(container, probe, "httpGet", "path")).filter(p -> p.startsWith("/"));
    }

    static boolean isYaml(String file) {
        return file.endsWith(".yaml") || file.endsWith(".yml");
    }
}
