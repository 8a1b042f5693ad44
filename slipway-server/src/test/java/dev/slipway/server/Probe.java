package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.release.ShopFixture;
import dev.slipway.run.ClusterAccess;
import dev.slipway.run.ReleaseRecords;
import dev.slipway.run.ReleaseService;
import dev.slipway.store.Store;
import dev.slipway.store.auth.FailedAuthentications;
import dev.slipway.store.auth.Role;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;

/**
 * A real server for the attack tests: the example shop on the sandbox (600 times real time) with a real H2 store,
 * reached over real HTTP; an admin token granted every environment. What a hostile caller would send is sent as
 * raw text, so that nothing on the client side cleans it first.
 */
final class Probe implements AutoCloseable {

    record Answer(int status, String contentType, String body, java.net.http.HttpHeaders headers) {
        JsonNode json() {
            return Json.MAPPER.readTree(body);
        }

        /** HEAD has no body: the status and the problem's content type. */
        Answer isProblemStatus(int expected) {
            assertThat(status).isEqualTo(expected);
            assertThat(contentType).startsWith("application/problem+json");
            return this;
        }

        /** The answer is a problem detail of {@code status} whose detail mentions each of {@code words}. */
        Answer isProblem(int expected, String... words) {
            assertThat(status).as(body).isEqualTo(expected);
            assertThat(contentType).as(body).startsWith("application/problem+json");
            JsonNode problem = json();
            assertThat(problem.get("status").asInt()).isEqualTo(expected);
            for (String word : words) {
                assertThat(problem.get("detail").asString()).as(body).contains(word);
            }
            return this;
        }
    }

    final Path dataDir;
    final Store store;
    final ReleaseService releases;
    final SlipwayServer server;
    final String admin;
    final List<String> log = new CopyOnWriteArrayList<>();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Probe(Path dataDir, FailedAuthentications failures) throws IOException {
        this.dataDir = dataDir;
        Files.createDirectories(dataDir);
        Path specFile = Files.writeString(dataDir.resolve("slipway.yaml"), ShopFixture.directYaml());
        store = Store.h2(dataDir);
        admin = store.tokens().create("probe-admin", Role.ADMIN, Set.of("dev", "staging", "production"), "test",
                Instant.now()).secret();
        releases = new ReleaseService(new ReleaseRecords(store, dataDir),
                dev.slipway.model.load.SpecLoader.load(ShopFixture.directYaml(), "slipway.yaml").orThrow(), specFile,
                ClusterAccess.DEFAULT, Optional.empty(), 600, log::add);
        releases.lead();
        server = new SlipwayServer(store, Optional.of(releases), Optional::empty, log::add, InstantSource.system(),
                failures).start(0);
    }

    Answer send(String method, String path, String token, String contentType, String body,
                Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(answer.statusCode(), answer.headers().firstValue("Content-Type").orElse(""),
                    answer.body(), answer.headers());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    Answer postJson(String path, String json) {
        return send("POST", path, admin, "application/json", json, Map.of());
    }

    Answer get(String path) {
        return send("GET", path, admin, null, null, Map.of());
    }

    /** Creates a release through the API (201) and waits until it has ended; its final state. */
    String release(String environment, String service, String version) {
        Answer created = postJson("/api/v1/releases", "{\"environment\":\"" + environment + "\",\"versions\":{\""
                + service + "\":\"" + version + "\"}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return awaitEnd(created.json().get("id").asString());
    }

    String awaitEnd(String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            String state = get("/api/v1/releases/" + id).json().get("state").asString();
            if (!state.equals("running") && !state.equals("paused")) {
                return state;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("release " + id + " did not end within 90 s; log: " + log);
    }

    @Override
    public void close() {
        server.close();
        releases.close();
        store.close();
    }
}
