package dev.slipway.generate.ci;

import dev.slipway.generate.RepositoryFiles;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.load.SpecLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** Specs the CI generator tests run on: the minimal example, and a wider system that uses every trigger. */
final class CiSpecs {

    private CiSpecs() {
    }

    static SystemSpec minimal() {
        return RepositoryFiles.load(RepositoryFiles.root().resolve("examples/minimal/slipway.yaml"));
    }

    /** Java, Python, Rust and an external cache; dev on push, qa by hand, production on tags with approval. */
    static SystemSpec wide() {
        try {
            return SpecLoader.load(Files.readString(RepositoryFiles.root()
                    .resolve("slipway-generate/src/test/resources/ci/wide.yaml")), "wide.yaml").orThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
