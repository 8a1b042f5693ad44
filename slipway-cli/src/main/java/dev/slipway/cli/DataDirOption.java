package dev.slipway.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --data-dir DIR} option: where the sandbox, the release records, the journal and the locks live. */
final class DataDirOption {

    static final String ENV = "SLIPWAY_DATA_DIR";

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the sandbox cluster, release records, journal, locks and deployment history are "
                    + "kept (default: $" + ENV + " if set, otherwise $HOME/.slipway).")
    Path dataDir;

    Path dir() {
        return dataDir != null ? dataDir.toAbsolutePath() : defaultDir(System::getenv, System.getProperty("user.home"));
    }

    /**
     * $SLIPWAY_DATA_DIR, else {@code .slipway} in $HOME: the JVM's {@code user.home} comes from the password
     * database and does not follow a changed $HOME, which users and CI jobs expect it to; it is the last resort.
     */
    static Path defaultDir(java.util.function.UnaryOperator<String> env, String userHome) {
        String fromEnv = env.apply(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv).toAbsolutePath();
        }
        String home = env.apply("HOME");
        return Path.of(home != null && !home.isBlank() ? home : userHome, ".slipway").toAbsolutePath();
    }
}
