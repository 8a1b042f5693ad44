package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.load.SpecLoader;
import dev.slipway.sandbox.Faults;
import dev.slipway.run.World;
import dev.slipway.release.ShopFixture;
import dev.slipway.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The server runs releases durably: {@code slipway serve} in its own JVM is killed with SIGKILL at several points
 * of a 12-service release with canaries, started again on the same data directory each time, and the release still
 * ends as it would have: every service at its new version on one track, a journal without a repeated or skipped
 * step, one history row per service, and an audit log that verifies.
 */
class DurableReleasesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ENV = "production";
    /** Steps of the upgrade after which the server is killed: early (first rollouts), mid-canary, late. */
    private static final List<Integer> KILL_AFTER = List.of(3, 11, 22);

    @TempDir
    Path tmp;

    @Test
    void aServerKilledAtSeveralPointsOfAReleaseResumesItToAConsistentEnd() throws IOException {
        Path spec = tmp.resolve("slipway.yaml");
        Files.writeString(spec, ShopFixture.directYaml() + ShopFixture.SEARCH);
        Path data = tmp.resolve("data");
        String token = adminToken(data);
        int port = ServerProcess.freePort();
        List<String> args = List.of("--config", spec.toString(), "--data-dir", data.toString(), "--speed", "120");
        Path logs = tmp.resolve("logs");
        ServerProcess server = ServerProcess.start(port, token, logs, Map.of(), args);
        try {
            String install = server.createRelease(ENV, ShopFixture.RUNNING);
            assertThat(server.awaitEnd(install)).isEqualTo("succeeded");

            String upgrade = server.createRelease(ENV, ShopFixture.NEXT);
            for (int step : KILL_AFTER) {
                assertThat(server.reaches(upgrade, line -> line.equals("id: " + step)))
                        .as("the release is still running at step %d", step).isTrue();
                server.kill();
                server = ServerProcess.start(port, token, logs, Map.of(), args);
            }
            assertThat(server.awaitEnd(upgrade)).as(server.logText()).isEqualTo("succeeded");

            assertJournalIsOneUnbrokenChain(server, upgrade);
            assertThat(server.runningIn(ENV)).isEqualTo(ShopFixture.NEXT);
            List<String> historyOfUpgrade = new ArrayList<>();
            for (JsonNode row : json(server.get("/api/v1/history?environment=" + ENV).body()).get("deployments")) {
                if (upgrade.equals(row.get("release").asString())) {
                    historyOfUpgrade.add(row.get("service").asString());
                    assertThat(row.get("outcome").asString()).isEqualTo("succeeded");
                }
            }
            assertThat(historyOfUpgrade).as("one history row per service, none twice")
                    .containsExactlyInAnyOrderElementsOf(ShopFixture.NEXT.keySet());
            assertThat(server.logText()).contains("\"event\":\"resuming\"", upgrade);
        } finally {
            server.close();
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "audit", "verify",
                "--data-dir", data.toString())).as(out + " " + err).isZero();
        try (Store store = Store.h2(data)) {
            assertThat(store.auditLog().read()).filteredOn(row -> row.action().equals("create-release"))
                    .as("both releases were created through the API, and audited once each")
                    .extracting(row -> row.outcome()).containsExactly("allowed", "allowed");
        }
    }

    @Test
    void aServerKilledAsACanaryFailsAndAgainMidRollbackFinishesTheCoordinatedRollback() throws IOException {
        Path spec = tmp.resolve("slipway.yaml");
        Files.writeString(spec, ShopFixture.directYaml() + ShopFixture.SEARCH);
        Path data = tmp.resolve("data");
        // catalog 2.0.0 fails 30 % of its requests: its canary fails, and everything the release changed goes back
        Path faults = Files.writeString(tmp.resolve("faults.yaml"),
                "- {service: catalog, version: 2.0.0, errorRate: 0.3, latencyFactor: 1.0, crashLoop: false}\n");
        try (World world = World.open(data, SpecLoader.load(spec).spec().orElseThrow(), 0)) {
            world.inject(Faults.load(faults).faults().orElseThrow());
            world.save();
        }
        String token = adminToken(data);
        int port = ServerProcess.freePort();
        List<String> args = List.of("--config", spec.toString(), "--data-dir", data.toString(), "--speed", "120");
        Path logs = tmp.resolve("logs");
        ServerProcess server = ServerProcess.start(port, token, logs, Map.of(), args);
        try {
            String install = server.createRelease(ENV, ShopFixture.RUNNING);
            assertThat(server.awaitEnd(install)).isEqualTo("succeeded");
            var created = server.post("/api/v1/releases", JSON.writeValueAsString(Map.of("environment", ENV,
                    "versions", ShopFixture.NEXT, "onFailure", "rollback-all")));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String faulty = json(created.body()).get("id").asString();

            for (String moment : List.of("\"failure\":true", "\"to\":\"rolled-back\"")) {
                assertThat(server.reaches(faulty, line -> line.contains(moment)))
                        .as("killed when %s, before the end", moment).isTrue();
                server.kill();
                server = ServerProcess.start(port, token, logs, Map.of(), args);
            }
            assertThat(server.awaitEnd(faulty)).as(server.logText()).isEqualTo("rolled-back");

            assertJournalIsOneUnbrokenChain(server, faulty);
            assertThat(server.runningIn(ENV)).as("everything back where it was").isEqualTo(ShopFixture.RUNNING);
            JsonNode report = json(server.get("/api/v1/releases/" + faulty + "/report").body());
            assertThat(report.get("failure").get("service").asString()).isEqualTo("catalog");
            assertThat(report.get("failure").get("metric").asString()).isEqualTo("error-rate");
        } finally {
            server.close();
        }
    }

    /** Sequence numbers 0..n without a gap, and each service's steps chained: every step starts where the last ended. */
    private static void assertJournalIsOneUnbrokenChain(ServerProcess server, String release) {
        List<JsonNode> steps = new ArrayList<>();
        server.follow(release, line -> {
            if (line.startsWith("data: {\"sequence\"")) {
                steps.add(json(line.substring("data: ".length())));
            }
            return line.equals("event: end");
        });
        assertThat(steps).hasSizeGreaterThan(KILL_AFTER.getLast());
        Map<String, String> last = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            JsonNode step = steps.get(i);
            assertThat(step.get("sequence").asLong()).isEqualTo(i);
            String service = step.get("service").isNull() ? "(release)" : step.get("service").asString();
            String from = step.get("from").asString();
            String expected = last.getOrDefault(service, service.equals("(release)") ? "new" : "pending");
            assertThat(from).as("step %d of %s starts where its last ended: %s", i, service, step).isEqualTo(expected);
            last.put(service, step.get("to").asString());
        }
    }



    private static String adminToken(Path data) {
        StringWriter issued = new StringWriter();
        assertThat(Main.run(new PrintWriter(issued, true), new PrintWriter(new StringWriter(), true), "token",
                "create", "--name", "ci", "--role", "deployer", "--grant", ENV, "--data-dir", data.toString()))
                .isZero();
        return issued.toString().strip();
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }
}
