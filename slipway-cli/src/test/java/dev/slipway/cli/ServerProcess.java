package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code slipway serve} as a separate JVM on this test's classpath, the way an operator runs it: so that a test can
 * kill it with SIGKILL (no shutdown hook, no flush, no goodbye) and start another on the same state.
 */
final class ServerProcess implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final int port;
    private final String token;
    private final Path log;

    private ServerProcess(Process process, int port, String token, Path log) {
        this.process = process;
        this.port = port;
        this.token = token;
        this.log = log;
    }

    /** Starts {@code slipway serve ARGS --port PORT} and waits until it answers /healthz. */
    static ServerProcess start(int port, String token, Path logDir, Map<String, String> environment,
                               List<String> args) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), "-Xmx384m", Main.class.getName(), "serve",
                "--port", Integer.toString(port)));
        command.addAll(args);
        try {
            Files.createDirectories(logDir);
            Path log;
            try (Stream<Path> files = Files.list(logDir)) {
                log = logDir.resolve("server-" + files.count() + ".log");
            }
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            ServerProcess server = new ServerProcess(builder.start(), port, token, log);
            server.awaitHealthy();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitHealthy() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("the server exited: %s", logText()).isTrue();
            try {
                if (HTTP.send(HttpRequest.newBuilder(uri("/healthz")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(100);
        }
        throw new AssertionError("the server did not answer /healthz within 60 s: " + logText());
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).build());
    }

    HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Reads the release's event stream until {@code stop} accepts a line (or the stream ends). */
    void follow(String release, Predicate<String> stop) {
        HttpRequest request = HttpRequest.newBuilder(uri("/api/v1/releases/" + release + "/events"))
                .header("Authorization", "Bearer " + token).build();
        try {
            HttpResponse<Stream<String>> response = HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            try (Stream<String> lines = response.body()) {
                lines.filter(stop).findFirst();
            }
        } catch (IOException e) {
            // the server died under the stream: the caller decides what that means
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates a release of {@code versions} in {@code environment} through the API; its id. */
    String createRelease(String environment, Map<String, String> versions) {
        HttpResponse<String> response = post("/api/v1/releases", JSON.writeValueAsString(Map.of("environment",
                environment, "versions", versions)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body()).get("id").asString();
    }

    /** Polls the release until it is neither running nor paused; its state. */
    String awaitEnd(String release) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            String state = JSON.readTree(get("/api/v1/releases/" + release).body()).get("state").asString();
            if (!state.equals("running") && !state.equals("paused")) {
                return state;
            }
            sleep(200);
        }
        throw new AssertionError(release + " did not end within 120 s: " + logText());
    }

    /**
     * Follows the release's event stream until a line {@code moment} accepts: true then, false when the release ended
     * first (the caller kills the server at that moment).
     */
    boolean reaches(String release, Predicate<String> moment) {
        java.util.concurrent.atomic.AtomicBoolean reached = new java.util.concurrent.atomic.AtomicBoolean();
        follow(release, line -> {
            reached.set(moment.test(line));
            return reached.get() || line.equals("event: end");
        });
        return reached.get();
    }

    /** What runs in the environment, by service; each service on one track with all the traffic. */
    Map<String, String> runningIn(String environment) {
        Map<String, String> running = new java.util.HashMap<>();
        for (var service : JSON.readTree(get("/api/v1/environments/" + environment + "/inventory").body())
                .get("services")) {
            running.put(service.get("name").asString(), service.get("version").asString());
            assertThat(service.get("tracks")).as("no split traffic left: %s", service).hasSize(1);
            assertThat(service.get("tracks").get(0).get("weight").asInt()).isEqualTo(100);
        }
        return running;
    }

    /** SIGKILL: the JVM gets no chance to run a shutdown hook, close the database or release a lock. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A graceful stop (SIGTERM: the shutdown hook stops the server and closes the database). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
