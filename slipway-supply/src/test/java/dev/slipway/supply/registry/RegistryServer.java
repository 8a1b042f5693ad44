package dev.slipway.supply.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real OCI registry for the tests: Debian's docker-registry (the CNCF distribution registry) with its own config,
 * filesystem storage in a temp directory, on a free loopback port, ready once {@code /v2/} answers (200, or 401
 * when it asks for credentials), killed by {@link #close()}. With a user and password it requires Basic auth from
 * an htpasswd file (bcrypt, as the registry demands) written with Apache's htpasswd.
 */
public final class RegistryServer implements AutoCloseable {

    private static final Duration READY_WITHIN = Duration.ofSeconds(20);

    private final Process process;
    private final Path log;
    /** host:port, as an image reference names the registry */
    public final String address;

    private RegistryServer(Process process, Path log, String address) {
        this.process = process;
        this.log = log;
        this.address = address;
    }

    public static RegistryServer start(Path dir) {
        return start(dir, Optional.empty());
    }

    /** @param basicAuth user and password the registry requires */
    static RegistryServer start(Path dir, Optional<String[]> basicAuth) {
        return start(dir, basicAuth, Optional.empty());
    }

    /** A registry that requires tokens from this token service (Docker's token authentication). */
    static RegistryServer start(Path dir, TokenServer tokens) {
        return start(dir, Optional.empty(), Optional.of(tokens));
    }

    private static RegistryServer start(Path dir, Optional<String[]> basicAuth, Optional<TokenServer> tokens) {
        try {
            Files.createDirectories(dir);
            int port = Tools.freePort();
            StringBuilder config = new StringBuilder("""
                    version: 0.1
                    log:
                      level: info
                      accesslog:
                        disabled: false
                    storage:
                      filesystem:
                        rootdirectory: %s
                    http:
                      addr: 127.0.0.1:%d
                    """.formatted(dir.resolve("storage"), port));
            if (basicAuth.isPresent()) {
                byte[] line = Tools.run(dir, "htpasswd", "-nbB", basicAuth.get()[0], basicAuth.get()[1]);
                Path htpasswd = Files.write(dir.resolve("htpasswd"), line);
                config.append("""
                        auth:
                          htpasswd:
                            realm: slipway-test
                            path: %s
                        """.formatted(htpasswd));
            }
            if (tokens.isPresent()) {
                config.append("""
                        auth:
                          token:
                            realm: %s
                            service: %s
                            issuer: %s
                            rootcertbundle: %s
                        """.formatted(tokens.get().realm(), TokenServer.SERVICE, TokenServer.ISSUER,
                        tokens.get().certificateBundle));
            }
            Path configFile = Files.writeString(dir.resolve("config.yml"), config);
            Path log = dir.resolve("registry.log");
            Process process = new ProcessBuilder(Tools.binary("docker-registry").toString(), "serve",
                    configFile.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly)); // should a test run be killed
            RegistryServer server = new RegistryServer(process, log, "127.0.0.1:" + port);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(READY_WITHIN);
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest ping = HttpRequest.newBuilder(URI.create("http://" + address + "/v2/"))
                    .timeout(Duration.ofSeconds(1)).build();
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new AssertionError("docker-registry exited with " + process.exitValue() + ":\n" + log());
                }
                try {
                    int status = http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status == 200 || status == 401) {
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
        throw new AssertionError("docker-registry was not ready within " + READY_WITHIN + ":\n" + log());
    }

    /** Everything the registry logged, its access log included (requests with their paths and statuses). */
    String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
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
