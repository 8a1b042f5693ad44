package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.Problem;
import dev.slipway.release.plan.ReleaseRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseArgumentsTest {

    @Test
    void aReleaseFileIsReadFromDisk(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("release.yaml"), "{environment: dev, services: {cart: 1.0.0}}\n");
        assertThat(ReleaseArguments.read(file).request()).contains(new ReleaseRequest("dev", Map.of("cart", "1.0.0")));
    }

    @Test
    void aMissingFileIsAProblemNotAnException(@TempDir Path dir) {
        ReleaseRequest.Load load = ReleaseArguments.read(dir.resolve("absent.yaml"));
        assertThat(load.ok()).isFalse();
        assertThat(load.problems()).singleElement().extracting(Problem::message).asString()
                .startsWith("cannot read the file: ");
    }
}
