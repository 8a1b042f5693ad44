package dev.slipway.cli;

import dev.slipway.model.SystemSpec;
import dev.slipway.model.UserError;
import dev.slipway.release.report.ReportText;
import dev.slipway.sandbox.Faults;
import dev.slipway.run.ClusterAccess;
import dev.slipway.run.ReleaseService;
import dev.slipway.run.World;
import dev.slipway.store.Store;
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
 * directory), and three releases of the example shop sent to its API as a CI pipeline would, each followed on its
 * event stream. Release 1 installs every service in dependency order; release 2 carries a catalog 2.0.0 that fails
 * 30 % of its requests, so its canary fails at the first step and the release is rolled back the coordinated way
 * (rollback-all: what was already promoted goes back too, dependents first); release 3 brings a redis 7.4.1 whose
 * one-pod rolling update completes before it could be judged and which fails 15 % of its requests: its verification
 * window catches it against 7.2.5's traffic before the release, redis goes back and its dependents in the release
 * (cart, recommendations), which wait for its verification, never start; release 4 ships the fixed catalog 2.0.1.
 */
final class DemoReleases {

    static final String ENV = "production";
    static final List<String> INSTALL = List.of("postgres=16.4.0", "rabbitmq=3.13.7", "redis=7.2.5", "cart=1.0.0",
            "catalog=1.0.0", "checkout=1.0.0", "frontend=1.0.0", "notifications=1.0.0", "payments=1.0.0",
            "recommendations=1.0.0", "shipping=1.0.0");
    static final List<String> FAULTY = List.of("cart=1.1.0", "payments=1.1.0", "catalog=2.0.0",
            "recommendations=1.1.0", "frontend=1.1.0");
    static final List<String> UNVERIFIED = List.of("redis=7.4.1", "cart=1.2.0", "recommendations=1.2.0");
    static final List<String> FIXED = List.of("cart=1.1.0", "payments=1.1.0", "catalog=2.0.1",
            "recommendations=1.1.0", "frontend=1.1.0");
    static final String FAULTS = "# the demo's faulty build: catalog 2.0.0 fails 30 % of its requests\n"
            + "- {service: catalog, version: 2.0.0, errorRate: 0.3, latencyFactor: 1.0, crashLoop: false}\n"
            + "# and redis 7.4.1 fails 15 % of its requests once it runs\n"
            + "- {service: redis, version: 7.4.1, errorRate: 0.15, latencyFactor: 1.0, crashLoop: false}\n";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PrintWriter out;
    private final PrintWriter err;
    private final Path specFile;
    private final Path work;
    private final double speed;
    private final boolean headless;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

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
            String token = store.tokens().create("demo", Role.ADMIN, Set.of(ENV), "slipway demo", Instant.now())
                    .secret();
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
                                + "   token:    %s   (an admin token of this demo's database)%n"
                                + "   try:      curl -H 'Authorization: Bearer %s' %s/releases%n"
                                + "   log:      %s%n", format(speed), plane.port(), api, api, token, token, api,
                        log.toString().replace(work.toString(), "$DEMO"));
                out.flush();
                Api client = new Api(api, token);
                if (!release(client, "release 1: install the shop in dependency order", INSTALL, Map.of(),
                        "succeeded")) {
                    return 1;
                }
                if (!release(client, "release 2: a faulty catalog 2.0.0; its canary fails and the release is "
                        + "rolled back", FAULTY, Map.of("onFailure", "rollback-all"), "rolled-back")) {
                    return 1;
                }
                ReleaseService service = plane.releases().orElseThrow();
                out.printf("%n── why release 2 was rolled back (GET /api/v1/releases/r-%s-2/report)%n%n", ENV);
                out.print(ReportText.render(service.records().report(service.records().require("r-" + ENV + "-2"))));
                if (!release(client, "release 3: redis 7.4.1 rolls out in one wave, then fails in its verification "
                        + "window", UNVERIFIED, Map.of(), "rolled-back")) {
                    return 1;
                }
                out.printf("%n── why release 3 was rolled back (GET /api/v1/releases/r-%s-3/report)%n%n", ENV);
                out.print(ReportText.render(service.records().report(service.records().require("r-" + ENV + "-3"))));
                if (!release(client, "release 4: the fixed catalog 2.0.1", FIXED, Map.of(), "succeeded")) {
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
                    out.printf("%nThe server keeps running at %s with the token above; Ctrl-C stops it.%n", api);
                    out.printf("Open the web UI: http://localhost:%d/ (sign in with the token above)%n", plane.port());
                    out.flush();
                    awaitInterrupt();
                }
                return 0;
            }
        }
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
    private boolean release(Api api, String title, List<String> sets, Map<String, Object> options, String expected)
            throws IOException, InterruptedException {
        out.printf("%n── %s%n   POST /api/v1/releases %s%n%n", title, String.join(" ", sets));
        out.flush();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("environment", ENV);
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
        String id = JSON.readTree(created.body()).get("id").asString();
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
                + "  release 1 installed all 11 services, each once the services it depends on were up;%n"
                + "  release 2's catalog 2.0.0 failed in its first canary step (30 %% errors at 10 %% of the traffic):%n"
                + "  catalog was rolled back, its dependents recommendations and frontend never started, and the%n"
                + "  services already promoted (cart, payments) were rolled back too (onFailure: rollback-all);%n"
                + "  release 3's redis 7.4.1 completed its rolling update before it served a request, and its%n"
                + "  verification window caught it (15 %% errors against 7.2.5's 0 %% before the release): redis%n"
                + "  went back to 7.2.5, and cart and recommendations, waiting for its verification, never started;%n"
                + "  release 4 shipped the fixed catalog 2.0.1. Every step went through the server's API (%s),%n"
                + "  journaled in its database first: a server killed at any moment resumes its releases.%n%n"
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
