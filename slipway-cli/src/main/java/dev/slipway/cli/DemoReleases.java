package dev.slipway.cli;

import dev.slipway.model.SystemSpec;
import dev.slipway.model.UserError;
import dev.slipway.release.report.ReportText;
import dev.slipway.sandbox.Faults;
import dev.slipway.run.ClusterAccess;
import dev.slipway.run.ReleaseService;
import dev.slipway.run.World;
import dev.slipway.store.Store;
import dev.slipway.sandbox.SandboxCluster;
import dev.slipway.store.auth.Authorizer;
import dev.slipway.store.auth.Role;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo's second act: the Slipway server on a fresh sandbox (an H2 database in the demo's temporary data
 * directory), and the road from a build to production driven through its API as a CI pipeline would: builds recorded
 * once, a release to dev, promotions of the same digests to staging and to production (which waits for its soak and
 * for an approval by a second person), each release followed on its event stream. Then a faulty catalog 2.0.0 fails
 * its canary in dev and is rolled back the coordinated way (rollback-all), so it never reaches staging; the fixed
 * 2.0.1 travels the whole road.
 */
final class DemoReleases {

    static final String FIRST = "dev";
    static final String STAGING = "staging";
    static final String ENV = "production";
    static final List<String> INSTALL = List.of("postgres=16.4.0", "rabbitmq=3.13.7", "redis=7.2.5", "cart=1.0.0",
            "catalog=1.0.0", "checkout=1.0.0", "frontend=1.0.0", "notifications=1.0.0", "payments=1.0.0",
            "recommendations=1.0.0", "shipping=1.0.0");
    static final List<String> FAULTY = List.of("cart=1.1.0", "payments=1.1.0", "catalog=2.0.0",
            "recommendations=1.1.0", "frontend=1.1.0");
    static final List<String> FIXED = List.of("cart=1.1.0", "payments=1.1.0", "catalog=2.0.1",
            "recommendations=1.1.0", "frontend=1.1.0");
    static final String FAULTS = "# the demo's faulty build: catalog 2.0.0 fails 30 % of its requests\n"
            + "- {service: catalog, version: 2.0.0, errorRate: 0.3, latencyFactor: 1.0, crashLoop: false}\n";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PrintWriter out;
    private final PrintWriter err;
    private final Path specFile;
    private final Path work;
    private final double speed;
    private final boolean headless;
    private final int port;

    DemoReleases(PrintWriter out, PrintWriter err, Path specFile, Path work, double speed, boolean headless,
                 int port) {
        this.out = out;
        this.err = err;
        this.specFile = specFile;
        this.work = work;
        this.speed = speed;
        this.headless = headless;
        this.port = port;
    }

    int run() throws IOException, InterruptedException {
        Optional<SystemSpec> loaded = SpecOption.load(specFile, err);
        if (loaded.isEmpty()) {
            return 1;
        }
        SystemSpec spec = loaded.get();
        Path data = work.resolve("data");
        injectFaults(spec, data);
        Path log = work.resolve("server.log");
        try (Store store = Store.h2(data);
             PrintWriter serverLog = new PrintWriter(Files.newBufferedWriter(log), true)) {
            String token = store.tokens().create("ci", Role.ADMIN, Set.of(ENV), "slipway demo", Instant.now())
                    .secret();
            String approverToken = store.tokens().create("bob", Role.DEPLOYER,
                    Set.of(Authorizer.approverGrant(ENV)), "slipway demo", Instant.now()).secret();
            ControlPlane.Releases releases = new ControlPlane.Releases(spec, specFile, ClusterAccess.DEFAULT,
                    Optional.empty(), speed, Optional.empty());
            try (ControlPlane plane = ControlPlane.start(store, data, Optional.of(releases), port, line -> {
                synchronized (serverLog) {
                    serverLog.println(line);
                }
            })) {
                String api = "http://localhost:" + plane.port() + "/api/v1";
                out.printf("%n── the Slipway server runs on the sandbox (real time x%s)%n%n"
                                + "   UI:       http://localhost:%d/   (sign in with the token below)%n"
                                + "   API:      %s   (OpenAPI document: %s/openapi.json)%n"
                                + "   token:    %s   (\"ci\": an admin token of this demo's database)%n"
                                + "   approver: %s   (\"bob\": may approve releases to production)%n"
                                + "   try:      curl -H 'Authorization: Bearer %s' %s/releases%n"
                                + "   log:      %s%n", format(speed), plane.port(), api, api, token, approverToken,
                        token, api, log.toString().replace(work.toString(), "$DEMO"));
                out.flush();
                Api ci = new Api(api, token);
                Api bob = new Api(api, approverToken);
                if (!road(ci, bob, "the shop, installed in dependency order", INSTALL)) {
                    return 1;
                }
                recordBuilds(ci, FAULTY);
                if (!release(ci, "a faulty catalog 2.0.0 in dev; its canary fails and the release is rolled back",
                        FIRST, FAULTY, Map.of("onFailure", "rollback-all"), "rolled-back")) {
                    return 1;
                }
                ReleaseService service = plane.releases().orElseThrow();
                String failed = lastRelease(service, FIRST);
                out.printf("%n── why %s was rolled back (GET /api/v1/releases/%s/report)%n%n", failed, failed);
                out.print(ReportText.render(service.records().report(service.records().require(failed))));
                if (!road(ci, bob, "the fixed catalog 2.0.1", FIXED)) {
                    return 1;
                }
                out.printf("%n── what runs in production now%n%n");
                out.flush();
                int status = Main.run(out, err, "status", "-f", specFile.toString(), "--data-dir", data.toString(),
                        "--env", ENV);
                if (status != 0) {
                    return status;
                }
                summary(api);
                if (!headless) {
                    out.printf("%nThe server keeps running at %s with the tokens above; Ctrl-C stops it.%n", api);
                    out.printf("Open the web UI: http://localhost:%d/ (sign in with a token above)%n", plane.port());
                    out.flush();
                    awaitInterrupt();
                }
                return 0;
            }
        }
    }

