package dev.slipway.prometheus;

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
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus for the tests, from the Debian package: a config written to a directory, optionally a history
 * backfilled with promtool into the data directory before the start (blocks there are queryable at once), started
 * on a free local port, ready once {@code /-/ready} says so, killed by {@link #close()}. A missing binary fails the
 * test with the command that installs it.
 */
final class PrometheusServer implements AutoCloseable {

    static final String INSTALL = "apt-get install -y --no-install-recommends prometheus";
    private static final Duration READY_WITHIN = Duration.ofSeconds(20);

    private final Process process;
    private final Path log;
    final String url;

    private PrometheusServer(Process process, Path log, String url) {
        this.process = process;
        this.log = log;
        this.url = url;
    }

    /**
     * @param config       prometheus.yml
     * @param openMetrics  a history in OpenMetrics text (timestamps in seconds, ending with {@code # EOF}) to backfill
     */
    static PrometheusServer start(Path dir, String config, Optional<String> openMetrics) {
        try {
            Path data = Files.createDirectories(dir.resolve("data"));
            Path configFile = Files.writeString(dir.resolve("prometheus.yml"), config);
            if (openMetrics.isPresent()) {
                Path history = Files.writeString(dir.resolve("history.om"), openMetrics.get());
                run(dir.resolve("promtool.log"), binary("promtool").toString(), "tsdb", "create-blocks-from",
                        "openmetrics", history.toString(), data.toString());
            }
            int port = freePort();
            Path log = dir.resolve("prometheus.log");
            Process process = new ProcessBuilder(binary("prometheus").toString(),
                    "--config.file=" + configFile, "--storage.tsdb.path=" + data,
                    "--web.listen-address=127.0.0.1:" + port, "--web.enable-lifecycle")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            PrometheusServer server = new PrometheusServer(process, log, "http://127.0.0.1:" + port);
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly)); // should a test run be killed
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** On the PATH, else where Debian puts it. */
    static Path binary(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : (path + ":/usr/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name);
            }
        }
        throw new AssertionError(name + " is not installed (not on the PATH, not in /usr/bin); these tests run a "
                + "real Prometheus: install it with `" + INSTALL + "` (scripts/test.sh does)");
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(READY_WITHIN);
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest ready = HttpRequest.newBuilder(URI.create(url + "/-/ready"))
                    .timeout(Duration.ofSeconds(1)).build();
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new AssertionError("prometheus exited with " + process.exitValue() + ":\n" + log());
                }
                try {
                    if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
        throw new AssertionError("prometheus was not ready within " + READY_WITHIN + ":\n" + log());
    }

    private static void run(Path log, String... command) throws IOException {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " failed:\n" + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + String.join(" ", command));
        }
    }

    String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
