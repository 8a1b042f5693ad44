package dev.slipway.cli;

import dev.slipway.model.UserError;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slipway serve} in-process: it prints its URL, answers over HTTP, logs, and stops when interrupted. */
class ServeCommandTest {

    private static final Pattern URL = Pattern.compile("http://localhost:(\\d+)/api/v1 ");

    @Test
    void servesTheDataDirectoryUntilInterrupted(@TempDir Path dataDir) throws Exception {
        // the first admin token comes from the CLI on the same database, before the server holds it
        StringWriter issued = new StringWriter();
        assertThat(Main.run(new PrintWriter(issued, true), new PrintWriter(new StringWriter(), true), "token",
                "create", "--name", "first-admin", "--role", "admin", "--data-dir", dataDir.toString())).isZero();
        String token = issued.toString().strip();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread serving = new Thread(() -> exit.set(Main.run(new PrintWriter(out, true), new PrintWriter(err, true),
                "serve", "--port", "0", "--data-dir", dataDir.toString())));
        serving.start();
        int port = awaitPort(out);

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/readyz")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(200);
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/v1/releases")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> releases = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/v1/releases")).header("Authorization", "Bearer " + token)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(releases.body()).isEqualTo("{\"releases\":[]}");
        assertThat(Files.exists(dataDir.resolve("slipway.mv.db"))).isTrue(); // the H2 store in the data dir

        serving.interrupt();
        serving.join(10_000);
        assertThat(serving.isAlive()).isFalse();
        assertThat(exit.get()).isZero();
        assertThat(err.toString()).contains("\"path\":\"/api/v1/releases\"", "\"status\":200", "\"status\":401")
                .doesNotContain(token);
        // stopped for real: the port is free again
        try (ServerSocket again = new ServerSocket(port)) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void aTakenPortIsAUserErrorWithAHint(@TempDir Path dataDir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Cli cli = Cli.run("serve", "--port", Integer.toString(taken.getLocalPort()), "--data-dir",
                    dataDir.toString());
            assertThat(cli.exitCode()).isEqualTo(1);
            assertThat(cli.err()).contains("error: cannot listen on port " + taken.getLocalPort(), "hint:");
        }
    }

    @Test
    void anUnreachableDatabaseIsAUserError() {
        Cli cli = Cli.run("serve", "--port", "0", "--db-url", "jdbc:postgresql://127.0.0.1:1/slipway");
        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.err()).contains("error: cannot open the database at jdbc:postgresql://127.0.0.1:1/slipway");
    }

    private static int awaitPort(StringWriter out) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            Matcher m = URL.matcher(out.toString());
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            Thread.sleep(20);
        }
        throw new AssertionError("serve printed no URL: " + out);
    }
}
