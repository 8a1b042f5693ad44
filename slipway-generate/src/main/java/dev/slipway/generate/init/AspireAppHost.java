package dev.slipway.generate.init;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A .NET Aspire AppHost project describes the whole graph in C#: {@code AddProject<Projects.Catalog_Api>("catalog")}
 * is a service built from that project, {@code AddRedis("cache")}, {@code AddPostgres("pg")},
 * {@code AddRabbitMQ("bus")} ... are datastores run from Aspire's default images, {@code AddDatabase("db")} on one
 * of them is part of it, {@code AddContainer("name", "image", "tag")} is an external image, and
 * {@code .WithReference(x)} / {@code .WaitFor(x)} are edges. The AppHost itself is not a service.
 */
final class AspireAppHost {

    static final String ORIGIN = "Aspire resource";
    private static final Pattern STATEMENT_VAR = Pattern.compile("^\\s*(?:var|IResourceBuilder<[^>]+>)\\s+(\\w+)\\s*=\\s*(.*)$",
            Pattern.DOTALL);
    private static final Pattern ADD = Pattern.compile("\\.Add(\\w+)(?:<([\\w.]+)>)?\\(\\s*(?:name:\\s*)?\"([^\"]+)\"([^)]*)\\)");
    private static final Pattern EDGE = Pattern.compile(
            "\\.(?:WithReference|WaitFor|WaitForCompletion)\\(\\s*(\\w+)|\\.WithEnvironment\\(\\s*\"([^\"]*)\"\\s*,\\s*(\\w+)");
    /** An endpoint handed to a resource declared earlier, under a name like this, is a callback (redirect URIs). */
    private static final Pattern CALLBACK = Pattern.compile("(?i).*(client|callback|redirect|webhook|return).*");
    private static final Pattern IMAGE = Pattern.compile("\\.WithImage\\(\\s*\"([^\"]+)\"(?:\\s*,\\s*\"([^\"]+)\")?\\s*\\)");
    private static final Pattern IMAGE_TAG = Pattern.compile("\\.WithImageTag\\(\\s*\"([^\"]+)\"\\s*\\)");
    private static final Pattern RECEIVER = Pattern.compile("^\\s*(\\w+)\\s*\\.");
    private static final Pattern STRING = Pattern.compile("\"([^\"]*)\"");
    /** Aspire's hosting integrations and the images they run by default (Aspire 9). */
    private static final Map<String, String> IMAGES = Map.ofEntries(
            Map.entry("Redis", "redis:7.4"), Map.entry("Valkey", "valkey/valkey:8.0"),
            Map.entry("Garnet", "ghcr.io/microsoft/garnet:1.0"), Map.entry("Postgres", "postgres:17.0"),
            Map.entry("MySql", "mysql:9.1"), Map.entry("SqlServer", "mcr.microsoft.com/mssql/server:2022-CU16-ubuntu-22.04"),
            Map.entry("MongoDB", "mongo:8.0"), Map.entry("RabbitMQ", "rabbitmq:4.0-management"),
            Map.entry("Kafka", "confluentinc/confluent-local:7.8.0"), Map.entry("Nats", "nats:2.10"),
            Map.entry("Elasticsearch", "elasticsearch:8.16.0"), Map.entry("Milvus", "milvusdb/milvus:v2.4.17"),
            Map.entry("Qdrant", "qdrant/qdrant:v1.12.1"), Map.entry("Seq", "datalust/seq:2024.3"),
            Map.entry("Keycloak", "quay.io/keycloak/keycloak:26.0"));
    private static final Set<String> CHILDREN = Set.of("Database", "Queue", "Topic", "Bucket", "Container");

    private AspireAppHost() {
    }

    /** Whether a project file is an Aspire AppHost. */
    static boolean isAppHost(String csproj) {
        return csproj.contains("Aspire.AppHost.Sdk") || csproj.matches("(?s).*<IsAspireHost>\\s*true\\s*</IsAspireHost>.*");
    }

    /** The resources of every AppHost in the repository, as workloads. */
    static List<Workload> read(RepositoryTree tree, List<String> warnings) {
        List<Workload> workloads = new ArrayList<>();
        for (String project : tree.files()) {
            if (project.endsWith(".csproj") && tree.read(project).filter(AspireAppHost::isAppHost).isPresent()) {
                String dir = RepositoryTree.parent(project);
                tree.files().stream().filter(f -> RepositoryTree.parent(f).equals(dir) && f.endsWith(".cs"))
                        .forEach(f -> tree.read(f).ifPresent(text -> workloads.addAll(program(tree, f, text, warnings))));
            }
        }
        return workloads;
    }

