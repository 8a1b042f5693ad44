package dev.slipway.generate.init;

import static dev.slipway.generate.init.YamlValues.at;
import static dev.slipway.generate.init.YamlValues.integer;
import static dev.slipway.generate.init.YamlValues.list;
import static dev.slipway.generate.init.YamlValues.map;
import static dev.slipway.generate.init.YamlValues.port;
import static dev.slipway.generate.init.YamlValues.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One docker compose project read the way {@code docker compose -f a -f b config} sees it: the files merged in
 * order (later files override scalars and add env, ports and {@code depends_on}), {@code include:}d files,
 * {@code extends:}, {@code env_file:}, the project's {@code .env} for interpolation and pass-through variables,
 * and profiles ({@code COMPOSE_PROFILES} from {@code .env} enables them; a service only in other profiles is an
 * add-on, like the services of an optional compose file). Each service becomes a {@link Workload}; {@code depends_on} becomes declared edge evidence.
 */
final class ComposeProject {

    static final String ORIGIN = "compose service";
    private static final int MAX_DEPTH = 8;

    private final RepositoryTree tree;
    private final List<String> warnings;
    private final Map<String, String> variables;
    private final Map<String, ComposeService> services = new LinkedHashMap<>();
    private final Set<String> read = new LinkedHashSet<>();

    private ComposeProject(RepositoryTree tree, List<String> warnings, Map<String, String> variables) {
        this.tree = tree;
        this.warnings = warnings;
        this.variables = variables;
    }

    /** The workloads of {@code project}; broken files and unresolved variables become warnings. */
    static List<Workload> read(RepositoryTree tree, ComposeFiles.Project project, List<String> warnings) {
        String dir = RepositoryTree.parent(project.files().getFirst());
        Map<String, String> variables = EnvFile.read(tree, dir.isEmpty() ? ".env" : dir + "/.env", Map.of());
        ComposeProject compose = new ComposeProject(tree, warnings, variables);
        project.files().forEach(file -> compose.file(file, 0));
        String main = project.files().getFirst();
        Optional<String> addOn = project.addOn()
                ? Optional.of("the optional compose file " + main + " (not part of `docker compose up` by default)")
                : Optional.empty();
        Set<String> profiles = new LinkedHashSet<>(Arrays.asList(variables.getOrDefault("COMPOSE_PROFILES", "").split(",")));
        List<Workload> workloads = new ArrayList<>();
        compose.services.forEach((name, service) -> {
            boolean inactive = !service.profiles.isEmpty() && service.profiles.stream().noneMatch(profiles::contains);
            Optional<String> why = inactive ? Optional.of("only in profile " + String.join(", ", service.profiles)
                    + ", which `docker compose up` does not start by default") : addOn;
            workloads.add(service.workload(name, main, why));
        });
        return workloads;
    }

    private void file(String file, int depth) {
        if (depth > MAX_DEPTH || !read.add(file)) {
            return;
        }
        Optional<String> text = tree.read(file);
        if (text.isEmpty()) {
            warnings.add("warning: " + file + " is named by a compose file but does not exist in the repository");
            return;
        }
        List<Object> documents = YamlFiles.documents(file, text.get(), warnings);
        if (documents == null || documents.isEmpty()) {
            return;
        }
        Map<String, Object> root = map(documents.getFirst());
        String dir = RepositoryTree.parent(file);
        for (Object include : list(root.get("include"))) {
            List<Object> paths = new ArrayList<>();
            text(include).ifPresent(paths::add);
            Object path = map(include).get("path");
            text(path).ifPresent(paths::add);
            paths.addAll(list(path));
            paths.forEach(p -> text(p).flatMap(t -> RepositoryTree.resolve(dir, t)).ifPresent(f -> file(f, depth + 1)));
        }
        map(root.get("services")).forEach((name, value) -> {
            ComposeService service = services.computeIfAbsent(name, n -> new ComposeService(file));
            merge(service, file, name, map(value), depth);
        });
    }

