package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the default database: an H2 file in a data directory. */
class H2StoreTest extends StoreContract {

    @TempDir
    static Path temporary;

    private Path dataDir;

    @Override
    void newDatabase() throws IOException {
        dataDir = Files.createTempDirectory(temporary, "data");
    }

    @Override
    Store open() {
        return Store.h2(dataDir);
    }

    @Override
    Flyway flyway() {
        return Flyway.configure().dataSource("jdbc:h2:file:" + dataDir.resolve("slipway"), "sa", password()).load();
    }

    @Override
    Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("slipway"), "sa", password());
    }

    private String password() {
        try {
            return Files.readString(dataDir.resolve(H2Files.PASSWORD_FILE)).strip();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Issue 15, item 4: H2's automatic mixed mode listened on every interface, user sa, empty password. */
    @Test
    void theDatabaseListensOnNoInterfaceHasAPasswordAndOnlyItsOwnerMayReadIt() throws Exception {
        assertThat(store.tokens().list()).isNotNull(); // open
        Path lock = dataDir.resolve("slipway.lock.db");
        if (Files.exists(lock)) {
            assertThat(Files.readString(lock, java.nio.charset.StandardCharsets.ISO_8859_1))
                    .as("no server address or key for other processes").doesNotContain("server=");
        }
        assertThat(Files.getPosixFilePermissions(dataDir)).isEqualTo(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        try (var files = Files.list(dataDir)) {
            for (Path file : files.toList()) {
                assertThat(Files.getPosixFilePermissions(file)).as(file.toString())
                        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            }
        }
        assertThat(password()).hasSizeGreaterThanOrEqualTo(32);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DriverManager.getConnection(
                "jdbc:h2:file:" + dataDir.resolve("slipway"), "sa", "").close())
                .as("sa with an empty password").isInstanceOf(SQLException.class);
    }

    /** One process owns an H2 data directory: a lease another holder left there is a dead process's. */
    @Test
    void aLeaseOfAnotherHolderIsADeadProcessesAndIsTakenOverAtOnce() {
        EnvironmentLeases.Lease left = store.leases().acquire("dev", "host-0/0badf00d", "r-dev-1",
                java.time.Duration.ofMinutes(5));
        EnvironmentLeases.Lease mine = store.leases().acquire("dev", HOLDER, "r-dev-1", java.time.Duration.ofMinutes(5));
        assertThat(mine.token()).isEqualTo(left.token() + 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.leases().acquire("dev", HOLDER, "r-dev-2",
                java.time.Duration.ofMinutes(5))).as("but never its own").isInstanceOf(EnvironmentLeases.Held.class);
    }

    @Test
    void theDefaultDatabaseIsOneFileInTheDataDirectory() {
        assertThat(dataDir.resolve("slipway.mv.db")).isRegularFile();
    }

    @Test
    void anH2DatabaseKeptOpenByTheUrlIsShutDownOnClose() throws IOException {
        Path dir = Files.createTempDirectory(temporary, "delay");
        // FILE_LOCK=FILE makes "the database is open" visible as a lock file beside it
        String url = "jdbc:h2:file:" + dir.resolve("slipway") + ";DB_CLOSE_DELAY=-1;FILE_LOCK=FILE";
        try (Store store = Store.open(url, "sa", "")) {
            store.journal().append(StoreContract.transition("r1", 0, "first"));
            assertThat(dir.resolve("slipway.lock.db")).exists();
        }
        assertThat(dir.resolve("slipway.lock.db")).as("closed, not kept open by DB_CLOSE_DELAY=-1").doesNotExist();
        try (Store reopened = Store.h2(dir)) {
            assertThat(reopened.journal().read("r1")).extracting(t -> t.reason()).containsExactly("first");
        }
        // a database made before passwords got one when Store.h2 first opened it
        assertThat(dir.resolve(H2Files.PASSWORD_FILE)).isRegularFile();
        try (Store again = Store.h2(dir)) {
            assertThat(again.journal().read("r1")).hasSize(1);
        }
    }
}
