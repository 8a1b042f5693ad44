package dev.slipway.generate.deploy;

import dev.slipway.generate.RepositoryFiles;
import dev.slipway.model.LoadResult;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.load.SpecLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Specs the deploy tests run on: the minimal example, and small systems written inline. */
final class DeploySpecs {

    private DeploySpecs() {
    }

    static SystemSpec minimal() {
        return RepositoryFiles.load(RepositoryFiles.root().resolve("examples/minimal/slipway.yaml"));
    }

    static SystemSpec parse(String yaml) {
        try {
            Path file = Files.createTempFile("slipway-deploy-test", ".yaml");
            Files.writeString(file, yaml);
            LoadResult result = SpecLoader.load(file);
            Files.delete(file);
            if (!result.ok()) {
                throw new AssertionError("test spec does not load:\n" + result.problems());
            }
            return result.orThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