    private static List<Workload> program(RepositoryTree tree, String file, String text, List<String> warnings) {
        String code = text.replaceAll("(?m)//.*$", "");
        Map<String, String> resourceOfVariable = new LinkedHashMap<>();
        Map<String, Resource> resources = new LinkedHashMap<>();
        for (String statement : code.split(";")) {
            Matcher declared = STATEMENT_VAR.matcher(statement);
            String variable = declared.matches() ? declared.group(1) : null;
            String chain = declared.matches() ? declared.group(2) : statement;
            Matcher receiver = RECEIVER.matcher(chain);
            String current = receiver.find() ? resourceOfVariable.get(receiver.group(1)) : null;
            Matcher add = ADD.matcher(chain);
            int position = 0;
            while (add.find(position)) {
                String kind = add.group(1);
                String name = add.group(3);
                if (CHILDREN.contains(kind) && current != null) {
                    // a database inside a server: references to it are references to the server
                } else if (kind.equals("Project") || IMAGES.containsKey(kind) || kind.equals("Container")
                        || kind.equals("Dockerfile") || kind.endsWith("App")) {
                    Resource resource = new Resource(name, kind, add.group(2), STRING.matcher(add.group(4)).results()
                            .map(m -> m.group(1)).toList());
                    resources.put(name, resource);
                    current = name;
                }
                position = add.end();
            }
            Matcher edge = EDGE.matcher(chain);
            while (edge.find()) {
                String target = resourceOfVariable.get(edge.group(1) != null ? edge.group(1) : edge.group(3));
                if (current != null && target != null && !target.equals(current)) {
                    int strength = edge.group(1) != null ? EdgeEvidence.DECLARED
                            : CALLBACK.matcher(edge.group(2)).matches() ? EdgeEvidence.CALLBACK : EdgeEvidence.ENV;
                    resources.get(current).references().merge(target, strength, Math::max);
                }
            }
            if (variable != null && current != null) {
                resourceOfVariable.put(variable, current); // a resource, or one of its endpoints or databases
            }
            if (current != null) {
                Resource resource = resources.get(current);
                Matcher image = IMAGE.matcher(chain);
                if (image.find()) {
                    resource.image()[0] = image.group(1);
                    resource.image()[1] = image.group(2) != null ? image.group(2) : "latest";
                }
                Matcher tag = IMAGE_TAG.matcher(chain);
                if (tag.find()) {
                    resource.image()[1] = tag.group(1);
                }
            }
        }
        List<Workload> workloads = new ArrayList<>();
        resources.values().forEach(r -> workload(tree, file, r, warnings).ifPresent(workloads::add));
        return workloads;
    }

    /** {@code image} holds a {@code WithImage}/{@code WithImageTag} override: repository, tag (null when none). */
    private record Resource(String name, String kind, String type, List<String> arguments,
                            Map<String, Integer> references, String[] image) {
        Resource(String name, String kind, String type, List<String> arguments) {
            this(name, kind, type, arguments, new LinkedHashMap<>(), new String[2]);
        }
    }

    private static Optional<Workload> workload(RepositoryTree tree, String file, Resource resource, List<String> warnings) {
        Optional<String> image = Optional.ofNullable(IMAGES.get(resource.kind())).map(i -> {
            String repository = resource.image()[0] != null ? resource.image()[0] : KnownImages.repository(i);
            String tag = resource.image()[1] != null ? resource.image()[1] : ImagePins.tag(i);
            return repository + ":" + tag;
        });
        Optional<String> buildPath = Optional.empty();
        String dir = RepositoryTree.parent(file);
        switch (resource.kind()) {
            case "Project" -> {
                buildPath = project(tree, resource, dir);
                if (buildPath.isEmpty()) {
                    warnings.add("warning: " + file + " adds the project " + resource.name() + " ("
                            + resource.type() + "), which init cannot find in the repository");
                    return Optional.empty();
                }
            }
            case "Container" -> image = resource.arguments().isEmpty() ? Optional.empty()
                    : Optional.of(resource.arguments().getFirst()
                            + (resource.arguments().size() > 1 ? ":" + resource.arguments().get(1) : ""));
            default -> {
                if (image.isEmpty() && !resource.arguments().isEmpty()) {
                    buildPath = RepositoryTree.resolve(dir, resource.arguments().getFirst()); // AddNpmApp("web", "../web")
                }
            }
        }
        List<EdgeEvidence> references = resource.references().entrySet().stream()
                .map(r -> new EdgeEvidence(r.getKey(), "WithReference/WaitFor/WithEnvironment in " + file, r.getValue()))
                .toList();
        List<Integer> ports = image.flatMap(KnownImages::datastore).map(d -> List.of(d.port())).orElse(List.of());
        return Optional.of(new Workload(ORIGIN, resource.name(), file, Optional.empty(), Map.of(), image, ports, Map.of(),
                Map.of(), Optional.empty(), Optional.empty(), image.flatMap(KnownImages::datastore).isPresent(), buildPath,
                Optional.empty(), references, Optional.empty(), List.of()));
    }

    /** {@code Projects.Catalog_Api} is the project file {@code Catalog.Api.csproj}; a path argument names it directly. */
    private static Optional<String> project(RepositoryTree tree, Resource resource, String dir) {
        if (resource.type() != null) {
            String type = resource.type().replaceFirst("^Projects\\.", "");
            return tree.files().stream().filter(f -> f.endsWith(".csproj") || f.endsWith(".fsproj"))
                    .filter(f -> RepositoryTree.fileName(f).replaceAll("\\.[cf]sproj$", "").replaceAll("[.-]", "_")
                            .equals(type))
                    .map(RepositoryTree::parent).findFirst();
        }
        return resource.arguments().stream().filter(a -> a.endsWith("proj")).findFirst()
                .flatMap(a -> RepositoryTree.resolve(dir, a.replace('\\', '/'))).map(RepositoryTree::parent);
    }
}
