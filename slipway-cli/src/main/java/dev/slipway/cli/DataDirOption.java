package dev.slipway.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --data-dir DIR} option: where the sandbox, the release records, the journal and the locks live. */
final class DataDirOption {

    static final String ENV = "SLIPWAY_DATA_DIR";

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the sandbox cluster, release records, journal, locks and deployment history are "
                    + "kept (default: $" + ENV + " if set, otherwise ~/.slipway).")
    Path dataDir;

    Path dir() {
        if (dataDir != null) {
            return dataDir.toAbsolutePath();
        }
        String fromEnv = System.getenv(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv).toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), ".slipway");
    }
}