    /**
     * One change along the whole road: its builds recorded, released to dev, promoted to staging, then to production
     * once it has soaked in staging, where it waits for bob's approval.
     */
    private boolean road(Api ci, Api bob, String what, List<String> sets) throws IOException, InterruptedException {
        recordBuilds(ci, sets);
        return release(ci, what + ": builds recorded, released to dev", FIRST, sets, Map.of(), "succeeded")
                && promote(ci, bob, STAGING, what)
                && promote(ci, bob, ENV, what);
    }

    /** Records each version's build as CI would after pushing it: the digest the registry answered. */
    private void recordBuilds(Api ci, List<String> sets) throws IOException, InterruptedException {
        for (String set : sets) {
            String service = set.substring(0, set.indexOf('='));
            String version = set.substring(set.indexOf('=') + 1);
            Map<String, Object> build = new LinkedHashMap<>();
            build.put("service", service);
            build.put("version", version);
            build.put("image", "registry.example/shop/" + service);
            build.put("digest", SandboxCluster.digest(service, version));
            build.put("commit", "c0ffee" + Integer.toHexString(set.hashCode()));
            HttpResponse<String> recorded = ci.post("/builds", JSON.writeValueAsString(build));
            if (recorded.statusCode() >= 300) {
                throw new UserError("the server refused the build of " + set + " (" + recorded.statusCode() + "): "
                        + recorded.body(), null);
            }
        }
        out.printf("%n── CI built and recorded %d images once: POST /api/v1/builds%n", sets.size());
        out.flush();
    }

    /**
     * Promotes what runs in the environment before {@code environment}; while its source has not soaked long enough
     * the promotion is refused (the demo shows the gate once, then tries again when the sandbox's time has passed).
     * A release that waits for approval is approved by bob.
     */
    private boolean promote(Api ci, Api bob, String environment, String what) throws IOException, InterruptedException {
        out.printf("%n── %s: promoted to %s%n   POST /api/v1/environments/%s/promotions%n", what, environment,
                environment);
        out.flush();
        HttpResponse<String> created = ci.post("/environments/" + environment + "/promotions", "{}");
        boolean shown = false;
        while (created.statusCode() == 422 && onlySoakUnmet(created.body())) {
            if (!shown) {
                out.printf("   refused for now: %s%n", gate(created.body(), "soak"));
                out.flush();
                shown = true;
            }
            Thread.sleep(200);
            created = ci.post("/environments/" + environment + "/promotions", "{}");
        }
        if (created.statusCode() != 201) {
            err.printf("demo: the server refused the promotion (%d): %s%n", created.statusCode(), created.body());
            err.flush();
            return false;
        }
        JsonNode release = JSON.readTree(created.body());
        for (JsonNode gate : release.get("gates")) {
            out.printf("   gate %-16s %s%n", gate.get("name").asString(), gate.get("detail").asString());
        }
        String id = release.get("id").asString();
        if (release.get("state").asString().equals("awaiting-approval")) {
            out.printf("%n   %s awaits approval; bob approves it: POST /api/v1/releases/%s/approvals%n", id, id);
            out.flush();
            HttpResponse<String> approved = bob.post("/releases/" + id + "/approvals",
                    "{\"decision\":\"approve\",\"comment\":\"staging soaked, looks good\"}");
            if (approved.statusCode() != 202) {
                err.printf("demo: the approval was refused (%d): %s%n", approved.statusCode(), approved.body());
                err.flush();
                return false;
            }
        }
        return followed(ci, id, "succeeded");
    }

    private static boolean onlySoakUnmet(String body) {
        JsonNode gates = JSON.readTree(body).get("gates");
        if (gates == null) {
            return false;
        }
        boolean soak = false;
        for (JsonNode gate : gates) {
            if (!gate.get("ok").asBoolean()) {
                if (!gate.get("name").asString().equals("soak")) {
                    return false;
                }
                soak = true;
            }
        }
        return soak;
    }

    private static String gate(String body, String name) {
        for (JsonNode gate : JSON.readTree(body).get("gates")) {
            if (gate.get("name").asString().equals(name)) {
                return name + ": " + gate.get("detail").asString();
            }
        }
        return name;
    }

