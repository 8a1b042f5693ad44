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
        return Flyway.configure().dataSource("jdbc:h2:file:" + dataDir.resolve("slipway"), "sa", "").load();
    }

    @Override
    Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("slipway"), "sa", "");
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
    }
}
