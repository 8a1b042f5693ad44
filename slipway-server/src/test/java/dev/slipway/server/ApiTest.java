package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.slipway.release.Deployed;
import dev.slipway.release.Inventory;
import dev.slipway.release.ShopFixture;
import dev.slipway.run.ClusterAccess;
import dev.slipway.run.ReleaseRecord;
import dev.slipway.run.ReleaseRecords;
import dev.slipway.run.ReleaseService;
import dev.slipway.store.AuditEntry;
import dev.slipway.release.dora.Deployment;
import dev.slipway.store.IssuedToken;
import dev.slipway.store.Store;
import dev.slipway.store.StoredRelease;
import dev.slipway.store.StoredRollout;
import dev.slipway.store.auth.Action;
import dev.slipway.store.auth.FailedAuthentications;
import dev.slipway.store.auth.Role;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
 * Requests carry an admin token unless a test says otherwise; the matrix test walks every route with every kind of
 * caller, which is also what produces the documented 401, 403 and 429 of each operation.
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
    /** The server's clock: fixed, so that the DORA window's contents do not depend on when the test runs. */
    private static final Instant NOW = T0.plus(Duration.ofDays(10));
    /** Well-formed (slw_ + 43 characters) but never issued: it reaches the database lookup and fails there. */
    private static final String BAD_TOKEN = "slw_" + "A".repeat(43);

    private Path dataDir;

    private Store store;
    private SlipwayServer server;
    private final List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The release service's own log (its lines are not requests). */
    private final List<String> releaseLog = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private JsonNode openApi;
    /** Every request of the tests carries this admin token unless it says otherwise. */
    private String adminToken;
    /**
     * A second server that runs releases, on a store of its own (so that the fixed releases and history above stay
     * as the other tests expect): the example shop on the sandbox, 600 times faster than real time.
     */
    private Store releaseStore;
    private ReleaseService releaseService;
    private SlipwayServer releasing;
    /** An admin of the releasing server granted every environment of the shop, production included. */
    private String releaseToken;
    /** Versions no release has used yet, so that every create changes something. */
    private final AtomicInteger patch = new AtomicInteger(10);

    /** "METHOD /template STATUS" of every response seen, to prove the document's responses were all exercised. */
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    record Response(int status, String contentType, String body, HttpHeaders headers) {
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
        store.deployments().record(Deployment.succeeded("api", "2.1.0", "production", T0, T0.plusSeconds(600))
                .withDigest(DIGEST).withRelease("r-production-1").withCommit("abc123", T0.minusSeconds(3600)));
        store.deployments().record(Deployment.failed("db", "16.4.0", "production", Deployment.Outcome.FAILED,
                T0.plusSeconds(86_400), null));
        adminToken = store.tokens().create("api-test", Role.ADMIN, Set.of(), "test", T0).secret();
        // a generous limit: the matrix presents bad tokens on purpose; rateLimitingRefusesAnAddress tests the limit
        server = new SlipwayServer(store, log::add, InstantSource.fixed(NOW),
                new FailedAuthentications(SlipwayServer.limiterClock(() -> NOW), 1000, Duration.ofMinutes(1),
                        Duration.ofMinutes(5)))
                .editing(Files.writeString(dataDir.resolve("slipway.yaml"), SPEC))
                .start(0);
        Path releaseData = dataDir.resolve("releasing");
        Files.createDirectories(releaseData);
        Path specFile = Files.writeString(releaseData.resolve("slipway.yaml"), ShopFixture.unverified(ShopFixture.directYaml()));
        releaseStore = Store.h2(releaseData);
        releaseToken = releaseStore.tokens().create("release-admin", Role.ADMIN,
                Set.of("dev", "staging", "production"), "test", T0).secret();
        releaseService = new ReleaseService(new ReleaseRecords(releaseStore, releaseData),
                dev.slipway.model.load.SpecLoader.load(ShopFixture.unverified(ShopFixture.directYaml()), "slipway.yaml").orThrow(), specFile,
                ClusterAccess.DEFAULT, Optional.empty(), 600, releaseLog::add);
        releaseService.lead();
        releasing = new SlipwayServer(releaseStore, Optional.of(releaseService), Optional::empty, log::add,
                InstantSource.system(), new FailedAuthentications(SlipwayServer.limiterClock(InstantSource.system()),
                1000, Duration.ofMinutes(1), Duration.ofMinutes(5)))
                .start(0);
        openApi = Json.MAPPER.readTree(call("GET", "/api/v1/openapi.json", "/api/v1/openapi.json").body());
        call("GET", "/api/v1/openapi.json", "/api/v1/openapi.json"); // again, checked against itself now
    }

    @AfterAll
    void stop() {
        server.close();
        releasing.close();
        releaseService.close();
        releaseStore.close();
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
        assertProblem(post("/api/v1/systems/generate", "application/yaml", huge), 413, "content-too-large");
        assertProblem(post("/api/v1/plans", "application/json", "{\"spec\":\"" + huge.trim() + "\"}"), 413,
                "content-too-large");
        assertProblem(post("/api/v1/tokens", "application/json", "{\"name\":\"" + huge.trim() + "\"}"), 413,
                "content-too-large");
        assertProblem(call(releasing, releaseToken, "POST", "/api/v1/releases", "/api/v1/releases",
                "application/json", "{\"environment\":\"" + huge.trim() + "\"}"), 413, "content-too-large");
        // a body just under the limit is read and judged on its content
        // (comment lines of 80 bytes: one 1 MiB line costs the YAML scanner seconds, which is not what is tested here)
        String line = "#" + "x".repeat(78) + "\n";
        String big = line.repeat(((int) SlipwayServer.MAX_BODY_BYTES - 2 * SPEC.length()) / line.length()) + SPEC;
        assertThat(post("/api/v1/systems/validate", "application/yaml", big).json().get("ok").asBoolean()).isTrue();
    }

    @Test
    void generateAnswersTheFilesWithoutWritingAny() {
        JsonNode generated = call(server, "POST", "/api/v1/systems/generate",
                "/api/v1/systems/generate?targets=github,kubernetes", "application/yaml", SPEC).json();
        assertThat(generated.get("targets").toString()).isEqualTo("[\"github\",\"kubernetes\"]");
        List<String> paths = generated.get("files").findValuesAsString("path");
        assertThat(paths).anyMatch(path -> path.startsWith(".github/workflows/"))
                .anyMatch(path -> path.startsWith("deploy/kubernetes/"));
        assertThat(generated.get("files").get(0).get("content").asString()).isNotBlank();

        assertProblem(call(server, "POST", "/api/v1/systems/generate",
                "/api/v1/systems/generate?targets=github,bamboo", "application/yaml", SPEC), 400, "bad-request");
        assertProblem(post("/api/v1/systems/generate", "application/yaml", "system: {}\nservices: [1]\n"), 422,
                "invalid-spec");
        assertProblem(post("/api/v1/systems/generate", "application/json", SPEC), 415, "unsupported-media-type");
    }

    @Test
    void filesCompareWhatGenerateWouldWriteWithTheRepository() throws IOException {
        String route = "/api/v1/systems/files";
        Map<String, JsonNode> fresh = repositoryFiles(post(route, "application/yaml", SPEC));
        assertThat(fresh).isNotEmpty();
        assertThat(fresh.values()).allSatisfy(f -> {
            assertThat(f.get("state").asString()).isEqualTo("new");
            assertThat(f.has("repository")).isFalse();
        });
        List<String> paths = new ArrayList<>(fresh.keySet());
        assertThat(paths).hasSizeGreaterThanOrEqualTo(4);
        Path outside = Files.writeString(Files.createTempDirectory("outside-").resolve("secret.txt"), "not yours\n");
        List<Path> made = new ArrayList<>();
        try {
            made.add(write(paths.get(0), fresh.get(paths.get(0)).get("generated").asString()));
            made.add(write(paths.get(1), "# edited by hand\n" + fresh.get(paths.get(1)).get("generated").asString()));
            Path link = dataDir.resolve(paths.get(2));
            Files.createDirectories(link.getParent());
            made.add(Files.createSymbolicLink(link, outside));
            made.add(write(paths.get(3), "#" + "x".repeat((int) RepositoryFileRoutes.MAX_FILE_BYTES) + "\n"));
            made.add(write("deploy/retired/old.yaml", "kind: ConfigMap\n"));
            made.add(write(".slipway-generated", "# manifest\ndeploy/retired/old.yaml\ndeploy/retired/gone.yaml\n"
                    + String.join("\n", paths) + "\n"));

            Map<String, JsonNode> files = repositoryFiles(post(route, "application/yaml", SPEC));
            assertThat(files.get(paths.get(0)).get("state").asString()).isEqualTo("unchanged");
            JsonNode changed = files.get(paths.get(1));
            assertThat(changed.get("state").asString()).isEqualTo("changed");
            assertThat(changed.get("repository").asString()).startsWith("# edited by hand\n");
            JsonNode linked = files.get(paths.get(2));
            assertThat(linked.get("state").asString()).isEqualTo("unreadable");
            assertThat(linked.get("detail").asString()).contains("outside the repository");
            assertThat(linked.toString()).doesNotContain("not yours");
            JsonNode big = files.get(paths.get(3));
            assertThat(big.get("state").asString()).isEqualTo("unreadable");
            assertThat(big.get("detail").asString()).startsWith("too large to compare");
            assertThat(big.has("repository")).isFalse();
            // written by an earlier generate, no longer generated, still there: generate would remove it; a file of
            // the manifest that is gone already is not listed
            JsonNode stale = files.get("deploy/retired/old.yaml");
            assertThat(stale.get("state").asString()).isEqualTo("stale");
            assertThat(stale.get("repository").asString()).isEqualTo("kind: ConfigMap\n");
            assertThat(stale.has("generated")).isFalse();
            assertThat(files).doesNotContainKey("deploy/retired/gone.yaml").doesNotContainKey(".slipway-generated");
        } finally {
            for (Path path : made.reversed()) {
                Files.deleteIfExists(path);
            }
        }
        // only generated paths are read, and where a generator writes does not follow a service's path: a spec whose
        // service lives outside the repository still reads nothing outside it (RepositoryFileRoutesTest: the guard)
        Response escaping = post(route, "application/yaml", SPEC.replace("path: web", "path: ../../etc"));
        Map<String, JsonNode> outsider = repositoryFiles(escaping);
        assertThat(outsider.keySet()).isNotEmpty().allSatisfy(path -> assertThat(path).doesNotContain(".."));
        assertThat(outsider.values()).allSatisfy(f -> assertThat(f.get("state").asString()).isEqualTo("new"));
        // nor are the services' own files read for it: it names a directory the served spec does not
        assertThat(escaping.json().get("sources").asBoolean()).isFalse();
        // a SealedSecret file the served spec does not name is never read: its text would be copied into the answer
        Path plain = write("plain-secret.yaml", "kind: Secret\nstringData:\n  password: hunter2\n");
        try {
            Response sealed = post(route, "application/yaml", SPEC.replace("    port: 3000\n", "    port: 3000\n"
                    + "    secrets:\n      PASSWORD: {sealedSecret: {name: web, key: password, file: plain-secret.yaml}}\n"));
            // refused as the server's generate refuses it, without the repository: not read, so not judged either
            assertThat(sealed.status()).as(sealed.body()).isEqualTo(422);
            assertThat(sealed.body()).contains("cannot see").doesNotContain("hunter2");
        } finally {
            Files.delete(plain);
        }

        // the served spec's own directories are read, as `slipway generate` reads them: api's go.mod names its Go
        Path goMod = write("api/go.mod", "module example.com/api\n\ngo 1.25\n");
        Path main = write("api/main.go", "package main\n\nfunc main() {}\n");
        try {
            Response served = post(route, "application/yaml", SPEC);
            assertThat(served.json().get("sources").asBoolean()).as(served.body()).isTrue();
            assertThat(repositoryFiles(served).get("docker/api/Dockerfile").get("generated").asString())
                    .doesNotContain("Slipway's default").doesNotContain("Written without reading");
            Response edited = post(route, "application/yaml", SPEC.replace("path: api", "path: elsewhere"));
            assertThat(edited.json().get("sources").asBoolean()).isFalse();
            assertThat(repositoryFiles(edited).get("docker/api/Dockerfile").get("generated").asString())
                    .contains("Slipway's default");
        } finally {
            Files.delete(goMod);
            Files.delete(main);
        }
        assertProblem(call(server, "POST", route, route + "?targets=bamboo", "application/yaml", SPEC), 400,
                "bad-request");
        assertProblem(post(route, "application/yaml", "system: {}\nservices: [1]\n"), 422, "invalid-spec");
        assertProblem(post(route, "application/json", SPEC), 415, "unsupported-media-type");
        assertProblem(post(route, "application/yaml", "#" + "x".repeat((int) SlipwayServer.MAX_BODY_BYTES) + "\n"),
                413, "content-too-large");
        assertProblem(call(releasing, releaseToken, "POST", route, route, "application/yaml", SPEC), 503,
                "unavailable");
    }

    private Path write(String path, String text) throws IOException {
        Path file = dataDir.resolve(path);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    private static Map<String, JsonNode> repositoryFiles(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Map<String, JsonNode> files = new LinkedHashMap<>();
        response.json().get("files").forEach(f -> files.put(f.get("path").asString(), f));
        return files;
    }

    @Test
    void environmentsSayWhatRunsWhere() {
        JsonNode environments = get("/api/v1/environments", "/api/v1/environments").json().get("environments");
        assertThat(environments.findValuesAsString("environment")).containsExactly("production", "staging");
        assertThat(environments.get(0).get("services").findValuesAsString("name")).containsExactly("api", "db", "web");
        assertThat(environments.get(1).get("lastRelease").get("state").asString()).isEqualTo("running");
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
    void theServedSpecIsWrittenOnlyWithoutErrorsAndOverTheVersionItWasReadFrom() throws IOException {
        String route = "/api/v1/systems/spec";
        Path file = dataDir.resolve("slipway.yaml");
        Response read = call("GET", route, route);
        assertThat(read.json().get("text").asString()).isEqualTo(Files.readString(file));
        String base = read.json().get("hash").asString();
        String edited = "# the shop, edited in the UI\n" + SPEC.replace("port: 3000", "port: 3001");

        // errors: nothing is written
        Response invalid = call(server, "PUT", route, route, "application/json",
                specWrite(SPEC.replace("port: 3000", "port: 70000"), base));
        assertProblem(invalid, 422, "invalid-spec");
        assertThat(invalid.json().get("problems").get(0).get("path").asString()).isEqualTo("services.web.port");
        assertThat(Files.readString(file)).isEqualTo(read.json().get("text").asString());
        assertProblem(call(server, "PUT", route, route, "application/json", "{\"text\":\"x\"}"), 400, "bad-request");
        assertProblem(call(server, "PUT", route, route, "application/yaml", SPEC), 415, "unsupported-media-type");

        Response written = call(server, "PUT", route, route, "application/json", specWrite(edited, base));
        assertThat(written.status()).isEqualTo(200);
        assertThat(Files.readString(file)).isEqualTo(edited); // byte for byte, comment included
        assertThat(written.json().get("hash").asString()).isNotEqualTo(base);

        // a second editor still holding the old hash is refused and shown what is there now
        Response stale = call(server, "PUT", route, route, "application/json", specWrite(SPEC, base));
        assertProblem(stale, 409, "conflict");
        assertThat(stale.json().get("current").get("text").asString()).isEqualTo(edited);
        assertThat(Files.readString(file)).isEqualTo(edited);
        assertThat(Files.list(dataDir).filter(p -> p.toString().endsWith(".tmp"))).isEmpty();

        // a server started without a spec file has none to edit
        assertProblem(call(releasing, releaseToken, "GET", route, route, null, null), 503, "unavailable");
        assertProblem(call(releasing, releaseToken, "PUT", route, route, "application/json", specWrite(SPEC, base)),
                503, "unavailable");
        call(server, "PUT", route, route, "application/json", specWrite(SPEC, written.json().get("hash").asString()));
    }

    @Test
    void whoAmISaysWhereTheTokenMayRelease() {
        String deployer = releaseStore.tokens().create("ui-deployer", Role.DEPLOYER, Set.of("staging"), "test", T0)
                .secret();
        JsonNode me = call(releasing, deployer, "GET", "/api/v1/whoami", "/api/v1/whoami", null, null).json();
        assertThat(me.get("role").asString()).isEqualTo("deployer");
        assertThat(me.get("name").asString()).isEqualTo("ui-deployer");
        Map<String, Boolean> may = new LinkedHashMap<>();
        me.get("environments").forEach(e -> may.put(e.get("name").asString(), e.get("mayRelease").asBoolean()));
        assertThat(may).containsEntry("staging", true).containsEntry("production", false);
        assertThat(me.get("mayManageTokens").asBoolean()).isFalse();
        // a server that runs no releases knows no environments to release to
        assertThat(call("GET", "/api/v1/whoami", "/api/v1/whoami").json().get("environments")).isEmpty();
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

    // ---- authentication, authorization and audit

    /**
     * Who gets what, for every route the server registers: the table is the contract (docs/api.md has the same).
     * revoked is an admin token that was revoked. The grants matter on the routes that change releases: a deployer
     * needs a grant of the environment, an admin needs none outside production, and in production everyone needs an
     * explicit grant. Those routes are walked on the releasing server (the example shop on the sandbox), in staging
     * unless the row says {@code #production}; a success there really creates, cancels, resumes or rolls back.
     */
    private static final String MATRIX = """
            route                                       none  bad  revoked  viewer  deployer  deployer+staging  admin  admin+production
            GET /healthz                                 200  200      200     200       200               200    200               200
            GET /readyz                                  200  200      200     200       200               200    200               200
            GET /metrics                                 200  200      200     200       200               200    200               200
            GET /api/v1/openapi.json                     200  200      200     200       200               200    200               200
            POST /api/v1/systems/validate                401  401      401     200       200               200    200               200
            POST /api/v1/systems/graph                   401  401      401     200       200               200    200               200
            POST /api/v1/systems/generate                401  401      401     200       200               200    200               200
            POST /api/v1/systems/files                   401  401      401     200       200               200    200               200
            POST /api/v1/plans                           401  401      401     200       200               200    200               200
            GET /api/v1/environments                     401  401      401     200       200               200    200               200
            GET /api/v1/environments/{env}/inventory     401  401      401     200       200               200    200               200
            GET /api/v1/history                          401  401      401     200       200               200    200               200
            GET /api/v1/releases                         401  401      401     200       200               200    200               200
            GET /api/v1/releases/{id}                    401  401      401     200       200               200    200               200
            GET /api/v1/dora                             401  401      401     200       200               200    200               200
            GET /api/v1/whoami                           401  401      401     200       200               200    200               200
            GET /api/v1/systems/spec                     401  401      401     200       200               200    200               200
            PUT /api/v1/systems/spec                     401  401      401     403       200               200    200               200
            POST /api/v1/releases                        401  401      401     403       403               201    201               201
            POST /api/v1/releases#production             401  401      401     403       403               403    403               201
            POST /api/v1/releases/{id}/cancel            401  401      401     403       403               202    202               202
            POST /api/v1/releases/{id}/resume            401  401      401     403       403               202    202               202
            POST /api/v1/releases/{id}/rollback          401  401      401     403       403               201    201               201
            GET /api/v1/releases/{id}/events             401  401      401     200       200               200    200               200
            GET /api/v1/releases/{id}/report             401  401      401     200       200               200    200               200
            POST /api/v1/environments/{env}/promotions   401  401      401     403       403               409    409               409
            POST /api/v1/releases/{id}/approvals         401  401      401     403       403               403    403               403
            POST /api/v1/builds                          401  401      401     403       201               201    201               201
            GET /api/v1/builds                           401  401      401     200       200               200    200               200
            POST /api/v1/verifications                   401  401      401     403       201               201    201               201
            GET /api/v1/can-i-deploy                     401  401      401     200       200               200    200               200
            GET /api/v1/tokens                           401  401      401     403       403               403    200               200
            POST /api/v1/tokens                          401  401      401     403       403               403    201               201
            DELETE /api/v1/tokens/{id}                   401  401      401     403       403               403    200               200
            """;

    @Test
    void everyRouteAnswersEveryCallerAsTheMatrixSays() {
        Map<String, String> callers = callers(store);
        Map<String, String> releaseCallers = callers(releaseStore);
        long releaseAuditBefore = releaseStore.auditLog().read().size();
        List<String> lines = MATRIX.strip().lines().toList();
        List<String> columns = Arrays.asList(lines.getFirst().trim().split("\\s+"));
        assertThat(columns.subList(1, columns.size())).containsExactlyElementsOf(callers.keySet());
        Set<String> walked = new TreeSet<>();
        long auditBefore = store.auditLog().read().size();
        List<String> wrong = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.trim().split("\\s+");
            String route = cells[0] + " " + cells[1];
            walked.add(route.split("#")[0]);
            boolean releaseRoute = RELEASE_ROUTES.contains(route.split("#")[0]);
            int column = 2;
            for (Map.Entry<String, String> caller : callers.entrySet()) {
                int expected = Integer.parseInt(cells[column++]);
                Response response = releaseRoute
                        ? callRoute(releasing, route, releaseCallers.get(caller.getKey()))
                        : callRoute(server, route, caller.getValue());
                if (response.status() != expected) {
                    wrong.add(route + " as " + caller.getKey() + ": " + response.status() + ", expected " + expected
                            + " " + response.body());
                }
                if (response.status() == 401) {
                    assertThat(response.headers().firstValue("WWW-Authenticate")).get().asString()
                            .startsWith("Bearer");
                }
                if (response.status() == 403) {
                    assertThat(response.json().get("detail").asString()).as(route)
                            .containsAnyOf("admin role", "needs a grant of");
                }
            }
        }
        assertThat(wrong).isEmpty();
        // every route the server answers is in the table, so none was left unguarded by accident
        assertThat(walked).isEqualTo(new TreeSet<>(server.routes()));
        assertThat(releasing.routes()).isEqualTo(server.routes());

        // every create and revoke left a row, the denied ones too; none of the reads did
        List<AuditEntry> rows = store.auditLog().read().subList((int) auditBefore, store.auditLog().read().size());
        Map<String, String> outcomes = new LinkedHashMap<>();
        for (AuditEntry row : rows) {
            assertThat(row.sourceAddress()).contains("127.0.0.1");
            outcomes.merge(row.action() + " by " + row.actor().replaceAll(" \\(tok_[0-9a-f]+\\)", ""), row.outcome(),
                    (a, b) -> a + "," + b);
        }
        Map<String, String> expected = new LinkedHashMap<>();
        for (String action : List.of("token-create", "token-revoke")) {
            // none, bad, revoked: one row, the two repeats within the minute counted for a summary row later
            expected.put(action + " by anonymous", "denied");
            expected.put(action + " by viewer", "denied");
            expected.put(action + " by deployer", "denied");
            expected.put(action + " by deployer+staging", "denied");
            expected.put(action + " by admin", "allowed");
            expected.put(action + " by admin+production", "allowed");
        }
        // writing the spec: every authenticated attempt (an anonymous one never reaches the route)
        expected.put("spec-write by viewer", "denied");
        for (String writer : List.of("deployer", "deployer+staging", "admin", "admin+production")) {
            expected.put("spec-write by " + writer, "allowed");
        }
        // recording a build and a verification (both record-build): a deployer or an admin, whatever its grants; the
        // viewer's second denial within the minute is counted for a summary row, as the anonymous repeats are
        expected.put("record-build by anonymous", "denied");
        expected.put("record-build by viewer", "denied");
        for (String recorder : List.of("deployer", "deployer+staging", "admin", "admin+production")) {
            expected.put("record-build by " + recorder, "allowed,allowed");
        }
        assertThat(outcomes).isEqualTo(expected);
        assertThat(rows).hasSize(27);
        assertThat(store.auditLog().verify().intact()).isTrue();

        // every attempt to create a release left a row too (the matrix's own set-up runs as release-admin)
        Map<String, String> creates = new LinkedHashMap<>();
        releaseStore.auditLog().read().subList((int) releaseAuditBefore, releaseStore.auditLog().read().size())
                .stream()
                .filter(row -> row.action().equals(Action.CREATE_RELEASE.keyword()))
                .filter(row -> !row.actor().startsWith("release-admin "))
                .forEach(row -> creates.merge(row.actor().replaceAll(" \\(tok_[0-9a-f]+\\)", ""), row.outcome(),
                        (a, b) -> a + "," + b));
        assertThat(creates).containsExactlyInAnyOrderEntriesOf(Map.of(
                // staging, then production; a denial repeated within a minute is counted for a summary row (issue 15,
                // item 5), written when the next comes after the minute or the server stops
                "anonymous", "denied",
                "viewer", "denied",
                "deployer", "denied",
                // then the promotion to staging (a create too), which the direct shop refuses: staging has no
                // promoteFrom; a denied promotion within the minute joins the denials' summary
                "deployer+staging", "allowed,denied,failed",
                "admin", "allowed,denied,failed",
                "admin+production", "allowed,allowed,failed"));
        assertThat(releaseStore.auditLog().verify().intact()).isTrue();

        // no presented or issued secret reached the log
        String logged = String.join("\n", log);
        callers.values().stream().filter(java.util.Objects::nonNull)
                .forEach(token -> assertThat(logged).doesNotContain(token));
        assertThat(logged).doesNotContain(adminToken).doesNotContain("slw_");
    }

    @Test
    void tokensAreIssuedOnceListedWithoutSecretsAndRevoked() {
        Response created = call(server, "POST", "/api/v1/tokens", "/api/v1/tokens", "application/json",
                "{\"name\":\"ci\",\"role\":\"deployer\",\"grants\":[\"staging\"]}");
        assertThat(created.status()).isEqualTo(201);
        String secret = created.json().get("token").asString();
        String id = created.json().get("id").asString();
        assertThat(created.json().get("createdBy").asString()).startsWith("api-test (tok_");
        // the new token works at once, as what it is: a deployer reads but does not manage tokens
        assertThat(call(server, secret, "GET", "/api/v1/releases", "/api/v1/releases", null, null).status())
                .isEqualTo(200);
        assertThat(call(server, secret, "GET", "/api/v1/tokens", "/api/v1/tokens", null, null).status())
                .isEqualTo(403);

        Response listed = get("/api/v1/tokens", "/api/v1/tokens");
        assertThat(listed.body()).doesNotContain(secret).doesNotContain("slw_");
        JsonNode ci = find(listed.json().get("tokens"), "id", id);
        assertThat(ci.get("grants").toString()).isEqualTo("[\"staging\"]");
        assertThat(ci.get("revoked").isNull()).isTrue();

        Response revoked = call(server, "DELETE", "/api/v1/tokens/{id}", "/api/v1/tokens/" + id, null, null);
        assertThat(revoked.json().get("revoked").asString()).isEqualTo(NOW.toString());
        Response refused = call(server, secret, "GET", "/api/v1/releases", "/api/v1/releases", null, null);
        assertProblem(refused, 401, "unauthorized");
        assertThat(refused.headers().firstValue("WWW-Authenticate")).contains(
                "Bearer realm=\"slipway\", error=\"invalid_token\"");

        // failed attempts: refused with a problem, and audited as failed
        long before = store.auditLog().read().size();
        assertProblem(call(server, "DELETE", "/api/v1/tokens/{id}", "/api/v1/tokens/" + id, null, null), 404,
                "not-found");
        assertProblem(post("/api/v1/tokens", "application/json", "{\"name\":\"x\",\"role\":\"root\"}"), 400,
                "bad-request");
        assertProblem(post("/api/v1/tokens", "application/json", "{\"name\":\"x\",\"role\":\"viewer\","
                + "\"grants\":[\"production\"]}"), 400, "bad-request");
        assertProblem(post("/api/v1/tokens", "application/json", "{\"role\":\"viewer\"}"), 400, "bad-request");
        assertProblem(post("/api/v1/tokens", "text/plain", "{}"), 415, "unsupported-media-type");
        List<AuditEntry> failed = store.auditLog().read().subList((int) before, store.auditLog().read().size());
        assertThat(failed).extracting(AuditEntry::outcome).containsOnly("failed").hasSize(5);
        assertThat(failed.getFirst().target()).isEqualTo(id);
        assertThat(store.auditLog().verify().intact()).isTrue();
    }

    @Test
    void aBuildIsRecordedOnceAndAVerificationWhenever() {
        String digest = "sha256:" + "b".repeat(64);
        Response created = post("/api/v1/builds", "application/json", buildRecord("api", "9.1.0", digest));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("reference").asString()).isEqualTo("ghcr.io/acme/shop/api@" + digest);
        assertThat(created.json().get("recordedBy").asString()).startsWith("api-test (tok_");
        Response again = post("/api/v1/builds", "application/json", buildRecord("api", "9.1.0", digest));
        assertThat(again.status()).as("a re-run CI job").isEqualTo(200);
        Response repushed = post("/api/v1/builds", "application/json", buildRecord("api", "9.1.0", null));
        assertProblem(repushed, 409, "conflict");
        assertThat(repushed.json().get("detail").asString()).contains("api version 9.1.0 is already recorded as "
                + digest);
        assertProblem(post("/api/v1/builds", "application/json", buildRecord("api", "9.1.1", "sha256:nope")), 400,
                "bad-request");
        assertProblem(post("/api/v1/builds", "application/json", buildRecord("api", "9.1.1", null)
                .replace("}", ",\"scan\":{\"not\":\"a report\"}}")), 400, "bad-request");
        assertProblem(post("/api/v1/builds", "text/plain", "{}"), 415, "unsupported-media-type");
        JsonNode listed = get("/api/v1/builds", "/api/v1/builds?service=api").json().get("builds");
        assertThat(listed).hasSize(1);
        assertProblem(get("/api/v1/builds", "/api/v1/builds?service=Not_A_Name"), 400, "bad-request");

        assertThat(post("/api/v1/verifications", "application/json", "{\"consumer\":\"web\",\"consumerVersion\":"
                + "\"2.0.0\",\"provider\":\"api\",\"providerVersion\":\"9.1.0\",\"passed\":false}").status())
                .isEqualTo(201);
        assertProblem(post("/api/v1/verifications", "application/json", "{\"consumer\":\"web\"}"), 400,
                "bad-request");
        assertProblem(post("/api/v1/verifications", "text/plain", "{}"), 415, "unsupported-media-type");
        assertThat(store.auditLog().read()).anySatisfy(row -> {
            assertThat(row.action()).isEqualTo("record-build");
            assertThat(row.target()).isEqualTo("build api 9.1.0");
        });
    }

    @Test
    void canIDeployAnswersFromTheRangesAndTheVerifications() {
        install("staging");
        String path = "/api/v1/can-i-deploy?service=checkout&version=9.9.9&environment=staging";
        JsonNode yes = call(releasing, releaseToken, "GET", "/api/v1/can-i-deploy", path, null, null).json();
        assertThat(yes.get("ok").asBoolean()).as(yes.toString()).isTrue();
        assertThat(yes.get("reasons")).anySatisfy(r -> assertThat(r.get("outcome").asString())
                .isEqualTo("range-satisfied"));
        assertProblem(call(releasing, releaseToken, "GET", "/api/v1/can-i-deploy",
                "/api/v1/can-i-deploy?service=checkout&environment=staging", null, null), 400, "bad-request");
        assertProblem(call(releasing, releaseToken, "GET", "/api/v1/can-i-deploy",
                "/api/v1/can-i-deploy?service=nope&version=1.0.0&environment=staging", null, null), 404, "not-found");
    }

    /**
     * The road from a build to production over the API, on a server of its own serving the example shop as it is
     * (dev → staging, soaking 15 minutes → production, approved by someone else): promotions refused and accepted,
     * the soak gate, approvals by the wrong and the right person.
     */
    @Test
    void theRoadFromDevToProductionIsPromotionsAndAnApproval(@TempDir Path road) throws IOException {
        Path specFile = Files.writeString(road.resolve("slipway.yaml"), ShopFixture.shopYaml());
        try (Store roadStore = Store.h2(road)) {
            String ci = roadStore.tokens().create("ci", Role.ADMIN, Set.of("production", "approve:production"), "test",
                    T0).secret();
            String bob = roadStore.tokens().create("bob", Role.DEPLOYER, Set.of("approve:production"), "test", T0)
                    .secret();
            // granted like bob, and not among the approvers the shop's production names (approvers.names: [bob])
            String mallory = roadStore.tokens().create("mallory", Role.DEPLOYER, Set.of("approve:production"), "test",
                    T0).secret();
            ReleaseService service = new ReleaseService(new ReleaseRecords(roadStore, road),
                    dev.slipway.model.load.SpecLoader.load(specFile).orThrow(), specFile, ClusterAccess.DEFAULT,
                    Optional.empty(), 600, releaseLog::add);
            service.lead();
            try (service; SlipwayServer server = new SlipwayServer(roadStore, Optional.of(service), Optional::empty,
                    log::add, InstantSource.system(), new FailedAuthentications(SlipwayServer.limiterClock(
                    InstantSource.system()), 1000, Duration.ofMinutes(1), Duration.ofMinutes(5))).start(0)) {
                String promotions = "/api/v1/environments/{env}/promotions";
                java.util.function.Function<String, ReleaseRecord> ended = id -> {
                    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                    while (!service.records().require(id).finished() && System.nanoTime() < deadline) {
                        pause();
                    }
                    return service.records().require(id);
                };
                Map<String, String> shop = new java.util.TreeMap<>(ShopFixture.RUNNING);
                shop.remove("search");
                Response dev = call(server, ci, "POST", "/api/v1/releases", "/api/v1/releases", "application/json",
                        releaseRequest("dev", shop));
                assertThat(dev.status()).as(dev.body()).isEqualTo(201);
                assertThat(dev.json().get("gates")).isNotNull();
                assertThat(ended.apply(dev.json().get("id").asString()).state()).isEqualTo("succeeded");

                assertProblem(call(server, ci, "POST", promotions, "/api/v1/environments/dev/promotions",
                        "application/json", "{}"), 409, "conflict");
                assertProblem(call(server, ci, "POST", promotions, "/api/v1/environments/nope/promotions",
                        "application/json", "{}"), 404, "not-found");
                assertProblem(call(server, ci, "POST", promotions, "/api/v1/environments/staging/promotions",
                        "application/json", "{\"services\":\"cart\"}"), 400, "bad-request");
                Response refused = call(server, ci, "POST", "/api/v1/releases", "/api/v1/releases", "application/json",
                        releaseRequest("staging", Map.of("cart", "9.0.0")));
                assertThat(refused.status()).isEqualTo(422);
                assertThat(refused.json().get("gates").toString()).contains("never ran healthy in dev");

                Response staging = call(server, ci, "POST", promotions, "/api/v1/environments/staging/promotions",
                        "application/json", "{}");
                assertThat(staging.status()).as(staging.body()).isEqualTo(201);
                assertThat(staging.json().get("gates").get(0).get("name").asString()).isEqualTo("promote-from");
                assertThat(ended.apply(staging.json().get("id").asString()).state()).isEqualTo("succeeded");
                Response same = call(server, ci, "POST", promotions, "/api/v1/environments/staging/promotions",
                        "application/json", "{\"services\":[\"redis\"]}");
                assertThat(same.status()).as("redis runs in staging as in dev: nothing changes").isEqualTo(200);

                // 15 minutes of soak in staging are 1.5 s of the sandbox at x600: refused at first, then let through
                Response early = call(server, ci, "POST", promotions, "/api/v1/environments/production/promotions",
                        "application/json", "{}");
                assertThat(early.status()).as(early.body()).isEqualTo(422);
                assertThat(early.json().get("gates").toString()).contains("\"name\":\"soak\"", "soak in staging is not over for");
                Response production = early;
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (production.status() == 422 && System.nanoTime() < deadline) {
                    pause();
                    production = call(server, ci, "POST", promotions, "/api/v1/environments/production/promotions",
                            "application/json", "{}");
                }
                assertThat(production.status()).as(production.body()).isEqualTo(201);
                String id = production.json().get("id").asString();
                assertThat(production.json().get("state").asString()).isEqualTo("awaiting-approval");
                String approvals = "/api/v1/releases/{id}/approvals";
                String path = "/api/v1/releases/" + id + "/approvals";
                assertProblem(call(server, ci, "POST", approvals, path, "application/json",
                        "{\"decision\":\"approve\"}"), 409, "conflict"); // ci started it
                assertProblem(call(server, bob, "POST", approvals, path, "application/json",
                        "{\"decision\":\"maybe\"}"), 400, "bad-request");
                assertProblem(call(server, bob, "POST", approvals, path, "text/plain", "{}"), 415,
                        "unsupported-media-type");
                assertProblem(call(server, bob, "POST", approvals, "/api/v1/releases/r-production-99/approvals",
                        "application/json", "{\"decision\":\"approve\"}"), 404, "not-found");
                for (String decision : List.of("approve", "reject")) {
                    Response notNamed = call(server, mallory, "POST", approvals, path, "application/json",
                            "{\"decision\":\"" + decision + "\"}");
                    assertProblem(notNamed, 403, "forbidden");
                    assertThat(notNamed.json().get("detail").asString()).isEqualTo("mallory is not an approver of "
                            + "production: only bob may " + decision + " release " + id + "; one of them decides"
                            + " (approvers.names of production in slipway.yaml, as it was when the release started)");
                }
                assertThat(service.records().require(id).state()).as("nothing was decided").isEqualTo("awaiting-approval");
                assertThat(roadStore.approvals().of(id)).isEmpty();
                assertThat(roadStore.auditLog().read()).anySatisfy(row -> {
                    assertThat(row.action()).isEqualTo("approve-release");
                    assertThat(row.actor()).startsWith("mallory (");
                    assertThat(row.outcome()).isEqualTo("failed");
                });
                Response approved = call(server, bob, "POST", approvals, path, "application/json",
                        "{\"decision\":\"approve\",\"comment\":\"staging soaked\"}");
                assertThat(approved.status()).as(approved.body()).isEqualTo(202);
                assertThat(approved.json().get("approval").get("next").asString()).isEqualTo("approve");
                assertThat(ended.apply(id).state()).isEqualTo("succeeded");
                assertProblem(call(server, bob, "POST", approvals, path, "application/json",
                        "{\"decision\":\"approve\"}"), 409, "conflict");
                JsonNode release = call(server, ci, "GET", "/api/v1/releases/{id}", "/api/v1/releases/" + id, null,
                        null).json();
                assertThat(release.get("startedBy").asString()).startsWith("ci (tok_");
                assertThat(release.get("gates").toString()).contains("promote-from", "soak", "approval");
                assertThat(roadStore.auditLog().read()).anySatisfy(row -> {
                    assertThat(row.action()).isEqualTo("approve-release");
                    assertThat(row.actor()).startsWith("bob (");
                    assertThat(row.outcome()).isEqualTo("allowed");
                });
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void anUnauthenticatedProblemNamesNoSecret() {
        Response none = call(server, null, "GET", "/api/v1/releases", "/api/v1/releases", null, null);
        assertProblem(none, 401, "unauthorized");
        assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"slipway\"");
        Response bad = call(server, BAD_TOKEN, "GET", "/api/v1/releases", "/api/v1/releases", null, null);
        assertProblem(bad, 401, "unauthorized");
        assertThat(bad.body()).doesNotContain(BAD_TOKEN).doesNotContain("AAAA");
        assertThat(String.join("\n", log)).doesNotContain(BAD_TOKEN);
    }

    @Test
    void doraReportsTheStoredHistory() {
        JsonNode report = get("/api/v1/dora", "/api/v1/dora?environment=production").json();
        assertThat(report.get("to").asString()).isEqualTo(NOW.toString());
        assertThat(report.get("days").asDouble()).isEqualTo(30.0);
        assertThat(report.get("system").get("deploymentFrequency").get("count").asInt()).isEqualTo(1);
        assertThat(report.get("system").get("changeFailureRate").get("failures").asInt()).isEqualTo(1);
        assertThat(report.get("system").get("leadTime").get("medianSeconds").asInt()).isEqualTo(4200);
        assertThat(report.get("services").findValuesAsString("service")).containsExactly("api", "db");
        assertThat(get("/api/v1/dora", "/api/v1/dora?environment=production&service=db").json().get("services")
                .findValuesAsString("service")).containsExactly("db");
        assertThat(get("/api/v1/dora", "/api/v1/dora?since=12h").json().get("services").size()).isZero();
        assertThat(get("/api/v1/dora", "/api/v1/dora").json().get("environment").isNull()).isTrue();
        assertProblem(get("/api/v1/dora", "/api/v1/dora?since=1m"), 400, "bad-request");
        assertProblem(get("/api/v1/dora", "/api/v1/dora?since=0d"), 400, "bad-request");
    }

    // ---- running releases (the releasing server: the example shop on the sandbox)

    /** One server-sent event: its id (null when it has none), its type and its data. */
    record Sse(String id, String event, String data) {
    }

    @Test
    void aReleaseRunsToTheEndAndItsStepsStreamResumably() {
        String version = nextVersion("7.2.");
        Response created = call(releasing, releaseToken, "POST", "/api/v1/releases", "/api/v1/releases",
                "application/json", "{\"environment\":\"dev\",\"versions\":{\"redis\":\"" + version + "@sha256:"
                        + "c".repeat(64) + "\"},\"commit\":{\"sha\":\"0123abc\",\"time\":\"2026-03-01T09:00:00Z\"}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(created.headers().firstValue("Location")).contains("/api/v1/releases/" + id);
        assertThat(created.json().get("environment").asString()).isEqualTo("dev");
        assertThat(created.json().get("versions").get("redis").asString()).isEqualTo(version);

        awaitEnded(id);
        JsonNode release = call(releasing, releaseToken, "GET", "/api/v1/releases/{id}", "/api/v1/releases/" + id,
                null, null).json();
        assertThat(release.get("state").asString()).isEqualTo("succeeded");
        assertThat(release.get("digests").get("redis").asString()).isEqualTo("sha256:" + "c".repeat(64));

        List<Sse> all = events(id, null);
        List<Sse> steps = all.stream().filter(e -> e.event().equals("step")).toList();
        assertThat(steps).isNotEmpty();
        for (int i = 0; i < steps.size(); i++) {
            assertThat(Long.parseLong(steps.get(i).id())).as("ids are contiguous from 0").isEqualTo(i);
            JsonNode data = Json.MAPPER.readTree(steps.get(i).data());
            assertThat(data.get("sequence").asLong()).isEqualTo(i);
            assertThat(data.has("service") && data.has("from") && data.has("to") && data.has("weight")).isTrue();
        }
        Sse end = all.getLast();
        assertThat(end.event()).isEqualTo("end");
        assertThat(end.id()).isNull();
        assertThat(Json.MAPPER.readTree(end.data()).get("state").asString()).isEqualTo("succeeded");
        assertThat(Json.MAPPER.readTree(end.data()).get("release").asString()).isEqualTo(id);

        // a client that reconnects with the last id it saw gets exactly the steps after it
        long k = steps.size() / 2;
        List<Sse> resumed = events(id, Long.toString(k));
        assertThat(resumed.stream().filter(e -> e.event().equals("step")).map(Sse::id).toList())
                .isEqualTo(steps.subList((int) k + 1, steps.size()).stream().map(Sse::id).toList());
        assertThat(resumed.getLast().event()).isEqualTo("end");
        assertProblem(call(releasing, releaseToken, "GET", "/api/v1/releases/{id}/events",
                "/api/v1/releases/" + id + "/events?lastEventId=seven", null, null), 400, "bad-request");
        assertProblem(call(releasing, releaseToken, "GET", "/api/v1/releases/{id}/events",
                "/api/v1/releases/r-dev-404/events", null, null), 404, "not-found");

        JsonNode report = call(releasing, releaseToken, "GET", "/api/v1/releases/{id}/report",
                "/api/v1/releases/" + id + "/report", null, null).json();
        assertThat(report.get("release").asString()).isEqualTo(id);
        assertThat(report.get("failure").isNull()).isTrue();
        assertProblem(call(releasing, releaseToken, "GET", "/api/v1/releases/{id}/report",
                "/api/v1/releases/r-dev-404/report", null, null), 404, "not-found");

        // the same versions again: nothing changes, and the plan says so
        Response same = call(releasing, releaseToken, "POST", "/api/v1/releases", "/api/v1/releases",
                "application/json", releaseRequest("dev", Map.of("redis", version)));
        assertThat(same.status()).as(same.body()).isEqualTo(200);

        List<AuditEntry> audit = releaseStore.auditLog().read();
        assertThat(audit).anySatisfy(row -> {
            assertThat(row.action()).isEqualTo("create-release");
            assertThat(row.target()).isEqualTo("release " + id);
            assertThat(row.outcome()).isEqualTo("allowed");
            assertThat(row.actor()).startsWith("release-admin (tok_");
        });
    }

    @Test
    void badReleaseRequestsAreProblemsNeverA500() {
        String json = "application/json";
        long before = releaseStore.auditLog().read().size();
        Map<String, Integer> bodies = new LinkedHashMap<>();
        bodies.put("{\"environment\": ", 400);
        bodies.put("[1]", 400);
        bodies.put("{\"versions\": {\"redis\": \"7.2.6\"}}", 400);
        bodies.put(releaseRequest("qa", Map.of("redis", "7.2.6")), 422);
        bodies.put(releaseRequest("dev", Map.of()), 400);
        bodies.put(releaseRequest("dev", Map.of("redis", "7.2.6@sha256:nope")), 422);
        bodies.put(releaseRequest("dev", Map.of("redis", "7.2.6"), "nowhere"), 422);
        bodies.put("{\"environment\":\"dev\",\"versions\":{\"redis\":\"7.2.6\"},\"onFailure\":\"panic\"}", 400);
        bodies.put("{\"environment\":\"dev\",\"versions\":{\"redis\":\"7.2.6\"},\"maxParallel\":-1}", 400);
        bodies.put("{\"environment\":\"dev\",\"versions\":{\"redis\":\"7.2.6\"},\"gates\":\"catalog\"}", 400);
        bodies.put("{\"environment\":\"dev\",\"versions\":{\"redis\":\"7.2.6\"},\"commit\":{\"sha\":\"x\","
                + "\"time\":\"yesterday\"}}", 400);
        bodies.forEach((body, status) -> {
            Response response = call(releasing, releaseToken, "POST", "/api/v1/releases", "/api/v1/releases", json,
                    body);
            assertThat(response.status()).as(body + " → " + response.body()).isEqualTo(status);
            assertThat(response.contentType()).as(body).startsWith("application/problem+json");
        });
        assertProblem(call(releasing, releaseToken, "POST", "/api/v1/releases", "/api/v1/releases", "text/plain",
                "{}"), 415, "unsupported-media-type");
        // a plan that cannot go, whatever runs in dev: catalog needs postgres ^16.4
        Response refused = call(releasing, releaseToken, "POST", "/api/v1/releases", "/api/v1/releases", json,
                releaseRequest("dev", Map.of("catalog", "1.0.0", "postgres", "15.0.0")));
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.contentType()).startsWith("application/json");
        assertThat(refused.json().get("ok").asBoolean()).isFalse();
        for (String action : List.of("cancel", "resume", "rollback")) {
            assertProblem(call(releasing, releaseToken, "POST", "/api/v1/releases/{id}/" + action,
                    "/api/v1/releases/r-dev-404/" + action, null, null), 404, "not-found");
        }
        // every attempt is in the audit log, none of them allowed
        List<AuditEntry> rows = releaseStore.auditLog().read().subList((int) before,
                releaseStore.auditLog().read().size());
        assertThat(rows).hasSize(bodies.size() + 1 + 1 + 3);
        assertThat(rows).extracting(AuditEntry::outcome).containsOnly("failed");
    }

    @Test
    void aGatedCanaryPausesUntilResumedAndAnEndedReleaseRefusesCalls() {
        install("dev");
        String id = createAs(releaseToken, releaseRequest("dev", Map.of("catalog", nextVersion("1.5.")), "catalog"));
        awaitState(id, ReleaseRecord.PAUSED);
        // the paused release holds the environment
        assertProblem(call(releasing, releaseToken, "POST", "/api/v1/releases", "/api/v1/releases",
                "application/json", releaseRequest("dev", Map.of("redis", nextVersion("7.2.")))), 409, "conflict");

        Response resumed = call(releasing, releaseToken, "POST", "/api/v1/releases/{id}/resume",
                "/api/v1/releases/" + id + "/resume", null, null);
        assertThat(resumed.status()).as(resumed.body()).isEqualTo(202);
        assertThat(resumed.json().get("id").asString()).isEqualTo(id);
        assertThat(awaitEnded(id).state()).isEqualTo("succeeded");
        assertThat(events(id, null).stream().filter(e -> e.event().equals("step")).map(Sse::data))
                .anyMatch(data -> data.contains("\"weight\":10"));

        for (String action : List.of("cancel", "resume")) {
            Response refused = call(releasing, releaseToken, "POST", "/api/v1/releases/{id}/" + action,
                    "/api/v1/releases/" + id + "/" + action, null, null);
            assertProblem(refused, 409, "conflict");
            assertThat(refused.json().get("detail").asString()).contains("already ended");
        }

        // an unfinished release is rolled back in place
        String second = createAs(releaseToken, releaseRequest("dev", Map.of("catalog", nextVersion("1.5.")),
                "catalog"));
        awaitState(second, ReleaseRecord.PAUSED);
        Response rolledBack = call(releasing, releaseToken, "POST", "/api/v1/releases/{id}/rollback",
                "/api/v1/releases/" + second + "/rollback", null, null);
        assertThat(rolledBack.status()).as(rolledBack.body()).isEqualTo(202);
        assertThat(rolledBack.json().get("id").asString()).isEqualTo(second);
        assertThat(awaitEnded(second).state()).isNotEqualTo("succeeded");

        // the releases, rollbacks and looks at canaries show on /metrics
        String metrics = call(releasing, null, "GET", "/metrics", "/metrics", null, null).body();
        assertThat(metrics).containsPattern("slipway_releases_total\\{outcome=\"succeeded\"} [1-9]")
                .containsPattern("slipway_releases_total\\{outcome=\"rolled-back\"} [1-9]")
                .containsPattern("slipway_rollbacks_total [1-9]")
                .containsPattern("slipway_judgements_total\\{decisive=\"(true|false)\",verdict=\"pass\"} [1-9]");
    }

    @Test
    void aFinishedReleaseIsUndoneByANewOne() {
        String before = nextVersion("7.2.");
        awaitEnded(createAs(releaseToken, releaseRequest("dev", Map.of("redis", before))));
        String upgrade = createAs(releaseToken, releaseRequest("dev", Map.of("redis", nextVersion("7.2."))));
        assertThat(awaitEnded(upgrade).state()).isEqualTo("succeeded");

        Response undo = call(releasing, releaseToken, "POST", "/api/v1/releases/{id}/rollback",
                "/api/v1/releases/" + upgrade + "/rollback", null, null);
        assertThat(undo.status()).as(undo.body()).isEqualTo(201);
        String id = undo.json().get("id").asString();
        assertThat(id).isNotEqualTo(upgrade);
        assertThat(undo.headers().firstValue("Location")).contains("/api/v1/releases/" + id);
        assertThat(undo.json().get("versions").toString()).isEqualTo("{\"redis\":\"" + before + "\"}");
        assertThat(awaitEnded(id).state()).isEqualTo("succeeded");
        assertThat(releaseService.records().require(upgrade).rolledBackBy()).isEqualTo(id);

        Response again = call(releasing, releaseToken, "POST", "/api/v1/releases/{id}/rollback",
                "/api/v1/releases/" + upgrade + "/rollback", null, null);
        assertProblem(again, 409, "conflict");
        assertThat(again.json().get("detail").asString()).contains("already rolled back");
    }

    @Test
    void aServerThatRunsNoReleasesSays503() {
        assertProblem(post("/api/v1/releases", "application/json", releaseRequest("staging", Map.of("api", "2.2.0"))),
                503, "unavailable");
        for (String action : List.of("cancel", "resume", "rollback")) {
            assertProblem(call(server, "POST", "/api/v1/releases/{id}/" + action,
                    "/api/v1/releases/r-staging-2/" + action, null, null), 503, "unavailable");
        }
        assertProblem(get("/api/v1/releases/{id}/events", "/api/v1/releases/r-staging-2/events"), 503, "unavailable");
        assertProblem(get("/api/v1/releases/{id}/report", "/api/v1/releases/r-staging-2/report"), 503, "unavailable");
    }

    @Test
    void aReplicaThatDoesNotLeadSendsCallersToTheLeader() throws IOException {
        Path follower = dataDir.resolve("follower");
        Files.createDirectories(follower);
        ReleaseService following = new ReleaseService(new ReleaseRecords(releaseStore, follower),
                releaseService.spec(), follower.resolve("slipway.yaml"), ClusterAccess.DEFAULT, Optional.empty(),
                600, releaseLog::add);
        try (SlipwayServer replica = new SlipwayServer(releaseStore, Optional.of(following),
                () -> Optional.of("slipway-0"), log::add, InstantSource.system(), null).start(0)) {
            Response refused = call(replica, releaseToken, "POST", "/api/v1/releases", "/api/v1/releases",
                    "application/json", releaseRequest("dev", Map.of("redis", nextVersion("7.2."))));
            assertProblem(refused, 503, "not-leader");
            assertThat(refused.headers().firstValue("Retry-After")).contains("5");
            assertThat(refused.json().get("detail").asString()).contains("slipway-0");
        } finally {
            following.close();
        }
    }

    /** The event stream of a release, read to its end (the stream closes after {@code event: end}). */
    private List<Sse> events(String id, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + releasing.port()
                        + "/api/v1/releases/" + id + "/events"))
                .header("Authorization", "Bearer " + releaseToken).timeout(Duration.ofSeconds(30));
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<java.util.stream.Stream<String>> answer;
        List<String> lines;
        try {
            answer = http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
            try (java.util.stream.Stream<String> body = answer.body()) {
                lines = body.toList();
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assertThat(answer.statusCode()).isEqualTo(200);
        conforms("GET", "/api/v1/releases/{id}/events", new Response(answer.statusCode(),
                answer.headers().firstValue("Content-Type").orElse(""), String.join("\n", lines), answer.headers()));
        assertThat(lines.getFirst()).isEqualTo("retry: 1000");
        List<Sse> events = new ArrayList<>();
        String eventId = null;
        String event = null;
        String data = null;
        for (String line : lines.subList(1, lines.size())) {
            if (line.isEmpty()) {
                if (event != null) {
                    events.add(new Sse(eventId, event, data));
                }
                eventId = null;
                event = null;
                data = null;
            } else if (line.startsWith("id: ")) {
                eventId = line.substring(4);
            } else if (line.startsWith("event: ")) {
                event = line.substring(7);
            } else if (line.startsWith("data: ")) {
                data = line.substring(6);
            }
        }
        assertThat(event).as("the stream ends after a whole event").isNull();
        return events;
    }

    /** A server of its own, so that refusing 127.0.0.1 does not refuse the other tests; its clock is moved by hand. */
    @Test
    void repeatedFailuresRefuseTheAddressUntilTheCooldownEnds() {
        AtomicReference<Instant> now = new AtomicReference<>(NOW);
        try (SlipwayServer limited = new SlipwayServer(store, log::add, now::get,
                new FailedAuthentications(SlipwayServer.limiterClock(now::get), 3, Duration.ofMinutes(1),
                        Duration.ofMinutes(5)))
                .start(0)) {
            for (int i = 0; i < 3; i++) {
                assertProblem(callRoute(limited, "GET /api/v1/releases", BAD_TOKEN), 401, "unauthorized");
            }
            long auditBefore = store.auditLog().read().size();
            // refused now for anything but a valid token, on every guarded route (issue 15, item 3: a valid token
            // is never refused for what others sent from its address)
            for (String route : server.routes()) {
                Response response = callRoute(limited, route, BAD_TOKEN);
                if (route.startsWith("GET /api/v1/openapi.json") || !route.contains("/api/v1/")) {
                    assertThat(response.status()).as(route).isEqualTo(200);
                } else {
                    assertProblem(response, 429, "too-many-requests");
                    assertThat(response.headers().firstValue("Retry-After")).as(route).contains("300");
                }
            }
            assertThat(callRoute(limited, "GET /api/v1/releases", adminToken).status()).isEqualTo(200);
            // refusals are not audited: they exist to keep a guesser from filling the log
            assertThat(store.auditLog().read()).hasSize((int) auditBefore);
            // anonymous traffic from the refused address is refused as well (item 5)
            assertProblem(callRoute(limited, "GET /api/v1/releases", null), 429, "too-many-requests");
            now.set(NOW.plus(Duration.ofMinutes(2)));
            assertThat(callRoute(limited, "GET /api/v1/releases", BAD_TOKEN).headers().firstValue("Retry-After"))
                    .contains("180");
            now.set(NOW.plus(Duration.ofMinutes(5)));
            assertProblem(callRoute(limited, "GET /api/v1/releases", null), 401, "unauthorized");
        }
    }

    /** The callers of the matrix, in its column order: a token of each kind in {@code store} (null: none sent). */
    private static Map<String, String> callers(Store store) {
        Map<String, String> callers = new LinkedHashMap<>();
        callers.put("none", null);
        callers.put("bad", BAD_TOKEN);
        IssuedToken revoked = store.tokens().create("revoked", Role.ADMIN, Set.of(), "test", T0);
        store.tokens().revoke(revoked.info().id(), T0);
        callers.put("revoked", revoked.secret());
        callers.put("viewer", store.tokens().create("viewer", Role.VIEWER, Set.of(), "test", T0).secret());
        callers.put("deployer", store.tokens().create("deployer", Role.DEPLOYER, Set.of(), "test", T0).secret());
        callers.put("deployer+staging", store.tokens().create("deployer+staging", Role.DEPLOYER, Set.of("staging"),
                "test", T0).secret());
        callers.put("admin", store.tokens().create("admin", Role.ADMIN, Set.of(), "test", T0).secret());
        callers.put("admin+production", store.tokens().create("admin+production", Role.ADMIN,
                Set.of("production"), "test", T0).secret());
        return callers;
    }

    /** A request that succeeds for a caller who may use {@code route} ("METHOD /template"). */
    private Response callRoute(SlipwayServer target, String route, String token) {
        String yaml = "application/yaml";
        String json = "application/json";
        return switch (route) {
            case "GET /healthz", "GET /readyz", "GET /metrics", "GET /api/v1/openapi.json", "GET /api/v1/releases",
                 "GET /api/v1/tokens", "GET /api/v1/environments", "GET /api/v1/whoami", "GET /api/v1/systems/spec" ->
                    send(target, token, route, route.split(" ")[1], null, null);
            case "POST /api/v1/systems/validate", "POST /api/v1/systems/graph", "POST /api/v1/systems/generate",
                 "POST /api/v1/systems/files" ->
                    send(target, token, route, route.split(" ")[1], yaml, SPEC);
            case "POST /api/v1/plans" -> send(target, token, route, "/api/v1/plans", json,
                    planRequest("production", Map.of("api", "2.2.0")));
            case "GET /api/v1/environments/{env}/inventory" ->
                    send(target, token, route, "/api/v1/environments/production/inventory", null, null);
            case "GET /api/v1/history" -> send(target, token, route, "/api/v1/history?environment=production", null,
                    null);
            case "GET /api/v1/releases/{id}" -> send(target, token, route, "/api/v1/releases/r-production-1", null,
                    null);
            case "GET /api/v1/dora" -> send(target, token, route, "/api/v1/dora?environment=production&since=4w",
                    null, null);
            case "POST /api/v1/tokens" -> send(target, token, route, "/api/v1/tokens", json,
                    "{\"name\":\"made-by-matrix\",\"role\":\"viewer\"}");
            case "DELETE /api/v1/tokens/{id}" -> {
                // a fresh victim each time, so that an allowed revoke is 200, not 404 for one revoked before
                String victim = store.tokens().create("victim", Role.VIEWER, Set.of(), "test", T0).info().id();
                yield send(target, token, route, "/api/v1/tokens/" + victim, null, null);
            }
            case "POST /api/v1/releases", "POST /api/v1/releases#production", "POST /api/v1/releases/{id}/cancel",
                 "POST /api/v1/releases/{id}/resume", "POST /api/v1/releases/{id}/rollback",
                 "GET /api/v1/releases/{id}/events", "GET /api/v1/releases/{id}/report" ->
                    target == releasing ? callReleaseRoute(route, token)
                            : send(target, token, route, route.split(" ")[1].split("#")[0]
                            .replace("{id}", "r-staging-1"), json, releaseRequest("staging", Map.of("redis", "7.2.5")));
            case "PUT /api/v1/systems/spec" -> send(target, token, route, "/api/v1/systems/spec", json,
                    specWrite(SPEC, servedSpecHash()));
            case "POST /api/v1/builds" -> send(target, token, route, "/api/v1/builds", json, buildRecord("cart",
                    nextVersion("3.0."), null));
            case "GET /api/v1/builds" -> send(target, token, route, "/api/v1/builds?service=cart", null, null);
            case "POST /api/v1/verifications" -> send(target, token, route, "/api/v1/verifications", json,
                    "{\"consumer\":\"web\",\"consumerVersion\":\"2.0.0\",\"provider\":\"api\","
                            + "\"providerVersion\":\"2.1.0\",\"passed\":true}");
            // staging is not promoted from anywhere in the direct shop: a caller who may promote there is told so
            case "POST /api/v1/environments/{env}/promotions" -> send(target, token, route,
                    "/api/v1/environments/staging/promotions", json, "{}");
            // no caller of the matrix holds an approver grant (approve:ENV): approving is refused to every one
            case "POST /api/v1/releases/{id}/approvals" -> send(target, token, route, "/api/v1/releases/"
                    + (target == releasing ? undoable("staging") : "r-staging-1") + "/approvals", json,
                    "{\"decision\":\"approve\"}");
            case "GET /api/v1/can-i-deploy" -> send(target, token, route,
                    "/api/v1/can-i-deploy?service=cart&version=1.3.0&environment=staging", null, null);
            default -> throw new AssertionError("the matrix has no request for " + route);
        };
    }

    private String servedSpecHash() {
        return call("GET", "/api/v1/systems/spec", "/api/v1/systems/spec").json().get("hash").asString();
    }

    private static String specWrite(String text, String baseHash) {
        return Json.write(Map.of("text", text, "baseHash", baseHash));
    }

    /**
     * A release route of the matrix on the releasing server, in a state where a caller who may use it succeeds: a
     * create changes a version; cancel and resume find a paused release; rollback finds a finished one not yet rolled
     * back. What a success starts is waited for, so that the next request finds the environment free.
     */
    private Response callReleaseRoute(String route, String token) {
        String environment = route.endsWith("#production") ? "production" : "staging";
        String template = route.split(" ")[1].split("#")[0];
        return switch (template) {
            case "/api/v1/releases" -> {
                endPaused(environment);
                Response response = send(releasing, token, route, template, "application/json",
                        releaseRequest(environment, Map.of("redis", nextVersion("7.2."))));
                if (response.status() == 201) {
                    awaitEnded(response.json().get("id").asString());
                }
                yield response;
            }
            case "/api/v1/releases/{id}/cancel", "/api/v1/releases/{id}/resume" -> {
                String id = pausedRelease(environment);
                Response response = send(releasing, token, route, template.replace("{id}", id), null, null);
                if (response.status() == 202) {
                    awaitEnded(id);
                }
                yield response;
            }
            case "/api/v1/releases/{id}/rollback" -> {
                String id = undoable(environment);
                Response response = send(releasing, token, route, template.replace("{id}", id), null, null);
                if (response.status() == 201) {
                    undoable = response.json().get("id").asString(); // a rollback can be rolled back in turn
                    awaitEnded(undoable);
                }
                yield response;
            }
            default -> send(releasing, token, route, template.replace("{id}", undoable(environment)), null, null);
        };
    }

    /** The matrix's paused release, and its finished one that may be rolled back. */
    private String paused;
    private String undoable;

    /** A release of {@code environment} waiting at catalog's manual gate (catalog is installed first if need be). */
    private String pausedRelease(String environment) {
        if (paused != null && releaseService.records().require(paused).state().equals(ReleaseRecord.PAUSED)) {
            return paused;
        }
        install(environment);
        paused = createAs(releaseToken, releaseRequest(environment, Map.of("catalog", nextVersion("1.5.")),
                "catalog"));
        awaitState(paused, ReleaseRecord.PAUSED);
        return paused;
    }

    private String undoable(String environment) {
        if (undoable != null && releaseService.records().require(undoable).rolledBackBy() == null
                && releaseService.records().require(undoable).finished()) {
            return undoable;
        }
        endPaused(environment);
        undoable = createAs(releaseToken, releaseRequest(environment, Map.of("redis", nextVersion("7.2."))));
        awaitEnded(undoable);
        return undoable;
    }

    private void endPaused(String environment) {
        if (paused != null && !releaseService.records().require(paused).finished()
                && releaseService.records().require(paused).environment().equals(environment)) {
            releaseService.cancel(paused, "the matrix");
            awaitEnded(paused);
        }
    }

    private Response send(SlipwayServer target, String token, String route, String path, String contentType,
                          String body) {
        String[] methodAndTemplate = route.split("#")[0].split(" ");
        return call(target, token, methodAndTemplate[0], methodAndTemplate[1], path, contentType, body);
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
        return call(target, adminToken, method, template, path, contentType, body);
    }

    private Response call(SlipwayServer target, String token, String method, String template, String path,
                          String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
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
                answer.headers().firstValue("Content-Type").orElse(""), answer.body(), answer.headers());
        // the one answer that carries a secret is the creation of a token, and then it is the new token's
        if (token != null && response.status() != 201) {
            assertThat(response.body()).as("%s %s answers with the presented token", method, path)
                    .doesNotContain(token);
        }
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

    private static final Set<String> RELEASE_ROUTES = Set.of("POST /api/v1/releases",
            "POST /api/v1/releases/{id}/cancel", "POST /api/v1/releases/{id}/resume",
            "POST /api/v1/releases/{id}/rollback", "GET /api/v1/releases/{id}/events", "GET /api/v1/releases/{id}/report",
            "POST /api/v1/environments/{env}/promotions", "POST /api/v1/releases/{id}/approvals",
            "GET /api/v1/can-i-deploy");

    /** A fresh digest for each build the tests record. */
    private final AtomicInteger digests = new AtomicInteger(1);

    /** The body of POST /api/v1/builds: a new digest unless one is given. */
    private String buildRecord(String service, String version, String digest) {
        ObjectNode build = Json.MAPPER.createObjectNode();
        build.put("service", service);
        build.put("version", version);
        build.put("image", "ghcr.io/acme/shop/" + service);
        build.put("digest", digest != null ? digest
                : "sha256:" + String.format("%064x", digests.getAndIncrement()));
        build.put("commit", "abc1234");
        build.put("builtAt", T0.toString());
        return build.toString();
    }

    /** The body of POST /api/v1/releases; {@code gates}: canary services that wait at a manual gate. */
    private static String releaseRequest(String environment, Map<String, String> versions, String... gates) {
        ObjectNode request = Json.MAPPER.createObjectNode();
        request.put("environment", environment);
        ObjectNode targets = request.putObject("versions");
        new java.util.TreeMap<>(versions).forEach(targets::put);
        if (gates.length > 0) {
            tools.jackson.databind.node.ArrayNode list = request.putArray("gates");
            Arrays.stream(gates).forEach(list::add);
        }
        return request.toString();
    }

    /** {@code prefix} and a patch number no release has used yet. */
    private String nextVersion(String prefix) {
        return prefix + patch.getAndIncrement();
    }

    /** Creates a release on the releasing server as {@code token}; it must start (201). */
    private String createAs(String token, String body) {
        Response created = call(releasing, token, "POST", "/api/v1/releases", "/api/v1/releases", "application/json",
                body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    /**
     * The whole shop runs in {@code environment}, so that catalog can be upgraded with its canary: the sandbox's
     * traffic enters at frontend, and a canary that no request reaches is never judged.
     */
    private void install(String environment) {
        endPaused(environment);
        Map<String, String> shop = new java.util.TreeMap<>(ShopFixture.RUNNING);
        shop.remove("search"); // the fixture's addition, not in examples/shop
        Response response = call(releasing, releaseToken, "POST", "/api/v1/releases", "/api/v1/releases",
                "application/json", releaseRequest(environment, shop));
        if (response.status() == 201) {
            assertThat(awaitEnded(response.json().get("id").asString()).state()).isEqualTo("succeeded");
        } else {
            assertThat(response.status()).as("already installed: nothing changes " + response.body()).isEqualTo(200);
        }
    }

    /** Polls until the release has ended (the sandbox runs 600 times faster than real time: seconds at most). */
    private ReleaseRecord awaitEnded(String id) {
        return await(id, ReleaseRecord::finished, "to end");
    }

    private ReleaseRecord awaitState(String id, String state) {
        return await(id, r -> r.state().equals(state), "to be " + state);
    }

    private ReleaseRecord await(String id, java.util.function.Predicate<ReleaseRecord> done, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            ReleaseRecord record = releaseService.records().require(id);
            if (done.test(record)) {
                return record;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("release " + id + " did not come " + what + " in 30 s: " + record.state()
                        + ", after " + releaseService.records().journal().read(id).stream()
                        .map(t -> t.service() + " " + t.from() + "→" + t.to() + " " + t.reason() + " " + t.failure())
                        .toList());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
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
