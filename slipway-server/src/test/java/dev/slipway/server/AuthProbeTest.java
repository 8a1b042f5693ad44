package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.store.AuditEntry;
import dev.slipway.store.auth.FailedAuthentications;
import dev.slipway.store.auth.Role;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks of issue 15 on authentication, the audit log, metrics and methods (items 3, 5, 6, 7 and the HEAD of
 * item 10), each against a real server with the standard failure limit (10 in a minute refuse for 5 minutes).
 * All requests come from 127.0.0.1: one shared address, as behind an ingress.
 */
class AuthProbeTest {

    private static final String JUNK = "slw_" + "J".repeat(43);

    private Probe probe;

    @BeforeEach
    void start(@TempDir Path dir) throws IOException {
        probe = new Probe(dir.resolve("data"), FailedAuthentications.standard(
                SlipwayServer.limiterClock(InstantSource.system())));
    }

    @AfterEach
    void stop() {
        probe.close();
    }

    /** Item 3: 10 junk tokens from a shared address gave every caller, valid tokens included, 429 for 5 minutes. */
    @Test
    void junkTokensFromASharedAddressNeverLockAValidTokenOut() {
        String viewer = probe.store.tokens().create("viewer", Role.VIEWER, Set.of(), "test", Instant.now()).secret();
        for (int i = 0; i < 12; i++) {
            String junk = "slw_" + String.format("%043d", i);
            int status = probe.send("GET", "/api/v1/releases", junk, null, null, Map.of()).status();
            assertThat(status).as("junk token %d", i).isIn(401, 429);
        }
        probe.send("GET", "/api/v1/releases", JUNK, null, null, Map.of()).isProblem(429);
        // the address is refused for guesses, but a valid token is let through, cached or looked up
        assertThat(probe.get("/api/v1/releases").status()).isEqualTo(200);
        assertThat(probe.send("GET", "/api/v1/releases", viewer, null, null, Map.of()).status()).isEqualTo(200);
    }

    /** Item 3: behind a trusted proxy, each client is limited by its own address; X-Forwarded-For from others is not believed. */
    @Test
    void aTrustedProxysClientsAreLimitedEachByItsOwnAddress() {
        try (SlipwayServer behindProxy = new SlipwayServer(probe.store, probe.log::add, InstantSource.system(),
                FailedAuthentications.standard(SlipwayServer.limiterClock(InstantSource.system())))
                .trustProxies(List.of("127.0.0.1")).start(0)) {
            java.util.function.BiFunction<String, String, Integer> get = (token, client) -> {
                try {
                    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + behindProxy.port() + "/api/v1/releases")).header("X-Forwarded-For", client);
                    if (token != null) {
                        request.header("Authorization", "Bearer " + token);
                    }
                    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode();
                } catch (IOException | InterruptedException e) {
                    throw new AssertionError(e);
                }
            };
            for (int i = 0; i < 10; i++) {
                assertThat(get.apply("slw_" + String.format("%043d", i), "203.0.113.7")).isEqualTo(401);
            }
            assertThat(get.apply(null, "203.0.113.7")).as("the guesser").isEqualTo(429);
            assertThat(get.apply(null, "198.51.100.2")).as("another client of the proxy").isEqualTo(401);
            assertThat(get.apply(null, "203.0.113.7, 198.51.100.2")).as("the right-most entry counts")
                    .isEqualTo(401);
            assertThat(get.apply(probe.admin, "203.0.113.7")).as("a valid token from the guesser's address")
                    .isEqualTo(200);
        }
        // the probe's own server trusts no proxy: the header is the caller's to write, and is ignored
        for (int i = 0; i < 10; i++) {
            probe.send("GET", "/api/v1/releases", null, null, null, Map.of("X-Forwarded-For", "192.0.2." + i));
        }
        probe.send("GET", "/api/v1/releases", null, null, null, Map.of("X-Forwarded-For", "192.0.2.99"))
                .isProblem(429);
    }

    /** Item 3: a credential that keeps failing (a revoked token in a forgotten job) is refused by itself. */
    @Test
    void oneCredentialRetriedIsRefusedWithoutTouchingOthers() {
        for (int i = 0; i < 10; i++) {
            probe.send("GET", "/api/v1/releases", JUNK, null, null, Map.of());
        }
        Probe.Answer refused = probe.send("GET", "/api/v1/releases", JUNK, null, null, Map.of()).isProblem(429);
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 300L);
        assertThat(probe.get("/api/v1/releases").status()).isEqualTo(200);
    }

    /** Item 5: 600 anonymous requests wrote 600 audit rows, and none was refused. */
    @Test
    void anonymousTrafficIsLimitedAndItsDenialsAggregated() {
        long before = probe.store.auditLog().read().size();
        int refused = 0;
        for (int i = 0; i < 600; i++) {
            int status = probe.send("POST", "/api/v1/tokens", null, "application/json",
                    "{\"name\":\"x\",\"role\":\"admin\"}", Map.of()).status();
            assertThat(status).isIn(401, 429);
            refused += status == 429 ? 1 : 0;
        }
        assertThat(refused).as("refused once the address had its 10").isGreaterThanOrEqualTo(590);
        probe.server.close(); // writes the counts still pending
        List<AuditEntry> rows = probe.store.auditLog().read();
        assertThat(rows.size() - before).as("rows: %s", rows).isBetween(1L, 3L);
        assertThat(rows.getLast().target()).contains("more denied attempts");
        assertThat(probe.store.auditLog().verify().intact()).isTrue();
    }

    /** Item 6: every invented method name became a label value of its own. */
    @Test
    void inventedMethodsDoNotGrowTheMetrics() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 200; i++) {
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + probe.server.port() + "/healthz"))
                    .method("INVENTED" + i, HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        String metrics = probe.get("/metrics").body();
        assertThat(metrics).doesNotContain("INVENTED").contains("method=\"other\"");
        assertThat(metrics.length()).as("bytes").isLessThan(400_000);
    }

    /** Item 7: a GET with X-HTTP-Method-Override: POST created a release. */
    @Test
    void methodOverrideHeadersAreRefused() {
        for (String header : RequestGate.METHOD_OVERRIDES) {
            probe.send("GET", "/api/v1/releases", probe.admin, "application/json",
                    "{\"environment\":\"dev\",\"versions\":{\"redis\":\"7.2.9\"}}", Map.of(header, "POST"))
                    .isProblem(400, header);
        }
        assertThat(probe.get("/api/v1/releases").json().get("releases").size()).isZero();
        assertThat(probe.store.releases().list()).isEmpty();
    }

    /** Item 10: HEAD on a guarded route answered 200 without a token. */
    @Test
    void headOnAGuardedRouteNeedsAToken() {
        for (String path : new String[] {"/api/v1/releases", "/api/v1/tokens", "/api/v1/environments",
                "/api/v1/history?environment=dev"}) {
            probe.send("HEAD", path, null, null, null, Map.of()).isProblemStatus(405);
        }
        assertThat(probe.send("HEAD", "/healthz", null, null, null, Map.of()).status()).isEqualTo(200);
    }
}
