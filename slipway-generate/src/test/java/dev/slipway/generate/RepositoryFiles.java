package dev.slipway.generate;

import dev.slipway.model.LoadResult;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.load.SpecLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Paths of the repository this test runs in (examples, the conformance validators). */
public final class RepositoryFiles {

    private RepositoryFiles() {
    }

    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("conformance/validate.mjs"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("run the tests inside the Slipway repository");
        }
        return dir;
    }

    /** Every {@code examples/NAME/slipway.yaml}. */
    public static List<Path> exampleSpecs() {
        try (Stream<Path> dirs = Files.list(root().resolve("examples"))) {
            return dirs.map(d -> d.resolve("slipway.yaml")).filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SystemSpec load(Path spec) {
        LoadResult result = SpecLoader.load(spec);
        if (!result.ok()) {
            throw new AssertionError("example " + spec + " does not load:\n" + result.problems());
        }
        return result.orThrow();
    }
}
