package dev.slipway.server;

import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.GenerationException;
import dev.slipway.generate.SourceTree;
import dev.slipway.generate.Generator;
import dev.slipway.generate.targets.Generators;

import dev.slipway.generate.graph.GraphFormat;
import dev.slipway.generate.graph.GraphRenderer;
import dev.slipway.model.DocPath;
import dev.slipway.model.LoadResult;
import dev.slipway.model.Problem;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.load.SpecLoader;
import dev.slipway.release.plan.PlanJson;
import dev.slipway.release.plan.Planner;
import dev.slipway.release.plan.ReleaseRequest;
import dev.slipway.store.Store;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/** The routes that take a slipway.yaml in the request: validate it, draw its graph, plan a release of it. */
final class SpecRoutes {

    /** The name spec problems are reported against: the request body stands for the spec file. */
    static final String SPEC_FILE = "slipway.yaml";

    private static final List<String> YAML_TYPES = List.of("application/yaml", "application/x-yaml", "text/yaml",
            "text/x-yaml", "text/plain");

    /** The fields of a plan request; any other is refused, so that a typo is not silently ignored. */
    static final Set<String> PLAN_FIELDS = Set.of("spec", "environment", "versions");

    private final Store store;

    SpecRoutes(Store store) {
        this.store = store;
    }

    void validate(Context ctx) {
        LoadResult result = loadResult(yamlBody(ctx));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ok", result.ok());
        body.put("problems", Json.problems(result.problems()));
        ctx.contentType("application/json").result(Json.write(body));
    }

    /**
     * The files {@code slipway generate} writes, as {@code {"targets":[..],"files":[{"path","content"}]}}: the
     * spec's default targets, or {@code ?targets=github,kubernetes} / {@code all}. Nothing is written anywhere.
     */
    void generate(Context ctx) {
        Generation generation = generation(ctx);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("targets", generation.targets());
        body.put("files", generation.files().stream().map(f -> Map.of("path", f.path(), "content", f.content()))
                .toList());
        ctx.contentType("application/json").result(Json.write(body));
    }

    /** What {@code slipway generate} would write for a spec: the targets it ran and their files, sorted by path. */
    record Generation(List<String> targets, List<GeneratedFile> files) {
    }

    /** The generation a request asks for: the spec in the body (YAML), the targets in {@code ?targets=}. */
    static Generation generation(Context ctx) {
        return generation(ctx, spec -> SourceTree.none());
    }

    /** As {@link #generation(Context)}, the generators reading the services' own files from {@code sources}. */
    static Generation generation(Context ctx, Function<SystemSpec, SourceTree> sources) {
        SystemSpec spec = load(yamlBody(ctx));
        String targets = ctx.queryParam("targets");
        List<Generator> generators;
        if (targets == null || targets.isBlank()) {
            generators = Generators.defaultsFor(spec);
        } else {
            List<String> unknown = new ArrayList<>();
            generators = Generators.parse(targets, unknown);
            if (!unknown.isEmpty() || generators.isEmpty()) {
                throw ApiProblem.badRequest("unknown target" + (unknown.size() == 1 ? " " : "s ")
                        + Input.printable(String.join(", ", unknown)) + "; targets is a comma-separated list of: "
                        + String.join(", ", Generators.targets()) + ", or all");
            }
        }
        try {
            return new Generation(generators.stream().map(Generator::target).toList(),
                    Generators.run(spec, sources.apply(spec), generators));
        } catch (GenerationException e) {
            throw ApiProblem.invalidRequest(e.getMessage() + (e.hint() == null ? "" : "; " + e.hint()), List.of());
        }
    }

    void graph(Context ctx) {
        SystemSpec spec = load(yamlBody(ctx));
        ctx.contentType("application/json").result(GraphRenderer.render(spec, GraphFormat.JSON));
    }

