package dev.slipway.cli;

import dev.slipway.model.LoadResult;
import dev.slipway.model.Problem;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.load.SpecLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The {@code -f FILE} option every command that reads a spec shares, and loading with reported problems. */
final class SpecOption {

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", defaultValue = "slipway.yaml",
            description = "The system spec (default: ${DEFAULT-VALUE} in the current directory).")
    Path file;

    /** Loads the spec; prints every problem (errors and warnings) to {@code err}; empty when there were errors. */
    Optional<SystemSpec> load(PrintWriter err) {
        return load(file, err);
    }

    /** Loads {@code file}; prints every problem (errors and warnings) to {@code err}; empty when there were errors. */
    static Optional<SystemSpec> load(Path file, PrintWriter err) {
        LoadResult result = SpecLoader.load(file);
        for (Problem problem : result.problems()) {
            err.println(problem.format());
        }
        if (!result.ok()) {
            int count = result.errors().size();
            err.println(count + (count == 1 ? " error" : " errors") + " in " + file
                    + "; nothing was written. Run `slipway schema` for the full list of keys.");
        }
        err.flush();
        return result.spec();
    }

    /** The directory the spec lives in: the repository root generated files are written relative to. */
    Path directory() {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of("").toAbsolutePath() : parent;
    }
}
