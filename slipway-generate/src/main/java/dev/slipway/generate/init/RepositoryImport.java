package dev.slipway.generate.init;

import dev.slipway.model.Dependency;
import dev.slipway.model.DependencyGraph;
import dev.slipway.model.VersionRange;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code slipway init}: imports an existing repository into a first {@code slipway.yaml}.
 *
 * <p>Public API, used by the CLI:
 * <ul>
 *   <li>{@link #scan(Path)} reads the repository and returns an {@link ImportResult}: services and warnings;</li>
 *   <li>{@link SpecText#write(ImportResult, String, String)} turns it into the text of {@code slipway.yaml},
 *       which loads without errors through {@code SpecLoader};</li>
 *   <li>{@link SummaryTable#render(ImportResult)} is the table to print: service, language, port, depends on.</li>
 * </ul>
 *
 * <p>What is detected (docs/init.md has the long form):
 * <ul>
 *   <li><b>Source services</b>: the outermost directory with a Dockerfile or a build file (pom.xml, build.gradle[.kts],
 *       package.json, go.mod, requirements.txt, pyproject.toml, Pipfile, *.csproj, Cargo.toml, Gemfile); the
 *       directory above a {@code src/}, {@code test/} or {@code tests/} project owns it; the repository root is a
 *       service only when nothing below it is. Name = directory name as a DNS label; port = Dockerfile
 *       {@code EXPOSE}, else the manifests'.</li>
 *   <li><b>Workloads</b> (Deployment, StatefulSet, Argo Rollout; docker-compose services) belong to the source
 *       service whose name equals their name, their {@code app} label or their image's last path segment (compose:
 *       their {@code build:} directory). They contribute port, probe path, replicas, env and {@code stateful}. A
 *       workload that matches no source directory runs an external image and becomes a service with {@code image:}.</li>
 *   <li><b>Dependencies</b> are the env values that name another service or its Kubernetes Service (URLs,
 *       {@code host:port}, {@code name.namespace.svc.cluster.local}). A reference to an in-cluster host that is
 *       not in the repository is a warning naming the workload and variable. Range: {@code ^MAJOR.MINOR} of an
 *       external image's version tag, otherwise {@code *}. An inferred cycle is broken with a warning.</li>
 * </ul>
 * The scan is deterministic: the same repository gives the same result, byte for byte once written.
 */
public final class RepositoryImport {

    private static final Pattern VERSION_TAG = Pattern.compile("^v?(\\d+)(?:\\.(\\d+))?(?:[.+-].*)?$");
    private static final Pattern REGISTRY = Pattern.compile(
            "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[0-9]+)?(/[a-z0-9]([-a-z0-9._]*[a-z0-9])?)*$");
    private static final List<String> APP_LABELS = List.of("app", "app.kubernetes.io/name", "k8s-app");

    private final List<SourceDirectory> sources;
    private final Manifests manifests;
    private final List<String> warnings;
    private final Map<String, List<Workload>> workloadsByService = new LinkedHashMap<>();

    private RepositoryImport(List<SourceDirectory> sources, Manifests manifests, List<String> warnings) {
        this.sources = sources;
        this.manifests = manifests;
        this.warnings = warnings;
    }

    /**
     * Scans {@code dir} (a repository checkout) for services, their manifests and their dependencies.
     * Unreadable or broken files become warnings; only a {@code dir} that cannot be walked throws.
     *
     * @throws java.nio.file.NoSuchFileException when {@code dir} does not exist
     * @throws java.nio.file.NotDirectoryException when {@code dir} is a file
     */
    public static ImportResult scan(Path dir) throws IOException {
        RepositoryTree tree = RepositoryTree.walk(dir);
        List<String> warnings = new ArrayList<>();
        Path name = tree.root().getFileName();
        String system = Names.dnsLabel(name == null ? "system" : name.toString());
        List<SourceDirectory> sources = SourceDirectories.find(tree, system, warnings);
        Manifests manifests = ManifestReader.read(tree, warnings);
        return new RepositoryImport(sources, manifests, warnings).assemble(system, GitOrigin.of(tree.root()));
    }

    private ImportResult assemble(String system, Optional<String> repository) {
        sources.forEach(source -> workloadsByService.put(source.name(), new ArrayList<>()));
        Map<String, List<Workload>> external = new TreeMap<>();
        for (Workload workload : manifests.workloads()) {
            Optional<SourceDirectory> source = sourceOf(workload);
            if (source.isPresent()) {
                workloadsByService.get(source.get().name()).add(workload);
            } else if (manifests.component(workload).isPresent()) {
                // an opt-in add-on (Online Boutique's Cloud Operations collector): not part of the system as deployed
                warnings.add("warning: " + workload.origin() + " " + workload.name() + " in " + workload.file()
                        + " belongs only to the optional kustomize component " + manifests.component(workload).get()
                        + " and runs no source of this repository; it is not imported (add it by hand if you enable "
                        + "that component)");
            } else if (workload.image().isPresent()) {
                external.computeIfAbsent(Names.dnsLabel(workload.name()), n -> new ArrayList<>()).add(workload);
            } else {
                warnings.add("warning: " + workload.origin() + " " + workload.name() + " in " + workload.file()
                        + " has no image and matches no source directory; it is not imported");
            }
        }
        workloadsByService.putAll(external);
        Map<String, List<String>> dependencies = dependencies();
        breakCycles(dependencies);

        List<ImportedService> services = new ArrayList<>();
        for (SourceDirectory source : sources) {
            List<Workload> workloads = workloadsByService.get(source.name());
            Optional<Integer> port = source.exposedPort().or(() -> port(workloads));
            source.exposedPort().ifPresent(exposed -> workloads.stream()
                    .filter(w -> !w.ports().isEmpty() && !w.ports().contains(exposed)).findFirst()
                    .ifPresent(w -> warnings.add("warning: the Dockerfile of " + source.path() + " exposes port "
                            + exposed + " but " + w.origin() + " " + w.name() + " listens on " + w.ports().getFirst()
                            + "; using " + exposed)));
            services.add(service(source.name(), Optional.of(source.path()), Optional.of(source), Optional.empty(),
                    port, workloads, dependencies));
        }
        for (var entry : external.entrySet()) {
            List<Workload> workloads = entry.getValue();
            Optional<String> image = workloads.stream().flatMap(w -> w.image().stream()).findFirst();
            image.filter(RepositoryImport::mutableTag).ifPresent(i -> warnings.add("warning: " + workloads.getFirst().origin()
                    + " " + workloads.getFirst().name() + " runs " + i + ", which has no fixed version tag; pin one in "
                    + "slipway.yaml (slipway validate rejects mutable tags)"));
            image.filter(i -> !mutableTag(i) && !i.contains("@") && versionRange(i).isEmpty()).ifPresent(i -> warnings.add(
                    "warning: " + workloads.getFirst().origin() + " " + workloads.getFirst().name() + " runs " + i
                    + ", whose tag '" + tag(i) + "' names no version: it can move, and services that depend on "
                    + entry.getKey() + " get the range \"*\"; pin a version in slipway.yaml"));
            services.add(service(entry.getKey(), Optional.empty(), Optional.empty(), image, port(workloads), workloads,
                    dependencies));
        }
        List<ImportedService> withRanges = services.stream().map(s -> withRanges(s, services)).toList();
        return new ImportResult(system, registry(), repository, withRanges, List.copyOf(new LinkedHashSet<>(warnings)));
    }

    private ImportedService service(String name, Optional<String> path, Optional<SourceDirectory> source,
                                    Optional<String> image, Optional<Integer> port, List<Workload> workloads,
                                    Map<String, List<String>> dependencies) {
        Map<String, String> env = new LinkedHashMap<>();
        workloads.forEach(w -> w.env().forEach(env::putIfAbsent));
        return new ImportedService(name, path, source.map(SourceDirectory::language),
                source.map(SourceDirectory::buildTool), image, port,
                workloads.stream().flatMap(w -> w.healthPath().stream()).findFirst(),
                workloads.stream().flatMap(w -> w.replicas().stream()).findFirst(),
                workloads.stream().anyMatch(Workload::stateful), env,
                dependencies.get(name).stream().sorted().map(d -> new Dependency(d, VersionRange.any())).toList());
    }

    private Optional<SourceDirectory> sourceOf(Workload workload) {
        if (workload.buildPath().isPresent()) {
            String build = workload.buildPath().get();
            Optional<SourceDirectory> built = sources.stream().filter(s -> s.path().equals(".")
                    ? build.isEmpty() : (build + "/").startsWith(s.path() + "/")).findFirst();
            if (built.isPresent()) {
                return built;
            }
        }
        Set<String> names = new LinkedHashSet<>();
        names.add(workload.name());
        APP_LABELS.forEach(label -> Optional.ofNullable(workload.labels().get(label)).ifPresent(names::add));
        workload.imageName().ifPresent(names::add);
        for (String name : names) {
            Optional<SourceDirectory> source = sources.stream().filter(s -> s.name().equals(name)).findFirst();
            if (source.isPresent()) {
                return source;
            }
        }
        return Optional.empty();
    }

    /** A container port, or the port a Kubernetes Service forwards to the workload. */
    private Optional<Integer> port(List<Workload> workloads) {
        return workloads.stream().flatMap(w -> w.ports().stream()).findFirst().or(() -> workloads.stream()
                .flatMap(w -> manifests.services().stream().filter(s -> s.selects(w))
                        .flatMap(s -> s.containerPort(w).stream()))
                .findFirst());
    }

    /** service → the services its env values refer to; unknown in-cluster hosts become warnings. */
    private Map<String, List<String>> dependencies() {
        Map<String, String> hosts = new LinkedHashMap<>();
        workloadsByService.keySet().forEach(name -> hosts.put(name, name));
        workloadsByService.forEach((name, workloads) -> workloads.forEach(w -> hosts.putIfAbsent(w.name(), name)));
        Set<String> otherHosts = new HashSet<>();
        for (ClusterService service : manifests.services()) {
            Optional<String> owner = workloadsByService.entrySet().stream()
                    .filter(e -> e.getValue().stream().anyMatch(service::selects))
                    .map(Map.Entry::getKey).findFirst();
            if (owner.isPresent()) {
                hosts.putIfAbsent(service.name(), owner.get());
            } else {
                otherHosts.add(service.name()); // defined in the repository (ExternalName, headless), not a service
            }
        }
        Map<String, List<String>> dependencies = new LinkedHashMap<>();
        workloadsByService.forEach((name, workloads) -> {
            Set<String> targets = new LinkedHashSet<>();
            for (Workload workload : workloads) {
                workload.env().forEach((variable, value) -> {
                    for (String host : EnvReferences.services(variable, value, manifests.namespaces())) {
                        String target = hosts.get(host);
                        if (target != null) {
                            if (!target.equals(name)) {
                                targets.add(target);
                            }
                        } else if (!otherHosts.contains(host)) {
                            warnings.add("warning: " + workload.origin() + " " + workload.name() + " env " + variable
                                    + " refers to '" + host + "', which is not a service in this repository");
                        }
                    }
                });
            }
            dependencies.put(name, new ArrayList<>(targets));
        });
        return dependencies;
    }

    /** slipway.yaml needs an acyclic graph: drop the first edge of each inferred cycle and say so. */
    private void breakCycles(Map<String, List<String>> dependencies) {
        for (Optional<List<String>> cycle = DependencyGraph.of(dependencies).firstCycle(); cycle.isPresent();
             cycle = DependencyGraph.of(dependencies).firstCycle()) {
            List<String> path = cycle.get();
            dependencies.get(path.get(0)).remove(path.get(1));
            warnings.add("warning: env references form the cycle " + String.join(" -> ", path) + "; the dependency "
                    + path.get(0) + " -> " + path.get(1) + " is left out (add it back by hand and remove another edge "
                    + "if that is the wrong one)");
        }
    }

    /** A dependency on an external image needs its major.minor line; anything built here: any version. */
    private static ImportedService withRanges(ImportedService service, List<ImportedService> all) {
        List<Dependency> ranged = service.dependsOn().stream().map(d -> new Dependency(d.service(),
                all.stream().filter(s -> s.name().equals(d.service())).findFirst()
                        .flatMap(ImportedService::image).flatMap(RepositoryImport::versionRange)
                        .orElse(d.range()))).toList();
        return new ImportedService(service.name(), service.path(), service.language(), service.buildTool(),
                service.image(), service.port(), service.healthPath(), service.replicas(), service.stateful(),
                service.env(), ranged);
    }

    static Optional<VersionRange> versionRange(String image) {
        Matcher version = VERSION_TAG.matcher(tag(image));
        if (image.contains("@") || !version.matches()) {
            return Optional.empty();
        }
        String range = "^" + version.group(1) + (version.group(2) == null ? "" : "." + version.group(2));
        return VersionRange.parse(range);
    }

    private static String tag(String image) {
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        return colon > slash ? image.substring(colon + 1) : "";
    }

    private static boolean mutableTag(String image) {
        return !image.contains("@sha256:") && (tag(image).isEmpty() || tag(image).equals("latest"));
    }

    /** The repository part the source services' images share ({@code ghcr.io/acme/shop}), if they share one. */
    private Optional<String> registry() {
        Set<String> registries = new LinkedHashSet<>();
        for (SourceDirectory source : sources) {
            for (Workload workload : workloadsByService.get(source.name())) {
                // a bare name (`image: frontend`) is a placeholder skaffold or kustomize replaces: no registry
                workload.image().map(i -> i.replaceAll("@.*$", "")).filter(i -> i.contains("/")).ifPresent(image ->
                        registries.add(image.substring(0, image.lastIndexOf('/')).toLowerCase(java.util.Locale.ROOT)));
            }
        }
        return registries.size() == 1 && REGISTRY.matcher(registries.iterator().next()).matches()
                ? Optional.of(registries.iterator().next()) : Optional.empty();
    }
}