    /**
     * A plan against what the store says runs in the environment. A refused release is still a plan answer
     * (200, {@code ok: false} with its errors, as {@code slipway plan} prints it); a spec that does not load is 422.
     */
    void plan(Context ctx) {
        JsonNode request = Input.object(ctx, PLAN_FIELDS);
        String specText = text(request, "spec");
        String environment = Input.name("environment", text(request, "environment"));
        Targets targets = targets(request);
        SystemSpec spec = load(specText);
        var result = Planner.plan(spec, store.inventories().read(environment),
                new ReleaseRequest(environment, targets.versions(), targets.digests()));
        ctx.contentType("application/json").result(PlanJson.render(result));
    }

    /** What a request asks to release: {@code versions}, each {@code VERSION} or {@code VERSION@sha256:...}. */
    record Targets(Map<String, String> versions, Map<String, String> digests) {
    }

    static Targets targets(JsonNode request) {
        JsonNode versions = request.get("versions");
        if (versions == null || !versions.isObject() || versions.isEmpty()) {
            throw ApiProblem.badRequest("versions must be an object of at least one service → version, "
                    + "e.g. {\"catalog\": \"2.0.0\"}");
        }
        Map<String, String> targets = new LinkedHashMap<>();
        Map<String, String> digests = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : versions.properties()) {
            String service = Input.name("the service " + Input.printable(entry.getKey()) + " in versions",
                    entry.getKey());
            if (!entry.getValue().isString() || entry.getValue().asString().isBlank()) {
                throw ApiProblem.badRequest("versions." + service + " must be a version string, e.g. \"2.0.0\"");
            }
            // a version may be pinned to the image CI built, as with `slipway plan --set SVC=VERSION@sha256:...`
            String pinned = Input.text("versions." + service, entry.getValue().asString(), 256).strip();
            int at = pinned.indexOf('@');
            targets.put(service, Input.version("versions." + service, at < 0 ? pinned : pinned.substring(0, at)));
            if (at >= 0) {
                String digest = pinned.substring(at + 1);
                if (ReleaseRequest.isDigest(digest)) {
                    digests.put(service, digest);
                } else {
                    problems.add(new Problem(Problem.Severity.ERROR, "request", 0, 0, DocPath.of("versions", service),
                            "\"" + digest + "\" is not an image digest",
                            Optional.of("write VERSION@sha256:<64 lowercase hex digits>, or leave the digest out")));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.invalidRequest("a version's image digest is malformed", problems);
        }
        return new Targets(targets, digests);
    }

    /** The spec loaded, unless it is too large to load on a shared server ({@link SpecSize}). */
    static LoadResult loadResult(String text) {
        return SpecSize.refuse(text, SPEC_FILE).orElseGet(() -> SpecLoader.load(text, SPEC_FILE));
    }

    private static SystemSpec load(String text) {
        LoadResult result = loadResult(text);
        return result.spec().orElseThrow(() -> ApiProblem.invalidSpec(result.problems()));
    }

    static String text(JsonNode request, String field) {
        JsonNode node = request.get(field);
        if (node == null || !node.isString()) {
            throw ApiProblem.badRequest(field + " is required and must be a string");
        }
        return node.asString();
    }

    private static String yamlBody(Context ctx) {
        String type = mediaType(ctx);
        if (!YAML_TYPES.contains(type)) {
            throw ApiProblem.unsupportedMediaType("send the slipway.yaml text as application/yaml (got "
                    + (type.isEmpty() ? "no Content-Type" : Input.printable(type)) + ")");
        }
        return ctx.body();
    }

    /** 415 unless the body is {@code application/json}; {@link Input#object} parses it. */
    static void requireJson(Context ctx) {
        String type = mediaType(ctx);
        if (!type.equals("application/json")) {
            throw ApiProblem.unsupportedMediaType("send application/json (got "
                    + (type.isEmpty() ? "no Content-Type" : Input.printable(type)) + ")");
        }
    }

    /** The request's media type without parameters ({@code charset}), lower case; empty when none was sent. */
    private static String mediaType(Context ctx) {
        String type = ctx.contentType();
        if (type == null) {
            return "";
        }
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
