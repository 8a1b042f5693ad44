package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.slipway.release.Deployed;
import dev.slipway.release.Inventory;
import dev.slipway.store.Deployment;
import dev.slipway.store.Store;
import dev.slipway.store.StoredRelease;
import dev.slipway.store.StoredRollout;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API against a real server on a free port, over real HTTP, with a real H2 store behind it. Every response
 * is validated against the schema the OpenAPI document gives for its route and status, and at the end every
 * documented route and status must have been seen: the document and the server cannot drift apart unnoticed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiTest {

    private static final String SPEC = """
            system:
              name: minimal
              registry: ghcr.io/acme/minimal
            environments:
              - name: staging
              - name: production
                promoteFrom: staging
            services:
              web:
                path: web
                language: node
                port: 3000
                dependsOn:
                  api: "^2.1"
              api:
                path: api
                language: go
                port: 8080
                dependsOn:
                  db: ">=16 <17"
              db:
                image: postgres:16.4-alpine
                port: 5432
            """;
    private static final String DIGEST = "sha256:" + "a".repeat(64);
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private Path dataDir;

    private Store store;
    private SlipwayServer server;
    private final List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private JsonNode openApi;
    /** "METHOD /template STATUS" of every response seen, to prove the document's responses were all exercised. */
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    record Response(int status, String contentType, String body) {
        JsonNode json() {
            return Json.MAPPER.readTree(body);
        }
    }

    @BeforeAll
    void start(@TempDir Path dir) throws IOException {
        dataDir = dir;
        store = Store.h2(dataDir.resolve("data"));
        store.inventories().replace(new Inventory("production", Map.of(
                "web", Deployed.stable("web", "1.0.0"),
                "api", Deployed.stable("api", "2.1.0").withDigest(DIGEST),
                "db", Deployed.stable("db", "16.4.0"))), T0);
        store.releases().save(new StoredRelease("r-production-1", "production", "succeeded", "slipway.yaml",
                Map.of("api", "2.1.0"), Map.of("api", DIGEST), T0, T0.plusSeconds(600), Optional.of("succeeded"),
                List.of(new StoredRollout("api", Optional.of("2.0.0"), "2.1.0", Optional.of("promoted"),
                        Optional.of(T0), Optional.of(T0.plusSeconds(600))))));
        store.releases().save(new StoredRelease("r-staging-2", "staging", "running", "slipway.yaml",
                Map.of("web", "1.1.0"), Map.of(), T0.plusSeconds(3600), T0.plusSeconds(3600), Optional.empty(),
                List.of(StoredRollout.pending("web", Optional.of("1.0.0"), "1.1.0"))));
        store.deployments().record(new Deployment("production", "api", "2.1.0", Optional.of(DIGEST),
                Optional.of("r-production-1"), Optional.of("abc123"), Optional.of(T0.minusSeconds(3600)), T0,
                Optional.of(T0.plusSeconds(600)), "promoted"));
        store.deployments().record(new Deployment("production", "db", "16.4.0", Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), T0.plusSeconds(86_400), Optional.empty(), "failed"));
        server = new SlipwayServer(store, log::add).start(0);
        openApi = Json.MAPPER.readTree(call("GET", "/api/v1/openapi.json", "/api/v1/openapi.json").body());
        call("GET", "/api/v1/openapi.json", "/api/v1/openapi.json"); // again, checked against itself now
    }

    @AfterAll
    void stop() {
        server.close();
        store.close();
    }

    @Test
    void healthAndReadiness() {
        assertThat(call("GET", "/healthz", "/healthz").json().get("status").asString()).isEqualTo("up");
        assertThat(call("GET", "/readyz", "/readyz").status()).isEqualTo(200);
    }

    @Test
    void notReadyWhenTheDatabaseIsGone() {
        Store gone = Store.h2(dataDir.resolve("gone"));
        try (SlipwayServer other = new SlipwayServer(gone, line -> { }).start(0)) {
            gone.close();
            Response ready = call(other, "GET", "/readyz", "/readyz", null, null);
            assertProblem(ready, 503, "unavailable");
            // alive all the same: the process answers, only its database does not
            assertThat(call(other, "GET", "/healthz", "/healthz", null, null).status()).isEqualTo(200);
        }
    }

    @Test
    void validateListsEveryProblemWithItsPlace() {
        assertThat(post("/api/v1/systems/validate", "application/yaml", SPEC).json().get("ok").asBoolean()).isTrue();
        Response bad = post("/api/v1/systems/validate", "application/yaml; charset=utf-8",
                SPEC.replace("\"^2.1\"", "\"banana\"").replace("port: 3000", "prot: 3000"));
        assertThat(bad.status()).isEqualTo(200);
        JsonNode problems = bad.json().get("problems");
        assertThat(bad.json().get("ok").asBoolean()).isFalse();
        assertThat(problems.size()).as(bad.body()).isGreaterThanOrEqualTo(2);
        JsonNode unknownKey = find(problems, "path", "services.web.prot");
        assertThat(unknownKey.get("file").asString()).isEqualTo("slipway.yaml");
        assertThat(unknownKey.get("line").asInt()).isEqualTo(12);
        assertThat(unknownKey.get("column").asInt()).isEqualTo(5);
        assertThat(unknownKey.get("hint").asString()).contains("port");
        assertThat(find(problems, "path", "services.web.dependsOn.api").get("message").asString()).contains("banana");

        assertProblem(post("/api/v1/systems/validate", "application/json", "{}"), 415, "unsupported-media-type");
        assertProblem(post("/api/v1/systems/validate", null, SPEC), 415, "unsupported-media-type");
    }

    @Test
    void hostileYamlIsAnAnswerNeverA500() {
        String aliasBomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + java.util.stream.IntStream.range(1, 12)
                .mapToObj(i -> (char) ('a' + i) + ": &" + (char) ('a' + i) + " [*" + (char) ('a' + i - 1)
                        + ", *" + (char) ('a' + i - 1) + ", *" + (char) ('a' + i - 1) + "]")
                .collect(java.util.stream.Collectors.joining("\n")) + "\n";
        List<String> bodies = List.of("", "\t- tab\n", "[".repeat(5000), "{a: 1, a: 2}\n", aliasBomb,
                "system: !!python/object:os.system [ls]\n", "\u0000\u0001\uFFFF", "--- 1\n--- 2\n", "~\n",
                "services:\n  x: {dependsOn: {x: \"^1\"}}\n");
        for (String body : bodies) {
            Response validated = post("/api/v1/systems/validate", "application/yaml", body);
            assertThat(validated.status()).as(body).isEqualTo(200);
            assertThat(validated.json().get("ok").asBoolean()).as(body).isFalse();
            assertProblem(post("/api/v1/systems/graph", "application/yaml", body), 422, "invalid-spec");
        }
    }

    @Test
    void graphIsTheCliContract() {
        JsonNode graph = post("/api/v1/systems/graph", "application/yaml", SPEC).json();
        assertThat(graph.get("services").findValuesAsString("name")).containsExactly("web", "api", "db");
        assertThat(graph.get("edges").get(0).toString())
                .isEqualTo("{\"from\":\"web\",\"to\":\"api\",\"range\":\"^2.1\"}");
        assertThat(graph.get("services").get(2).get("language").isNull()).isTrue();

        Response invalid = post("/api/v1/systems/graph", "text/yaml", "system: {}\nservices: [1]\n");
        assertProblem(invalid, 422, "invalid-spec");
        assertThat(invalid.json().get("problems").size()).isGreaterThan(0);
        assertThat(invalid.json().get("problems").get(0).get("line").asInt()).isPositive();
        assertProblem(post("/api/v1/systems/graph", "application/x-www-form-urlencoded", SPEC), 415,
                "unsupported-media-type");
    }

    @Test
    void planAgainstTheStoredInventory() {
        JsonNode plan = post("/api/v1/plans", "application/json", planRequest("production",
                Map.of("api", "2.2.0@" + "sha256:" + "b".repeat(64)))).json();
        assertThat(plan.get("ok").asBoolean()).isTrue();
        JsonNode api = plan.get("services").get(0);
        assertThat(api.get("name").asString()).isEqualTo("api");
        assertThat(api.get("from").asString()).isEqualTo("2.1.0"); // what the store says runs in production
        assertThat(api.get("to").asString()).isEqualTo("2.2.0");

        // staging has no stored inventory: planned as empty, so web cannot go without api
        JsonNode refused = post("/api/v1/plans", "application/json",
                planRequest("staging", Map.of("web", "1.1.0"))).json();
        assertThat(refused.get("ok").asBoolean()).isFalse();
        assertThat(refused.get("errors").get(0).get("message").asString()).contains("api does not run in staging");

        // production's web needs api ^2.1: api 3.0.0 is refused with the range check that failed
        JsonNode breaking = post("/api/v1/plans", "application/json",
                planRequest("production", Map.of("api", "3.0.0"))).json();
        assertThat(breaking.get("ok").asBoolean()).isFalse();
        assertThat(breaking.get("checks").toString()).contains("\"ok\":false");
    }

    @Test
    void planRefusesBadInputWithProblems() {
        assertProblem(post("/api/v1/plans", "application/json", "{\"spec\": "), 400, "bad-request");
        assertProblem(post("/api/v1/plans", "application/json", "[1, 2]"), 400, "bad-request");
        assertProblem(post("/api/v1/plans", "application/json", "{\"spec\": \"x\", \"environment\": 3, "
                + "\"versions\": {\"api\": \"1.0.0\"}}"), 400, "bad-request");
        assertProblem(post("/api/v1/plans", "application/json",
                planRequest("production", Map.of())), 400, "bad-request");
        assertProblem(post("/api/v1/plans", "application/yaml", SPEC), 415, "unsupported-media-type");

        ObjectNode invalidSpec = (ObjectNode) Json.MAPPER.readTree(planRequest("production", Map.of("api", "2.2.0")));
        invalidSpec.put("spec", "services:\n  api:\n    dependsOn: {nowhere: \"^1\"}\n");
        Response unloadable = post("/api/v1/plans", "application/json", invalidSpec.toString());
        assertProblem(unloadable, 422, "invalid-spec");
        assertThat(unloadable.json().get("problems").toString()).contains("nowhere");

        Response badDigest = post("/api/v1/plans", "application/json",
                planRequest("production", Map.of("api", "2.2.0@sha256:nope")));
        assertProblem(badDigest, 422, "invalid-request");
        assertThat(badDigest.json().get("problems").get(0).get("path").asString()).isEqualTo("versions.api");
    }

    @Test
    void oversizedBodiesAreRefusedEverywhere() {
        String huge = "#" + "x".repeat((int) SlipwayServer.MAX_BODY_BYTES) + "\n";
        assertProblem(post("/api/v1/systems/validate", "application/yaml", huge), 413, "content-too-large");
        assertProblem(post("/api/v1/systems/graph", "application/yaml", huge), 413, "content-too-large");
        assertProblem(post("/api/v1/plans", "application/json", "{\"spec\":\"" + huge.trim() + "\"}"), 413,
                "content-too-large");
        // a body just under the limit is read and judged on its content
        // (comment lines of 80 bytes: one 1 MiB line costs the YAML scanner seconds, which is not what is tested here)
        String line = "#" + "x".repeat(78) + "\n";
        String big = line.repeat(((int) SlipwayServer.MAX_BODY_BYTES - 2 * SPEC.length()) / line.length()) + SPEC;
        assertThat(post("/api/v1/systems/validate", "application/yaml", big).json().get("ok").asBoolean()).isTrue();
    }

    @Test
    void inventoryIsTheStatusContract() {
        JsonNode inventory = get("/api/v1/environments/{env}/inventory", "/api/v1/environments/production/inventory")
                .json();
        assertThat(inventory.get("environment").asString()).isEqualTo("production");
        assertThat(inventory.get("services").findValuesAsString("name")).containsExactly("api", "db", "web");
        JsonNode api = inventory.get("services").get(0);
        assertThat(api.get("digest").asString()).isEqualTo(DIGEST);
        assertThat(api.get("tracks").get(0).toString())
                .isEqualTo("{\"track\":\"stable\",\"version\":\"2.1.0\",\"weight\":100}");
        assertThat(inventory.get("lastRelease").toString())
                .isEqualTo("{\"release\":\"r-production-1\",\"state\":\"succeeded\"}");

        // known from its release alone: nothing runs there yet
        JsonNode staging = get("/api/v1/environments/{env}/inventory", "/api/v1/environments/staging/inventory")
                .json();
        assertThat(staging.get("services").size()).isZero();
        assertThat(staging.get("lastRelease").get("state").asString()).isEqualTo("running");

        assertProblem(get("/api/v1/environments/{env}/inventory", "/api/v1/environments/prodution/inventory"), 404,
                "not-found");
    }

    @Test
    void historyFiltersByServiceAndTime() {
        JsonNode all = get("/api/v1/history", "/api/v1/history?environment=production").json().get("deployments");
        assertThat(all.findValuesAsString("service")).containsExactly("api", "db");
        assertThat(all.get(0).get("commitSha").asString()).isEqualTo("abc123");
        assertThat(all.get(0).get("started").asString()).isEqualTo(T0.toString());
        assertThat(all.get(1).get("finished").isNull()).isTrue();
        assertThat(get("/api/v1/history", "/api/v1/history?environment=production&service=db").json()
                .get("deployments").findValuesAsString("service")).containsExactly("db");
        assertThat(get("/api/v1/history", "/api/v1/history?environment=production&since=2026-03-01T10:00:01Z").json()
                .get("deployments").findValuesAsString("service")).containsExactly("db");
        assertThat(get("/api/v1/history", "/api/v1/history?environment=qa").json().get("deployments").size()).isZero();

        assertProblem(get("/api/v1/history", "/api/v1/history"), 400, "bad-request");
        assertProblem(get("/api/v1/history", "/api/v1/history?environment=production&since=yesterday"), 400,
                "bad-request");
    }

    @Test
    void releasesListedAndFound() {
        assertThat(get("/api/v1/releases", "/api/v1/releases").json().get("releases").findValuesAsString("id"))
                .containsExactly("r-production-1", "r-staging-2");
        assertThat(get("/api/v1/releases", "/api/v1/releases?environment=staging").json().get("releases")
                .findValuesAsString("id")).containsExactly("r-staging-2");

        JsonNode release = get("/api/v1/releases/{id}", "/api/v1/releases/r-production-1").json();
        assertThat(release.get("outcome").asString()).isEqualTo("succeeded");
        assertThat(release.get("digests").get("api").asString()).isEqualTo(DIGEST);
        assertThat(release.get("rollouts").get(0).get("from").asString()).isEqualTo("2.0.0");

        Response missing = get("/api/v1/releases/{id}", "/api/v1/releases/r-nowhere-9");
        assertProblem(missing, 404, "not-found");
        assertThat(missing.json().get("instance").asString()).isEqualTo("/api/v1/releases/r-nowhere-9");
    }

    @Test
    void unknownRoutesAndMethodsAreProblemsToo() {
        assertProblem(call(server, "GET", null, "/api/v1/nothing", null, null), 404, "not-found");
        assertProblem(call(server, "DELETE", null, "/api/v1/releases/r-production-1", null, null), 404, "not-found");
    }

    @Test
    void metricsCountAndTimeEachRoute() {
        get("/api/v1/releases/{id}", "/api/v1/releases/r-production-1");
        get("/api/v1/releases/{id}", "/api/v1/releases/r-staging-2");
        Response metrics = get("/metrics", "/metrics");
        assertThat(metrics.contentType()).startsWith("text/plain");
        // one series per route template, not per release id
        assertThat(metrics.body())
                .containsPattern("slipway_api_requests_seconds_count\\{method=\"GET\",route=\"/api/v1/releases/\\{id}\","
                        + "status=\"200\"} [2-9]")
                .contains("slipway_api_requests_seconds_bucket{method=\"GET\",route=\"/api/v1/releases/{id}\"")
                .doesNotContain("r-production-1");
    }

    @Test
    void oneLogLinePerRequestWithoutBodies() {
        post("/api/v1/plans", "application/json", planRequest("production", Map.of("api", "2.2.0")));
        get("/api/v1/history", "/api/v1/history?environment=production&service=api");
        List<JsonNode> lines = log.stream().map(Json.MAPPER::readTree).toList();
        JsonNode plan = lines.stream().filter(l -> l.get("path").asString().equals("/api/v1/plans")).findFirst()
                .orElseThrow();
        assertThat(plan.get("method").asString()).isEqualTo("POST");
        assertThat(plan.get("status").asInt()).isEqualTo(200);
        assertThat(plan.get("durationMs").isNumber()).isTrue();
        assertThat(String.join("\n", log)).doesNotContain("registry").doesNotContain("service=api");
    }

    @Test
    void everyRegisteredRouteIsDocumentedAndViceVersa() {
        Set<String> documented = new TreeSet<>();
        openApi.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation ->
                documented.add(operation.getKey().toUpperCase() + " " + path.getKey())));
        assertThat(new TreeSet<>(server.routes())).isEqualTo(documented);
    }

    /** After every test: a check over every response seen (it reads only memory, so its order with stop() is free). */
    @AfterAll
    void everyDocumentedResponseWasExercised() {
        Set<String> documented = new TreeSet<>();
        openApi.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation ->
                operation.getValue().get("responses").properties().stream()
                        .filter(status -> !status.getKey().equals("default"))
                        .forEach(status -> documented.add(operation.getKey().toUpperCase() + " " + path.getKey()
                                + " " + status.getKey()))));
        assertThat(new TreeSet<>(seen)).containsAll(documented);
    }

    // ---- helpers

    private Response get(String template, String path) {
        return call("GET", template, path);
    }

    private Response post(String template, String contentType, String body) {
        return call(server, "POST", template, template, contentType, body);
    }

    private Response call(String method, String template, String path) {
        return call(server, method, template, path, null, null);
    }

    /**
     * One real request; the response is checked against the document's schema for {@code template} and its
     * status ({@code template} null: a path no route matches, checked against the generic problem).
     */
    private Response call(SlipwayServer target, String method, String template, String path, String contentType,
                          String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<String> answer;
        try {
            answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        Response response = new Response(answer.statusCode(),
                answer.headers().firstValue("Content-Type").orElse(""), answer.body());
        if (openApi != null) {
            conforms(method, template, response);
        }
        return response;
    }

    /** The response body against the schema the document declares for the route, status and content type. */
    private void conforms(String method, String template, Response response) {
        // a path no route matches has no operation: it gets the problem every operation's default answers
        JsonNode responses = template == null ? Json.MAPPER.readTree("""
                {"default": {"content": {"application/problem+json": {"schema":
                    {"$ref": "#/components/schemas/Problem"}}}}}""")
                : openApi.get("paths").get(template).get(method.toLowerCase()).get("responses");
        assertThat(responses).as("%s %s is documented", method, template).isNotNull();
        String status = Integer.toString(response.status());
        JsonNode declared = responses.has(status) ? responses.get(status) : responses.get("default");
        assertThat(declared).as("%s %s answers %s, which is not documented", method, template, status).isNotNull();
        String mediaType = response.contentType().split(";")[0].trim();
        JsonNode content = declared.get("content").get(mediaType);
        assertThat(content).as("%s %s %s answers %s", method, template, status, mediaType).isNotNull();
        if (template != null) {
            seen.add(method + " " + template + " " + status);
        }
        if (!mediaType.endsWith("json")) {
            return;
        }
        ObjectNode schema = ((ObjectNode) content.get("schema")).deepCopy();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.set("components", openApi.get("components")); // so that #/components/schemas/... resolves
        Schema validator = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schema);
        List<Error> errors = new ArrayList<>(validator.validate(Json.MAPPER.readTree(response.body())));
        assertThat(errors).as("%s %s %s body %s", method, template, status, response.body()).isEmpty();
    }

    private static void assertProblem(Response response, int status, String type) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asString()).isEqualTo(ApiProblem.TYPES + type);
        assertThat(problem.get("detail").asString()).isNotBlank();
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode node : array) {
            if (node.get(field).asString().equals(value)) {
                return node;
            }
        }
        throw new AssertionError("no " + field + " = " + value + " in " + array);
    }

    private static String planRequest(String environment, Map<String, String> versions) {
        ObjectNode request = Json.MAPPER.createObjectNode();
        request.put("spec", SPEC);
        request.put("environment", environment);
        ObjectNode targets = request.putObject("versions");
        versions.forEach(targets::put);
        return request.toString();
    }
}
