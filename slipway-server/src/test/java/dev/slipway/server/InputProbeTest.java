package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import dev.slipway.store.auth.FailedAuthentications;

/**
 * The attacks of issue 15 on what a caller sends (items 1 and 8, and the token names of item 10), each performed as
 * the probe did, against a real server running the example shop on the sandbox.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InputProbeTest {

    private Probe probe;

    @BeforeAll
    void start(@TempDir Path dir) throws IOException {
        probe = new Probe(dir.resolve("data"), new FailedAuthentications(
                SlipwayServer.limiterClock(java.time.InstantSource.system()), 1000, Duration.ofMinutes(1),
                Duration.ofMinutes(5)));
    }

    @AfterAll
    void stop() {
        probe.close();
    }

    /** Item 1: a lone surrogate in a version once wedged every sandbox environment. */
    @Test
    void aLoneSurrogateInAVersionIsRefusedAndEveryEnvironmentKeepsReleasing() {
        // the JSON escape, as the probe sent it: the server's parser makes it a lone UTF-16 surrogate
        probe.postJson("/api/v1/releases", "{\"environment\":\"dev\",\"versions\":{\"redis\":\"7.2.5\\ud800\"}}")
                .isProblem(400, "versions.redis", "surrogate");
        assertThat(probe.get("/api/v1/releases").json().get("releases").size()).isZero();
        assertThat(probe.release("dev", "redis", "7.2.6")).isEqualTo("succeeded");
        assertThat(probe.release("staging", "redis", "7.2.6")).isEqualTo("succeeded");
    }

    @Test
    void everyHostileStringIsA400NamingItsField() {
        String[][] cases = {
                {"{\"environment\":\"dev\",\"versions\":{\"redis\":\"7.2.5\\u0000\"}}", "versions.redis"},
                {"{\"environment\":\"dev\",\"versions\":{\"redis\":\"7.2.5\\u001b[31m\"}}", "versions.redis"},
                {"{\"environment\":\"dev\",\"versions\":{\"redis\":\"7.2.5\\u202e\"}}", "versions.redis"},
                {"{\"environment\":\"dev\",\"versions\":{\"redis\":\"7 2 5\"}}", "versions.redis"},
                {"{\"environment\":\"dev\",\"versions\":{\"redis\":\"" + "9".repeat(200) + "\"}}", "versions.redis"},
                {"{\"environment\":\"dev\\u2066\",\"versions\":{\"redis\":\"7.2.6\"}}", "environment"},
                {"{\"environment\":\"Dev\",\"versions\":{\"redis\":\"7.2.6\"}}", "environment"},
                {"{\"environment\":\"dev\",\"versions\":{\"re\\udc00dis\":\"7.2.6\"}}", "surrogate"},
                {"{\"environment\":\"dev\",\"versions\":{\"Redis\":\"7.2.6\"}}", "versions"},
                {"{\"environment\":\"dev\",\"versions\":{\"redis\":\"7.2.6\"},\"gates\":[\"redis\\u0007\"]}", "gates"},
                {"{\"environment\":\"dev\",\"versions\":{\"redis\":\"7.2.6\"},\"commit\":{\"sha\":\"ab\\u202ecd\"}}",
                        "commit.sha"},
        };
        for (String[] attack : cases) {
            Probe.Answer answer = probe.postJson("/api/v1/releases", attack[0]).isProblem(400, attack[1]);
            assertThat(answer.body()).as("the refusal quotes nothing hostile back")
                    .doesNotContain("\u202e", "\u0000", "\u001b", "\u2066");
            if (!attack[0].contains("gates") && !attack[0].contains("commit")) {
                probe.postJson("/api/v1/plans", attack[0].replace("{\"environment\"",
                        "{\"spec\":\"x: 1\",\"environment\"")).isProblem(400, attack[1]);
            }
        }
        assertThat(probe.get("/api/v1/releases").json().get("releases").toString()).doesNotContain("7.2.5");
        probe.get("/api/v1/history?environment=dev%E2%80%AE").isProblem(400, "environment");
        probe.get("/api/v1/dora?service=a%00b").isProblem(400, "service");
        probe.get("/api/v1/environments/%E2%80%AEdev/inventory").isProblem(404);
        probe.get("/api/v1/releases/r-dev-1%E2%80%AE").isProblem(404);
        probe.get("/api/v1/releases/r-dev-1%00").isProblem(400);
    }

    /** Item 8: {@code "gate"} for {@code "gates"} started a release with no gate. */
    @Test
    void unknownFieldsAndDuplicateKeysAreA400NamingTheField() {
        probe.postJson("/api/v1/releases", "{\"environment\":\"dev\",\"versions\":{\"catalog\":\"2.0.1\"},"
                + "\"gate\":[\"catalog\"]}").isProblem(400, "unknown field \"gate\"", "did you mean \"gates\"");
        probe.postJson("/api/v1/releases", "{\"environment\":\"dev\",\"environment\":\"production\","
                + "\"versions\":{\"catalog\":\"2.0.1\"}}").isProblem(400, "environment");
        probe.postJson("/api/v1/releases", "{\"environment\":\"dev\",\"versions\":{\"catalog\":\"2.0.1\","
                + "\"catalog\":\"2.0.2\"}}").isProblem(400, "catalog");
        probe.postJson("/api/v1/releases", "{\"environment\":\"dev\",\"versions\":{\"catalog\":\"2.0.1\"},"
                + "\"commit\":{\"sha\":\"abcdef1\",\"author\":\"x\"}}").isProblem(400, "commit.author");
        probe.postJson("/api/v1/plans", "{\"spec\":\"x\",\"environment\":\"dev\",\"versions\":{\"a\":\"1.0.0\"},"
                + "\"env\":\"x\"}").isProblem(400, "unknown field \"env\"");
        probe.postJson("/api/v1/tokens", "{\"name\":\"ci\",\"role\":\"viewer\",\"roles\":[\"admin\"]}")
                .isProblem(400, "unknown field \"roles\"");
        assertThat(probe.get("/api/v1/releases?environment=dev").json().get("releases").toString())
                .doesNotContain("2.0.1");
    }

    /** Item 10: token names took NUL, ESC, right-to-left overrides and 100k characters; grants any name. */
    @Test
    void tokenNamesArePrintableAndShortAndGrantsNameEnvironmentsThatExist() {
        for (String name : new String[] {"ci\\u0000", "ci\\u001b[2J", "ci\\u202egnp.exe", "x".repeat(100_001),
                "\\ud83d"}) {
            probe.postJson("/api/v1/tokens", "{\"name\":\"" + name + "\",\"role\":\"viewer\"}").isProblem(400, "name");
        }
        probe.postJson("/api/v1/tokens", "{\"name\":\"ci\",\"role\":\"deployer\",\"grants\":[\"prodution\"]}")
                .isProblem(400, "prodution");
        probe.postJson("/api/v1/tokens", "{\"name\":\"ci\",\"role\":\"deployer\",\"grants\":[\"staging\\u0000\"]}")
                .isProblem(400, "grants");
        Probe.Answer ok = probe.postJson("/api/v1/tokens",
                "{\"name\":\"ci for the shop 🚢\",\"role\":\"deployer\",\"grants\":[\"staging\"]}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        assertThat(probe.get("/api/v1/tokens").body()).doesNotContain("\\u0000", "prodution", "gnp.exe");
    }

    /** Item 10: a create right after a release ended was told, wrongly, that the release "was interrupted". */
    @Test
    void aCreateRightAfterAReleaseEndsIsNeverToldItWasInterrupted() {
        Probe.Answer first = probe.postJson("/api/v1/releases",
                "{\"environment\":\"staging\",\"versions\":{\"rabbitmq\":\"3.13.8\"}}");
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(90).toNanos();
        while (true) {
            Probe.Answer next = probe.postJson("/api/v1/releases",
                    "{\"environment\":\"staging\",\"versions\":{\"rabbitmq\":\"3.13.9\"}}");
            if (next.status() == 201) {
                assertThat(probe.awaitEnd(next.json().get("id").asString())).isEqualTo("succeeded");
                break;
            }
            next.isProblem(409, "is running on staging");
            assertThat(next.body()).doesNotContain("interrupted").doesNotContainPattern("process \\d+");
            assertThat(System.nanoTime()).as("the first release ends").isLessThan(deadline);
        }
        assertThat(probe.get("/api/v1/releases/" + first.json().get("id").asString()).json().get("state")
                .asString()).isEqualTo("succeeded");
    }

    /** Item 10: some refusals came back as Jetty's HTML page. */
    @Test
    void whatJettyRefusesIsAProblemDetailToo() {
        for (String path : new String[] {"/api/v1/releases/%00", "/api/v1/releases/%ff", "/%00/x",
                "/api/v1/history?environment=%ff"}) {
            Probe.Answer answer = probe.get(path);
            assertThat(answer.status()).as(path).isBetween(400, 404);
            assertThat(answer.contentType()).as(path + ": " + answer.body()).startsWith("application/problem+json");
            assertThat(answer.body()).doesNotContain("<html");
        }
        probe.send("DELETE", "/api/v1/tokens/%ff%fe", probe.admin, null, null, java.util.Map.of()).isProblem(400);
        Probe.Answer huge = probe.send("GET", "/api/v1/releases", probe.admin, null, null,
                java.util.Map.of("X-Padding", "p".repeat(64 * 1024)));
        assertThat(huge.status()).isEqualTo(431);
        assertThat(huge.contentType()).as(huge.body()).startsWith("application/problem+json");
        assertThat(probe.get("/healthz").status()).isEqualTo(200);
    }

    /** Item 1, the other half: a sandbox that cannot be saved stops no release, in any environment. */
    @Test
    void aSandboxThatCannotBeSavedPoisonsNoRelease() throws Exception {
        assertThat(probe.release("dev", "redis", "7.3.0")).isEqualTo("succeeded");
        // the sandbox's rows can be read but not written: every save of what runs in an environment fails
        sql("ALTER TABLE sandbox_environments ADD CONSTRAINT no_saves CHECK (environment = '-') NOCHECK");
        try {
            assertThat(probe.release("dev", "redis", "7.3.1")).isEqualTo("succeeded");
            assertThat(probe.release("staging", "redis", "7.3.1")).isEqualTo("succeeded");
            assertThat(probe.store.sandbox().environment("dev")).as("not saved")
                    .hasValueSatisfying(services -> assertThat(services).doesNotContain("7.3.1"));
        } finally {
            sql("ALTER TABLE sandbox_environments DROP CONSTRAINT no_saves");
        }
        assertThat(probe.release("production", "redis", "7.3.1")).isEqualTo("succeeded");
        assertThat(probe.store.sandbox().environment("production")).as("saved again once it can be")
                .hasValueSatisfying(services -> assertThat(services).contains("7.3.1"));
        assertThat(probe.get("/healthz").status()).isEqualTo(200);
        assertThat(probe.get("/api/v1/environments/staging/inventory").body()).contains("7.3.1");
    }

    /** A statement on the probe's H2 database, beside its store (the same database, in this JVM). */
    private void sql(String statement) throws Exception {
        String password = Files.readString(probe.dataDir.resolve("slipway.db-password")).strip();
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(
                "jdbc:h2:file:" + probe.dataDir.toAbsolutePath().resolve("slipway"), "sa", password);
             java.sql.Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }
}