    /** Lays {@code definition} (from {@code file}) over {@code service}: its {@code extends:} base first. */
    private void merge(ComposeService service, String file, String name, Map<String, Object> definition, int depth) {
        Map<String, Object> raw = map(interpolated(definition, file, name));
        String dir = RepositoryTree.parent(file);
        Object extended = raw.get("extends");
        if (extended != null && depth < MAX_DEPTH) {
            String baseName = text(extended).or(() -> text(map(extended).get("service"))).orElse("");
            String baseFile = text(map(extended).get("file")).flatMap(f -> RepositoryTree.resolve(dir, f)).orElse(file);
            tree.read(baseFile).map(t -> YamlFiles.documents(baseFile, t, warnings))
                    .filter(d -> d != null && !d.isEmpty())
                    .map(d -> map(at(d.getFirst(), "services", baseName)))
                    .filter(base -> !base.isEmpty())
                    .ifPresentOrElse(base -> merge(service, baseFile, baseName, base, depth + 1),
                            () -> warnings.add("warning: " + file + " compose service " + name + " extends '" + baseName
                                    + "' in " + baseFile + ", which is not there"));
        }
        text(raw.get("image")).filter(i -> !i.isBlank()).ifPresent(i -> service.image = Optional.of(i));
        Object build = raw.get("build");
        text(build).or(() -> text(map(build).get("context"))).flatMap(context -> RepositoryTree.resolve(dir, context))
                .ifPresent(context -> {
                    service.buildPath = Optional.of(context);
                    String dockerfile = text(map(build).get("dockerfile")).orElse("Dockerfile");
                    service.dockerfile = RepositoryTree.resolve(context, dockerfile).filter(tree::exists);
                    // `context: .` with `dockerfile: services/cart/Dockerfile`: the Dockerfile's folder is the service
                    service.dockerfile.map(RepositoryTree::parent).filter(d -> !d.equals(context))
                            .ifPresent(d -> service.buildPath = Optional.of(d));
                });
        envFiles(raw.get("env_file"), dir, file, name).forEach(service.env::put);
        environment(raw.get("environment"), file, name).forEach(service.env::put);
        list(raw.get("ports")).forEach(p -> containerPort(p).ifPresent(service.ports::add));
        list(raw.get("expose")).forEach(p -> containerPort(p).ifPresent(service.ports::add));
        Object dependsOn = raw.get("depends_on");
        list(dependsOn).forEach(d -> text(d).ifPresent(service.dependsOn::add));
        service.dependsOn.addAll(map(dependsOn).keySet());
        // links: "db" or "db:database" — an edge, and the alias is a host name of the linked service
        list(raw.get("links")).forEach(l -> text(l).ifPresent(link -> service.dependsOn.add(link.split(":")[0])));
        text(raw.get("hostname")).ifPresent(service.aliases::add);
        text(raw.get("container_name")).ifPresent(service.aliases::add);
        map(raw.get("networks")).values().forEach(n -> list(map(n).get("aliases"))
                .forEach(a -> text(a).ifPresent(service.aliases::add)));
        Object command = raw.get("command");
        text(command).ifPresent(c -> service.arguments.addAll(List.of(c.split("\\s+"))));
        list(command).forEach(c -> text(c).ifPresent(service.arguments::add));
        integer(at(raw, "deploy", "replicas")).or(() -> integer(raw.get("scale"))).ifPresent(r -> service.replicas = Optional.of(r));
        list(raw.get("profiles")).forEach(p -> text(p).ifPresent(service.profiles::add));
        if (raw.containsKey("build") || raw.containsKey("image")) {
            service.file = file;
        }
    }

    /** Every string of the definition interpolated; each unresolved variable a warning naming file and service. */
    private Object interpolated(Object value, String file, String service) {
        if (value instanceof String s) {
            return ComposeInterpolation.interpolate(s, variables, problem ->
                    warnings.add("warning: " + file + " compose service " + service + ": " + problem
                            + " (no .env entry or default); left empty"));
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            // YAML merge keys (`<<: *defaults`, common with x- extension fields): the map's own keys win
            Object merged = m.get("<<");
            List<Object> bases = new ArrayList<>(list(merged));
            if (merged instanceof Map<?, ?>) {
                bases.add(merged);
            }
            bases.forEach(base -> map(interpolated(base, file, service)).forEach(copy::putIfAbsent));
            map(m).forEach((k, v) -> {
                if (!k.equals("<<")) {
                    copy.put(k, interpolated(v, file, service));
                }
            });
            return copy;
        }
        if (value instanceof List<?> l) {
            return l.stream().map(v -> interpolated(v, file, service)).toList();
        }
        return value;
    }

