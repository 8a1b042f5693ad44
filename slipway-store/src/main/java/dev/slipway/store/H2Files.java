package dev.slipway.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The files of the H2 database in a data directory, kept as carefully as what they hold (API token hashes, the
 * audit log): the directory {@code 0700}, every file {@code 0600}, and the database's password in a file of its own.
 */
final class H2Files {

    static final String PASSWORD_FILE = "slipway.db-password";
    private static final List<String> DATABASE_FILES = List.of("slipway.mv.db", "slipway.trace.db",
            "slipway.lock.db", PASSWORD_FILE);
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private H2Files() {
    }

    /** Creates the directory if missing, and makes it readable by its owner only. */
    static void ownDirectory(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            if (POSIX) {
                Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dataDir, e);
        }
    }

    /** The database's files (those that exist) readable and writable by their owner only. */
    static void restrict(Path dataDir) {
        if (!POSIX) {
            return;
        }
        for (String name : DATABASE_FILES) {
            Path file = dataDir.resolve(name);
            try {
                if (Files.exists(file)) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot restrict " + file + " to its owner", e);
            }
        }
    }

    /**
     * The database's password: read from {@link #PASSWORD_FILE}; for a new database, a random one written there
     * first; for a database made before passwords (user {@code sa}, empty), a random one set on it and written.
     */
    static String password(Path dataDir, String url) {
        Path file = dataDir.resolve(PASSWORD_FILE);
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String password = HexFormat.of().formatHex(random);
            if (Files.exists(dataDir.resolve("slipway.mv.db"))) {
                try (Connection connection = DriverManager.getConnection(url, "sa", "");
                     Statement statement = connection.createStatement()) {
                    statement.execute("ALTER USER SA SET PASSWORD '" + password + "'");
                } catch (SQLException e) {
                    if (inUse(e)) {
                        throw new Store.InUse(dataDir, e);
                    }
                    throw new IllegalStateException("the database in " + dataDir + " has a password, but "
                            + file + " is missing", e);
                }
            }
            write(file, password);
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the database password in " + file, e);
        }
    }

    /** Written whole or not at all, and never readable by others, not even for a moment. */
    private static void write(Path file, String password) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        if (POSIX) {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(
                    Set.copyOf(PosixFilePermissions.fromString("rw-------"))));
        }
        Files.writeString(temporary, password + "\n", StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    }

    /** H2's "Database may be already in use" (error 90020), anywhere in the causes. */
    static boolean inUse(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == 90020) {
                return true;
            }
            if (t.getMessage() != null && t.getMessage().contains("Database may be already in use")) {
                return true;
            }
        }
        return false;
    }
}