    private static String lastRelease(ReleaseService service, String environment) {
        List<String> ids = service.records().all().stream().filter(r -> r.environment().equals(environment))
                .map(r -> r.id()).toList();
        return ids.getLast();
    }

    /** The demo's faulty build, in the sandbox before the server opens it: only catalog 2.0.0 fails. */
    private void injectFaults(SystemSpec spec, Path data) throws IOException {
        Path faults = work.resolve("faults.yaml");
        Files.writeString(faults, FAULTS);
        Faults.Load load = Faults.load(faults);
        if (!load.ok()) {
            throw new IllegalStateException("the demo's faults do not load: " + load.problems());
        }
        try (World world = World.open(data, spec, 0)) {
            load.faults().ifPresent(world::inject);
            world.save();
        }
    }

    /** Sends a release to the API and follows its event stream to the end; true when it ended as expected. */
    private boolean release(Api api, String title, String environment, List<String> sets, Map<String, Object> options,
                            String expected) throws IOException, InterruptedException {
        out.printf("%n── %s%n   POST /api/v1/releases %s (versions alone: the recorded digests)%n", title,
                String.join(" ", sets));
        out.flush();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("environment", environment);
        Map<String, String> versions = new LinkedHashMap<>();
        for (String set : sets) {
            versions.put(set.substring(0, set.indexOf('=')), set.substring(set.indexOf('=') + 1));
        }
        body.put("versions", versions);
        body.putAll(options);
        HttpResponse<String> created = api.post("/releases", JSON.writeValueAsString(body));
        if (created.statusCode() != 201) {
            err.printf("demo: the server refused the release (%d): %s%n", created.statusCode(), created.body());
            err.flush();
            return false;
        }
        return followed(api, JSON.readTree(created.body()).get("id").asString(), expected);
    }

    /** Follows a release to its end; true when it ended as expected. */
    private boolean followed(Api api, String id, String expected) throws IOException, InterruptedException {
        out.println();
        String state = follow(api, id);
        out.printf("%n   Release %s %s%n", id, state);
        out.flush();
        if (!state.equals(expected)) {
            err.printf("demo: release %s ended %s, expected %s%n", id, state, expected);
            err.flush();
            return false;
        }
        return true;
    }

    /** Prints each step of the release as its event stream sends it; the release's final state. */
    private String follow(Api api, String id) throws IOException, InterruptedException {
        List<String> failures = new ArrayList<>();
        String[] state = {"?"};
        String[] event = {""};
        try (Stream<String> lines = api.events(id)) {
            lines.forEach(line -> {
                if (line.startsWith("event: ")) {
                    event[0] = line.substring("event: ".length());
                } else if (line.startsWith("data: ")) {
                    JsonNode data = JSON.readTree(line.substring("data: ".length()));
                    if (event[0].equals("end")) {
                        state[0] = data.get("state").asString();
                    } else if (!data.get("service").isNull()) {
                        out.printf("   %-16s %-15s → %-15s %s%n", data.get("service").asString(),
                                data.get("from").asString(), data.get("to").asString(), data.get("reason").asString());
                        out.flush();
                        if (data.get("failure").asBoolean()) {
                            failures.add(data.get("service").asString() + " failed: " + data.get("reason").asString());
                        }
                    }
                }
            });
        }
        failures.forEach(f -> out.println("   " + f));
        return state[0];
    }

    private void summary(String api) {
        out.printf("%n── summary%n%n"
                + "  Every image was built once and recorded (POST /api/v1/builds); releases named versions alone and%n"
                + "  got the recorded digests. dev took the release; staging and production were promotions of exactly%n"
                + "  what ran healthy before them (nothing rebuilt), production only once staging had soaked and bob,%n"
                + "  not the token that started it, had approved. The faulty catalog 2.0.0 failed its first canary step%n"
                + "  in dev (30 %% errors at 10 %% of the traffic): catalog was rolled back, its dependents never started%n"
                + "  and the services already promoted went back too (onFailure: rollback-all), so it never reached%n"
                + "  staging. Every step went through the server's API (%s), journaled in its database first: a%n"
                + "  server killed at any moment resumes its releases.%n%n"
                + "Run it yourself: ./slipway serve --config examples/shop/slipway.yaml --speed 60%n", api);
        out.flush();
    }

    private static void awaitInterrupt() throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "slipway-demo-stop"));
        stop.await();
    }

    private static String format(double speed) {
        return speed == Math.rint(speed) ? String.valueOf((long) speed) : String.valueOf(speed);
    }

    /** The demo's client of the API: a bearer token on every call. */
    private record Api(String base, String token) {

        private static final HttpClient HTTP = HttpClient.newHttpClient();

        HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json))
                    .build(), HttpResponse.BodyHandlers.ofString());
        }

        Stream<String> events(String release) throws IOException, InterruptedException {
            HttpResponse<Stream<String>> response = HTTP.send(HttpRequest.newBuilder(
                            URI.create(base + "/releases/" + release + "/events"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                throw new UserError("the event stream of " + release + " answered " + response.statusCode(), null);
            }
            return response.body();
        }
    }
}
