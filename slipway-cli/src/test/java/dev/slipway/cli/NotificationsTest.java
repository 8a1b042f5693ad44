package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A release run by {@code deploy} announces itself to the receivers slipway.yaml names: a local HTTP receiver
 * gets started, then failed and rolled-back for a canary that fails, before the command returns.
 */
class NotificationsTest {

    @TempDir
    Path tmp;

    HttpServer receiver;
    final List<JsonNode> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void listen() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(ReleaseCommandsTest.JSON.readTree(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    @Test
    void deployNotifiesStartFailureAndRollbackWithTheReportHint() throws IOException {
        Path spec = tmp.resolve("slipway.yaml");
        Files.writeString(spec, """
                system: {name: shop, registry: ghcr.io/acme/shop}
                environments: [{name: production}]
                notifications:
                  - {type: webhook, url: "http://127.0.0.1:%d/hook"}
                services:
                  api:
                    path: api
                    language: go
                    port: 8080
                    strategy: {type: canary, steps: [50, 100], stepInterval: 1m}
                """.formatted(receiver.getAddress().getPort()));
        Path faults = tmp.resolve("faults.yaml");
        Files.writeString(faults, "- {service: api, version: 2.0.0, errorRate: 0.5}\n");
        String data = tmp.resolve("data").toString();

        Cli install = Cli.run("deploy", "-f", spec.toString(), "--data-dir", data, "--env", "production",
                "--set", "api=1.0.0");
        assertThat(install.exitCode()).as(install.err()).isZero();
        Cli faulty = Cli.run("deploy", "-f", spec.toString(), "--data-dir", data, "--env", "production",
                "--set", "api=2.0.0", "--sandbox-faults", faults.toString());
        assertThat(faulty.exitCode()).as(faulty.err()).isEqualTo(2);

        assertThat(received).extracting(n -> n.get("type").asString() + " " + n.get("release").asString())
                .containsExactly("slipway.release.started r-production-1", "slipway.release.succeeded r-production-1",
                        "slipway.release.started r-production-2", "slipway.release.failed r-production-2",
                        "slipway.release.rolled-back r-production-2");
        JsonNode failed = received.get(3);
        assertThat(failed.toString()).contains("api", "slipway report r-production-2");
        assertThat(faulty.err()).doesNotContain("warning");
    }
}
