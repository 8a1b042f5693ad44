package dev.slipway.cli;

import dev.slipway.run.ReleaseRecords;
import java.util.function.Function;

import dev.slipway.model.UserError;
import dev.slipway.store.Store;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Which database a command opens: the H2 file in the data directory ({@code --data-dir}), or the one
 * {@code --db-url URL} names (PostgreSQL in production). The user and password come from the environment, never
 * the command line, where other users of the machine could read them in the process list.
 */
final class StoreOption {

    static final String USER = "SLIPWAY_DB_USER";
    static final String PASSWORD = "SLIPWAY_DB_PASSWORD";

    @Mixin
    DataDirOption dataDir;

    @Option(names = "--db-url", paramLabel = "URL",
            description = "The database, e.g. jdbc:postgresql://db:5432/slipway (user and password from $" + USER
                    + " and $" + PASSWORD + "); default: the H2 database in the data directory.")
    String url;

    Store open() {
        if (url == null) {
            try {
                return Store.h2(dataDir.dir());
            } catch (Store.InUse e) {
                throw new UserError(e.getMessage(), "a server owns its data directory: use its API (e.g. POST "
                        + "/api/v1/tokens, POST /api/v1/releases), or stop it first");
            } catch (RuntimeException e) {
                throw new UserError("cannot open the database in " + dataDir.dir() + ": " + rootMessage(e),
                        "is the data directory writable? Or point --data-dir at another one");
            }
        }
        try {
            return Store.open(url, System.getenv(USER), System.getenv(PASSWORD));
        } catch (RuntimeException e) {
            // the message names the URL and the cause, never the password
            throw new UserError("cannot open the database at " + url + ": " + rootMessage(e),
                    "check that it runs and accepts $" + USER + " / $" + PASSWORD);
        }
    }

    /** Runs {@code work} on the releases of the store, open only for as long as it takes. */
    <T> T withRecords(Function<ReleaseRecords, T> work) {
        try (Store store = open()) {
            return work.apply(new ReleaseRecords(store, dataDir.dir()));
        }
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}