    private Map<String, String> envFiles(Object value, String dir, String file, String service) {
        Map<String, String> env = new LinkedHashMap<>();
        List<Object> entries = new ArrayList<>(list(value));
        text(value).ifPresent(entries::add);
        for (Object entry : entries) {
            Optional<String> path = text(entry).or(() -> text(map(entry).get("path")));
            boolean required = !Boolean.FALSE.equals(map(entry).get("required"));
            path.flatMap(p -> RepositoryTree.resolve(dir, p)).ifPresent(p -> {
                if (tree.exists(p)) {
                    env.putAll(EnvFile.read(tree, p, variables));
                } else if (required) {
                    warnings.add("warning: " + file + " compose service " + service + ": env_file " + p
                            + " is not in the repository (a secret kept out of Git?); its variables are unknown");
                }
            });
        }
        return env;
    }

    /** Map or {@code KEY=value} list; a bare {@code KEY} (or a null value) passes the project's variable through. */
    private Map<String, String> environment(Object value, String file, String service) {
        Map<String, String> env = new LinkedHashMap<>();
        if (value instanceof List<?> entries) {
            for (Object entry : entries) {
                text(entry).ifPresent(e -> {
                    int equals = e.indexOf('=');
                    if (equals > 0) {
                        env.put(e.substring(0, equals), e.substring(equals + 1));
                    } else {
                        passThrough(e.trim(), env, file, service);
                    }
                });
            }
        } else {
            map(value).forEach((k, v) -> {
                if (v == null) {
                    passThrough(k, env, file, service);
                } else {
                    text(v).ifPresent(t -> env.put(k, t));
                }
            });
        }
        return env;
    }

    private void passThrough(String variable, Map<String, String> env, String file, String service) {
        if (variables.containsKey(variable)) {
            env.put(variable, variables.get(variable));
        } else if (!variable.isEmpty()) {
            warnings.add("warning: " + file + " compose service " + service + ": environment passes " + variable
                    + " through from the shell, and no .env beside the compose file sets it; its value is unknown");
        }
    }

    /** {@code "8080"}, {@code "8080:80"}, {@code "127.0.0.1:8080:80/tcp"}, {@code 80} or {@code {target: 80}}. */
    private static Optional<Integer> containerPort(Object value) {
        if (value instanceof Map<?, ?> longSyntax) {
            return port(map(longSyntax).get("target"));
        }
        return text(value).flatMap(text -> {
            String withoutProtocol = text.replaceAll("/(tcp|udp)$", "");
            String container = withoutProtocol.substring(withoutProtocol.lastIndexOf(':') + 1);
            return port(container.replaceAll("-.*$", "")); // a range "8000-8002": its first port
        });
    }

    /** A compose service as the merged files describe it. */
    private static final class ComposeService {
        String file;
        Optional<String> image = Optional.empty();
        Optional<String> buildPath = Optional.empty();
        Optional<String> dockerfile = Optional.empty();
        final Map<String, String> env = new LinkedHashMap<>();
        final Set<Integer> ports = new LinkedHashSet<>();
        final Set<String> dependsOn = new LinkedHashSet<>();
        final Set<String> profiles = new LinkedHashSet<>();
        final Set<String> aliases = new LinkedHashSet<>();
        final List<String> arguments = new ArrayList<>();
        Optional<Integer> replicas = Optional.empty();

        ComposeService(String file) {
            this.file = file;
        }

        Workload workload(String name, String main, Optional<String> addOn) {
            List<EdgeEvidence> references = new ArrayList<>(dependsOn.stream()
                    .map(d -> new EdgeEvidence(d, "depends_on in " + main, EdgeEvidence.DECLARED)).toList());
            references.addAll(CommandLine.references(arguments, "command of compose service " + name + " in " + file,
                    Set.of()));
            // a service that builds a directory is that directory's service (RepositoryImport matches the build
            // first): its image is then only where compose pushes it
            return new Workload(ORIGIN, name, file, Optional.empty(), Map.of(), image, List.copyOf(ports), Map.of(),
                    env, Optional.empty(), replicas, false, buildPath, dockerfile, references, addOn, List.copyOf(aliases));
        }
    }
}
