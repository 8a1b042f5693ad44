package dev.slipway.cli;

import dev.slipway.model.SystemSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code -f FILE} for the release commands. Unlike {@link SpecOption} it has no {@code --file} alias: there
 * {@code --file} names the release file (release.yaml), as the release commands' contract says.
 */
final class ReleaseSpecOption {

    @Option(names = {"-f", "--spec"}, paramLabel = "FILE", defaultValue = "slipway.yaml",
            description = "The system spec (default: ${DEFAULT-VALUE} in the current directory).")
    Path file;

    Optional<SystemSpec> load(PrintWriter err) {
        return SpecOption.load(file, err);
    }
}
