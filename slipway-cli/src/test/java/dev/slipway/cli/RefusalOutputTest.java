package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A refused {@code deploy} run as its own process, as a user or a CI job runs it: every reason is printed, with its
 * hint, in text and in JSON, before the process exits (they were lost unflushed once).
 */
class RefusalOutputTest {

    @TempDir
    Path dir;

    private record Ran(int code, String out, String err) {
    }

    private Ran slipway(String... args) throws IOException, InterruptedException {
        Path shop = Path.of("").toAbsolutePath();
        while (!Files.exists(shop.resolve("examples/shop/slipway.yaml"))) {
            shop = shop.getParent();
        }
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        command.addAll(List.of("-f", shop.resolve("examples/shop/slipway.yaml").toString(),
                "--data-dir", dir.resolve("data").toString()));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("slipway exits").isTrue();
        return new Ran(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void aRefusedDeployPrintsEveryReasonWithItsHint() throws Exception {
        Ran text = slipway("deploy", "--env", "production", "--set", "catalog=1.0.0", "--set", "postgres=15.0.0");
        assertThat(text.code()).isEqualTo(1);
        assertThat(text.err()).contains("refused", "catalog", "postgres", "^16.4", "15.0.0", "hint:");

        Ran json = slipway("deploy", "--env", "production", "--set", "catalog=1.0.0", "--set", "postgres=15.0.0",
                "--format", "json");
        assertThat(json.code()).isEqualTo(1);
        assertThat(json.out()).contains("\"ok\" : false", "\"errors\"", "^16.4", "\"hint\"");
    }
}
