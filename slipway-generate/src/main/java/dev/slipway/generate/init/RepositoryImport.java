package dev.slipway.generate.init;

import dev.slipway.model.Dependency;
import dev.slipway.model.Language;
import dev.slipway.model.VersionRange;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
 * <p>What is detected (docs/init.md has the long form): services built from source (build files and
 * Dockerfiles, minus libraries, tests, tooling and add-ons, each listed in {@link ImportResult#leftOut()} with
 * its reason); workloads from Kubernetes manifests, Helm charts ({@link HelmChart}), compose projects
 * ({@link ComposeProject}) and Aspire AppHosts ({@link AspireAppHost}), matched to those services or imported as
 * external images; and the dependency graph from env values, ConfigMaps, command lines, {@code depends_on},
 * NetworkPolicies, AppHost references and code defaults ({@link CodeDefaults}), each edge with its
 * {@link EdgeEvidence}, made acyclic by {@link CycleBreaker}. Moving image tags are pinned ({@link ImagePins}).
 * An unresolved compose variable, a reference to a host that is not in the repository and every edge left out
 * of a cycle is a warning.
 *
 * The scan is deterministic: the same repository gives the same result, byte for byte once written.
 */
public final class RepositoryImport {

    private static final Pattern REGISTRY = Pattern.compile(
            "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[0-9]+)?(/[a-z0-9]([-a-z0-9._]*[a-z0-9])?)*$");
    /** Folders and files of an optional add-on: observability stacks beside the system. */
    private static final Pattern ADD_ON_PATH = Pattern.compile("(?i)(.*/)?([^/]*[-_.])?(monitoring|logging|observability|"
            + "telemetry|tracing|alerting|metrics|grafana|prometheus|elk|efk|jaeger|zipkin)([-_.][^/]*)?(/.*)?");
    /** A copy of a workload for a variant deployment (an Istio demo, a hot fix): the same service. */
    private static final Pattern VARIANT = Pattern.compile("^(.+)-(fix|hotfix|patch|patched|istio|canary|v\\d+)$");
    private static final Pattern CALLBACK = Pattern.compile("(?is).*(callback|webhook|notify|reply|return).*");
    private static final List<String> APP_LABELS = List.of("app", "app.kubernetes.io/name", "k8s-app", "name");

    private final RepositoryTree tree;
    private final List<SourceDirectory> sources;
    private final Map<String, SourceDirectories.Unbuildable> unbuildable;
    private final Map<String, String> runsUnbuildable = new HashMap<>();
    private final Manifests manifests;
    private final List<Workload> extraWorkloads;
    private final List<String> warnings;
    private final List<String> leftOut;
    private final Map<String, List<Workload>> workloadsByService = new LinkedHashMap<>();
    private final Map<String, Integer> codePorts = new HashMap<>();
    private final Map<String, Integer> dialedPorts = new HashMap<>();
    private final Map<String, String> renamedFrom = new HashMap<>();

    private RepositoryImport(RepositoryTree tree, SourceDirectories.Found found, Manifests manifests,
                             List<Workload> extraWorkloads, List<String> warnings, List<String> leftOut) {
        this.tree = tree;
        this.sources = new ArrayList<>(found.sources());
        this.unbuildable = found.unbuildable();
        this.manifests = manifests;
        this.extraWorkloads = extraWorkloads;
        this.warnings = warnings;
        this.leftOut = leftOut;
    }

    /**
     * Scans {@code dir} (a repository checkout) for services, their manifests and their dependencies.
     * Unreadable or broken files become warnings; only a {@code dir} that cannot be walked throws.
     *
     * @throws java.nio.file.NoSuchFileException when {@code dir} does not exist
     * @throws java.nio.file.NotDirectoryException when {@code dir} is a file
     */
    public static ImportResult scan(Path dir) throws IOException {
        return scan(dir, List.of(), List.of());
    }

    /**
     * As {@link #scan(Path)}, reading only the files that match one of {@code include} (when any is given) and
     * none of {@code exclude}: globs over repository-relative paths ({@code services/**}, {@code **}{@code /legacy/**}).
     *
     * @throws IllegalArgumentException when a glob is malformed
     */
    public static ImportResult scan(Path dir, List<String> include, List<String> exclude) throws IOException {
        List<String> leftOut = new ArrayList<>();
        RepositoryTree tree = RepositoryTree.walk(dir, PathFilter.of(include, exclude), leftOut);
        List<String> warnings = new ArrayList<>();
        Path name = tree.root().getFileName();
        String system = Names.dnsLabel(name == null ? "system" : name.toString());
        SourceDirectories.Found found = SourceDirectories.find(tree, system, warnings, leftOut);
        Manifests manifests = ManifestReader.read(tree, warnings);
        List<Workload> extra = new ArrayList<>(AspireAppHost.read(tree, warnings));
        Optional<String> repository = GitOrigin.of(tree.root());
        if (repository.isEmpty()) {
            warnings.add("warning: the checkout has no origin remote, so slipway.yaml has no system.repository; "
                    + "`slipway generate` leaves out the GitOps targets (argocd, flux) until you add it or pass --repository");
        }
        return new RepositoryImport(tree, found, manifests, extra, warnings, leftOut).assemble(system, repository);
    }

    private ImportResult assemble(String system, Optional<String> repository) {
        sources.forEach(source -> workloadsByService.put(source.name(), new ArrayList<>()));
        Map<String, List<Workload>> external = new TreeMap<>();
        Map<String, List<Workload>> addOns = new TreeMap<>();
        List<Workload> all = new ArrayList<>(manifests.workloads());
        all.addAll(extraWorkloads);
        for (Workload workload : all) {
            Optional<SourceDirectory> source = sourceOf(workload);
            if (source.isPresent()) {
                workloadsByService.get(source.get().name()).add(workload);
            } else if (manifests.component(workload).isPresent()) {
                // an opt-in add-on (Online Boutique's Cloud Operations collector): not part of the system as deployed
                warnings.add("warning: " + workload.origin() + " " + workload.name() + " in " + workload.file()
                        + " belongs only to the optional kustomize component " + manifests.component(workload).get()
                        + " and runs no source of this repository; it is not imported (add it by hand if you enable "
                        + "that component)");
            } else if (unbuildableDirectory(workload).isPresent()) {
                String dir = unbuildableDirectory(workload).get();
                // the image compose pushes when it names a version, else the one the Dockerfile starts from
                Optional<String> declared = workload.image().filter(i -> !i.startsWith("/") && !i.contains("${"));
                Optional<String> image = declared.filter(i -> !ImagePins.mutable(i))
                        .or(() -> unbuildable.get(dir).baseImage().filter(i -> !ImagePins.mutable(i)))
                        .or(() -> declared).or(() -> unbuildable.get(dir).baseImage());
                String name = Names.dnsLabel(workload.name());
                runsUnbuildable.putIfAbsent(name, dir);
                if (image.isPresent()) {
                    external.computeIfAbsent(name, n -> new ArrayList<>()).add(withImage(workload, image.get()));
                }
            } else if (workload.image().isPresent()) {
                String name = Names.dnsLabel(workload.name());
                (addOn(workload).isPresent() ? addOns : external).computeIfAbsent(name, n -> new ArrayList<>()).add(workload);
            } else {
                warnings.add("warning: " + workload.origin() + " " + workload.name() + " in " + workload.file()
                        + " has no image and matches no source directory; it is not imported");
            }
        }
        unbuildable.keySet().stream().filter(dir -> !runsUnbuildable.containsValue(dir)).forEach(dir -> warnings.add(
                "warning: " + dir + " has a Dockerfile but no build file of a language Slipway knows, and nothing runs "
                        + "it; it is not imported (add it to slipway.yaml by hand, with `image:`)"));
        dropAddOnOnlySources();
        adoptDeclaredNames();
        readCodeDefaults(external);
        mergeVariants(external);
        workloadsByService.putAll(external);
        includeAddOnsTheSystemUses(addOns);
        Map<String, Map<String, List<EdgeEvidence>>> evidence = evidence();
        Map<String, List<String>> dependencies = acyclic(evidence);

        List<String> imagesInRepository = ImagePins.inRepository(tree, manifests.workloads());
        List<ImportedService> services = new ArrayList<>();
        for (SourceDirectory source : sources) {
            List<Workload> workloads = workloadsByService.get(source.name());
            Optional<Integer> found = port(source.name(), workloads).or(source::exposedPort)
                    .or(() -> Optional.ofNullable(codePorts.get(source.name())));
            Optional<Integer> port = found.or(() -> conventionalPort(source.language()));
            port.ifPresent(chosen -> source.exposedPort().filter(exposed -> !exposed.equals(chosen)).ifPresent(exposed ->
                    warnings.add("warning: the Dockerfile of " + source.path() + " exposes port " + exposed
                            + " but the manifests and callers use " + chosen + "; using " + chosen)));
            Optional<String> dockerfile = source.dockerfile()
                    .or(() -> workloads.stream().flatMap(w -> w.dockerfile().stream()).findFirst());
            List<String> notes = new ArrayList<>(Optional.ofNullable(renamedFrom.get(source.name())).map(old -> "named as the compose "
                    + "service / AppHost resource that runs " + source.path() + " (the directory's name is " + old + ")")
                    .stream().toList());
            if (found.isEmpty()) {
                port.ifPresent(p -> notes.add("port " + p + " is " + source.language().keyword()
                        + "'s conventional default: nothing in the repository names one (check it)"));
            }
            services.add(service(source.name(), Optional.of(source.path()), Optional.of(source), dockerfile, Optional.empty(),
                    port, workloads, dependencies, evidence, notes));
        }
        for (var entry : external.entrySet()) {
            List<Workload> workloads = entry.getValue();
            String image = ImagePins.newestPinned(workloads.stream().flatMap(w -> w.image().stream()).toList());
            ImagePins.Pin pin = ImagePins.pin(image, imagesInRepository);
            pin.note().ifPresent(note -> warnings.add("warning: " + workloads.getFirst().origin() + " "
                    + workloads.getFirst().name() + " runs " + image + ", which has no fixed version tag; slipway.yaml "
                    + "says " + pin.image() + " (check it)"));
            Optional<Integer> port = port(entry.getKey(), workloads)
                    .or(() -> Optional.ofNullable(runsUnbuildable.get(entry.getKey())).flatMap(d -> unbuildable.get(d).port()))
                    .or(() -> KnownImages.datastore(image).map(KnownImages.Datastore::port));
            List<String> notes = new ArrayList<>();
            Optional.ofNullable(runsUnbuildable.get(entry.getKey())).ifPresent(dir -> notes.add("built from " + dir
                    + "/Dockerfile, in a language Slipway does not build natively: slipway.yaml runs its image"));
            pin.note().ifPresent(notes::add);
            services.add(service(entry.getKey(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.of(pin.image()), port, workloads, dependencies, evidence, notes));
        }
        List<ImportedService> withRanges = services.stream().map(s -> withRanges(s, services)).toList();
        return new ImportResult(system, registry(), repository, withRanges, List.copyOf(new LinkedHashSet<>(warnings)),
                List.copyOf(new LinkedHashSet<>(leftOut)));
    }

    /** Each source service's code defaults and Dockerfile ENV, one workload per file that has any. */
    private void readCodeDefaults(Map<String, List<Workload>> external) {
        for (SourceDirectory source : sources) {
            readCodeDefaults(source.name(), source.path(), workloadsByService.get(source.name()));
        }
        // a Dockerfile-only service (nginx, PHP) run as an image: its Dockerfile ENV still says whom it calls
        runsUnbuildable.forEach((name, dir) -> Optional.ofNullable(external.get(name))
                .ifPresent(workloads -> readCodeDefaults(name, dir, workloads)));
    }

    private void readCodeDefaults(String service, String dir, List<Workload> into) {
        String prefix = dir.equals(".") || dir.isEmpty() ? "" : dir + "/";
        CodeDefaults.Found found = CodeDefaults.read(tree, dir, tree.files().stream().filter(f -> f.startsWith(prefix)).toList());
        found.port().ifPresent(p -> codePorts.put(service, p));
        Map<String, Map<String, String>> byFile = new TreeMap<>();
        found.values().forEach((variable, value) -> byFile.computeIfAbsent(found.where().get(variable),
                f -> new LinkedHashMap<>()).put(variable, value));
        byFile.forEach((file, values) -> into.add(new Workload(CodeDefaults.ORIGIN, service, file, Optional.empty(),
                Map.of(), Optional.empty(), List.of(), Map.of(), values, Optional.empty(), Optional.empty(), false,
                Optional.empty(), Optional.empty(), List.of(), Optional.empty(), List.of())));
    }

    /**
     * A source directory only a compose profile or an optional compose file runs (a seeder, a debug tool) is not a
     * service, nor is one that looks like a library (no Dockerfile, no runnable packaging) that nothing runs.
     */
    private void dropAddOnOnlySources() {
        for (SourceDirectory source : List.copyOf(sources)) {
            List<Workload> workloads = workloadsByService.get(source.name());
            if (workloads.isEmpty() && source.libraryHint().isPresent() && sources.size() > 1) {
                sources.remove(source);
                workloadsByService.remove(source.name());
                leftOut.add(source.path() + ": " + source.libraryHint().get() + ", and no manifest or compose file runs it");
                continue;
            }
            if (!workloads.isEmpty() && workloads.stream().allMatch(w -> w.addOn().isPresent())) {
                sources.remove(source);
                workloadsByService.remove(source.name());
                leftOut.add(source.path() + ": run only by compose service " + workloads.getFirst().name() + " in "
                        + workloads.getFirst().file() + ", " + workloads.getFirst().addOn().get());
            }
        }
    }

    /**
     * A source directory that one compose service or Aspire resource runs takes that name: it is the name the
     * other services call it by ({@code order-processor} for {@code src/OrderProcessor}).
     */
    private void adoptDeclaredNames() {
        for (int i = 0; i < sources.size(); i++) {
            SourceDirectory source = sources.get(i);
            Set<String> declared = new TreeSet<>();
            workloadsByService.get(source.name()).stream()
                    .filter(w -> w.origin().equals(ComposeProject.ORIGIN) || w.origin().equals(AspireAppHost.ORIGIN))
                    .forEach(w -> declared.add(Names.dnsLabel(w.name())));
            if (declared.size() != 1) {
                continue;
            }
            String name = declared.iterator().next();
            if (name.equals(source.name()) || workloadsByService.containsKey(name)) {
                continue;
            }
            sources.set(i, new SourceDirectory(name, source.path(), source.language(), source.buildTool(),
                    source.exposedPort(), source.dockerfile(), source.libraryHint()));
            Map<String, List<Workload>> renamed = new LinkedHashMap<>();
            workloadsByService.forEach((key, value) -> renamed.put(key.equals(source.name()) ? name : key, value));
            workloadsByService.clear();
            workloadsByService.putAll(renamed);
            renamedFrom.put(name, source.name());
        }
    }

    private ImportedService service(String name, Optional<String> path, Optional<SourceDirectory> source,
                                    Optional<String> dockerfile, Optional<String> image, Optional<Integer> port,
                                    List<Workload> workloads, Map<String, List<String>> dependencies,
                                    Map<String, Map<String, List<EdgeEvidence>>> evidence, List<String> notes) {
        Map<String, String> env = new LinkedHashMap<>();
        workloads.stream().filter(Workload::writesEnv).forEach(w -> w.env().forEach(env::putIfAbsent));
        boolean stateful = workloads.stream().anyMatch(Workload::stateful)
                || image.flatMap(KnownImages::datastore).isPresent()
                || (image.isPresent() && KnownImages.looksLikeDatastore(name, port));
        Optional<Integer> replicas = workloads.stream().flatMap(w -> w.replicas().stream()).findFirst()
                .or(() -> stateful && workloads.stream().noneMatch(Workload::fromKubernetes) ? Optional.of(1) : Optional.empty());
        Map<String, String> where = new LinkedHashMap<>();
        List<String> sorted = dependencies.get(name).stream().sorted().toList();
        sorted.forEach(d -> where.put(d, evidence.get(name).get(d).stream().map(EdgeEvidence::what).distinct()
                .collect(java.util.stream.Collectors.joining("; "))));
        return new ImportedService(name, path, source.map(SourceDirectory::language),
                source.map(SourceDirectory::buildTool), dockerfile, image, port,
                workloads.stream().flatMap(w -> w.healthPath().stream()).findFirst(), replicas, stateful, env,
                sorted.stream().map(d -> new Dependency(d, VersionRange.any())).toList(), where, notes);
    }

    /**
     * The port a framework listens on by default, used only where the repository names none: Phoenix's 4000 and
     * Rails/Puma's 3000. Other languages have no single convention (a JVM or Go service may use anything).
     */
    static Optional<Integer> conventionalPort(Language language) {
        return switch (language) {
            case ELIXIR -> Optional.of(4000);
            case RUBY -> Optional.of(3000);
            default -> Optional.empty();
        };
    }

    private Optional<SourceDirectory> sourceOf(Workload workload) {
        if (workload.origin().equals(CodeDefaults.ORIGIN)) {
            return Optional.empty();
        }
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

    /** The Dockerfile-only directory (a language Slipway does not build) a workload builds, if it builds one. */
    private Optional<String> unbuildableDirectory(Workload workload) {
        Set<String> names = new LinkedHashSet<>(List.of(workload.name()));
        workload.imageName().ifPresent(names::add);
        return workload.buildPath().flatMap(build -> unbuildable.keySet().stream()
                        .filter(dir -> (build + "/").startsWith(dir + "/")).findFirst())
                .or(() -> workload.buildPath().isPresent() ? Optional.empty() : unbuildable.keySet().stream()
                        .filter(dir -> names.contains(Names.dnsLabel(RepositoryTree.fileName(dir)))).findFirst());
    }

    private static Workload withImage(Workload w, String image) {
        return new Workload(w.origin(), w.name(), w.file(), w.namespace(), w.labels(), Optional.of(image), w.ports(),
                w.namedPorts(), w.env(), w.healthPath(), w.replicas(), w.stateful(), Optional.empty(), w.dockerfile(),
                w.references(), w.addOn(), w.aliases());
    }

    /** Why a workload is an optional add-on of the repository (monitoring, logging), if it is one. */
    private static Optional<String> addOn(Workload workload) {
        if (workload.addOn().isPresent()) {
            return workload.addOn();
        }
        String folder = RepositoryTree.parent(workload.file());
        if (ADD_ON_PATH.matcher(folder).matches()) {
            return Optional.of("the optional add-on folder " + folder);
        }
        return Optional.empty();
    }

    /** An add-on (a monitoring stack) is part of the system only when a service of the system calls it. */
    private void includeAddOnsTheSystemUses(Map<String, List<Workload>> addOns) {
        boolean changed = true;
        while (changed) {
            changed = false;
            Map<String, String> hosts = hosts();
            for (var entry : List.copyOf(addOns.entrySet())) {
                Set<String> names = new LinkedHashSet<>(List.of(entry.getKey()));
                entry.getValue().forEach(w -> names.add(w.name()));
                boolean used = workloadsByService.values().stream().flatMap(List::stream)
                        .anyMatch(w -> references(w).stream().anyMatch(e -> names.contains(e.host())
                                && !hosts.containsKey(e.host())));
                if (used) {
                    workloadsByService.put(entry.getKey(), entry.getValue());
                    addOns.remove(entry.getKey());
                    changed = true;
                }
            }
        }
        addOns.forEach((name, workloads) -> leftOut.add(workloads.getFirst().origin() + " " + name + " in "
                + workloads.getFirst().file() + ": " + addOn(workloads.getFirst()).orElse("optional")
                + ", which no service of the system calls"));
    }

    /** External workloads named {@code X-fix} or {@code X-istio} beside an {@code X} are variants of X. */
    private static void mergeVariants(Map<String, List<Workload>> external) {
        for (String name : List.copyOf(external.keySet())) {
            Matcher variant = VARIANT.matcher(name);
            if (variant.matches() && external.containsKey(variant.group(1))) {
                external.get(variant.group(1)).addAll(external.remove(name));
            }
        }
    }

    /** Every reference a workload makes: its env values (with the port they dial) and its explicit edges. */
    private List<EdgeEvidence> references(Workload workload) {
        List<EdgeEvidence> references = new ArrayList<>(workload.references());
        boolean code = workload.origin().equals(CodeDefaults.ORIGIN);
        workload.env().forEach((variable, value) -> {
            // a callback URL points against the direction the rest of the graph runs: the first edge to drop
            int strength = code ? EdgeEvidence.CODE
                    : CALLBACK.matcher(variable + " " + value).matches() ? EdgeEvidence.CALLBACK : EdgeEvidence.ENV;
            for (EnvReferences.Address address : EnvReferences.addresses(variable, value, manifests.namespaces())) {
                references.add(new EdgeEvidence(address.service(), (code ? (RepositoryTree.fileName(workload.file()).matches("Dockerfile|Containerfile") ? "ENV " : "default of ")
                        + variable + " in " + workload.file()
                        : "env " + variable + " of " + workload.origin() + " " + workload.name() + " in " + workload.file()),
                        strength));
            }
        });
        return references;
    }

    /** host name → the service it reaches: service names, workload names and the Kubernetes Services selecting them. */
    private Map<String, String> hosts() {
        Map<String, String> hosts = new LinkedHashMap<>();
        workloadsByService.keySet().forEach(name -> hosts.put(name, name));
        workloadsByService.forEach((name, workloads) -> workloads.forEach(w -> {
            hosts.putIfAbsent(w.name(), name);
            w.aliases().forEach(alias -> hosts.putIfAbsent(alias, name));
        }));
        for (ClusterService service : manifests.services()) {
            workloadsByService.entrySet().stream().filter(e -> e.getValue().stream().anyMatch(service::selects))
                    .map(Map.Entry::getKey).findFirst().ifPresent(owner -> hosts.putIfAbsent(service.name(), owner));
        }
        return hosts;
    }

    /** service → callee → the evidence for that edge; unknown in-cluster hosts in env become warnings. */
    private Map<String, Map<String, List<EdgeEvidence>>> evidence() {
        Map<String, String> hosts = hosts();
        Set<String> otherHosts = new HashSet<>();
        manifests.services().stream().map(ClusterService::name).filter(n -> !hosts.containsKey(n)).forEach(otherHosts::add);
        Map<String, Map<String, List<EdgeEvidence>>> evidence = new LinkedHashMap<>();
        Map<String, Map<Integer, Integer>> dialed = new HashMap<>();
        workloadsByService.forEach((name, workloads) -> {
            Map<String, List<EdgeEvidence>> targets = new LinkedHashMap<>();
            for (Workload workload : workloads) {
                boolean code = workload.origin().equals(CodeDefaults.ORIGIN);
                for (EdgeEvidence reference : references(workload)) {
                    String target = hosts.get(reference.host());
                    if (target != null && !target.equals(name)) {
                        targets.computeIfAbsent(target, t -> new ArrayList<>()).add(reference);
                    } else if (target == null && !otherHosts.contains(reference.host()) && !code
                            && reference.strength() >= EdgeEvidence.CALLBACK && reference.what().startsWith("env ")) {
                        warnings.add("warning: " + reference.what().replaceFirst("^env (\\S+) of (.*) in \\S+$", "$2 env $1")
                                + " refers to '" + reference.host() + "', which is not a service in this repository");
                    }
                }
                workload.env().forEach((variable, value) -> EnvReferences.addresses(variable, value, manifests.namespaces())
                        .forEach(a -> a.port().ifPresent(p -> Optional.ofNullable(hosts.get(a.service())).ifPresent(t ->
                                dialed.computeIfAbsent(t, x -> new TreeMap<>()).merge(p, 1, Integer::sum)))));
            }
            evidence.put(name, targets);
        });
        dialed.forEach((service, counts) -> counts.entrySet().stream().max(Map.Entry.comparingByValue())
                .ifPresent(e -> dialedPorts.put(service, e.getKey())));
        return evidence;
    }

    /** The edges with evidence, made acyclic: the fewest and weakest edges left out, each one a warning. */
    private Map<String, List<String>> acyclic(Map<String, Map<String, List<EdgeEvidence>>> evidence) {
        List<CycleBreaker.Edge> edges = new ArrayList<>();
        evidence.forEach((from, targets) -> targets.forEach((to, why) -> edges.add(new CycleBreaker.Edge(from, to,
                why.stream().mapToInt(EdgeEvidence::strength).max().orElse(0) * 10 + Math.min(9, why.size())))));
        CycleBreaker.Result result = CycleBreaker.breakCycles(edges);
        Map<String, List<String>> dependencies = new LinkedHashMap<>();
        evidence.keySet().forEach(name -> dependencies.put(name, new ArrayList<>()));
        result.kept().forEach(e -> dependencies.get(e.from()).add(e.to()));
        for (CycleBreaker.Edge dropped : result.dropped()) {
            warnings.add("warning: the dependencies form a cycle; the edge " + dropped.from() + " -> " + dropped.to()
                    + " (from " + evidence.get(dropped.from()).get(dropped.to()).stream().map(EdgeEvidence::what).distinct()
                    .collect(java.util.stream.Collectors.joining("; ")) + ") is left out as the weakest way to break it "
                    + "(a callback, most likely); add it back by hand and remove another edge if that is the wrong one");
        }
        return dependencies;
    }

    /**
     * The port of a service, by precedence: the port its Kubernetes Service targets, the port callers dial in
     * {@code host:port}, its workloads' container ports (compose {@code ports}/{@code expose}, containerPort).
     */
    private Optional<Integer> port(String service, List<Workload> workloads) {
        Optional<Integer> targeted = workloads.stream()
                .flatMap(w -> manifests.services().stream().filter(s -> s.selects(w)).flatMap(s -> s.containerPort(w).stream()))
                .findFirst();
        return targeted.or(() -> Optional.ofNullable(dialedPorts.get(service)))
                .or(() -> workloads.stream().flatMap(w -> w.ports().stream()).findFirst());
    }

    /** A dependency on an external image needs its major.minor line; anything built here: any version. */
    private static ImportedService withRanges(ImportedService service, List<ImportedService> all) {
        return service.withDependsOn(service.dependsOn().stream().map(d -> new Dependency(d.service(),
                all.stream().filter(s -> s.name().equals(d.service())).findFirst()
                        .flatMap(ImportedService::image).flatMap(ImagePins::versionRange)
                        .orElse(d.range()))).toList());
    }

    /** The repository part the source services' images share ({@code ghcr.io/acme/shop}), if they share one. */
    private Optional<String> registry() {
        Set<String> registries = new LinkedHashSet<>();
        for (SourceDirectory source : sources) {
            for (Workload workload : workloadsByService.get(source.name())) {
                // a bare name (`image: frontend`, which skaffold or kustomize replace) says nothing about the registry
                workload.image().map(i -> i.replaceAll("@.*$", "")).filter(i -> i.contains("/")).ifPresent(image ->
                        registries.add(image.substring(0, image.lastIndexOf('/')).toLowerCase(java.util.Locale.ROOT)));
            }
        }
        return registries.size() == 1 && REGISTRY.matcher(registries.iterator().next()).matches()
                ? Optional.of(registries.iterator().next()) : Optional.empty();
    }
}
