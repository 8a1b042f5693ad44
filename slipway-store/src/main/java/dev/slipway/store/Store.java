package dev.slipway.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * Slipway's database: an H2 file in the data directory by default ({@link #h2}), PostgreSQL in production
 * ({@link #open}). Opening migrates the schema to the latest version (a no-op when it is current), so every
 * repository handed out works on the tables it expects.
 */
public final class Store implements AutoCloseable {

    private final String url;
    private final String user;
    private final String password;
    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final Inventories inventories;

    private Store(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setPoolName("slipway-store");
        config.setMaximumPoolSize(8);
        this.pool = new HikariDataSource(config);
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        this.jdbi = Jdbi.create(pool);
        Sql.configure(jdbi);
        this.inventories = new Inventories(jdbi);
    }

    /** The default database: {@code <dataDir>/slipway.mv.db}, created (with the directory) if missing. */
    public static Store h2(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dataDir, e);
        }
        // AUTO_SERVER: the first process to open the file serves it to the others, so that `slipway deploy`, `dora`
        // or `token` work while `slipway serve` has the same data directory open. WRITE_DELAY=0: H2 otherwise writes
        // committed transactions up to a second later, and a killed server would lose the journal's last steps
        return new Store("jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("slipway")
                + ";AUTO_SERVER=TRUE;WRITE_DELAY=0", "sa", "");
    }

    /** The database at {@code jdbcUrl}: PostgreSQL ({@code jdbc:postgresql://host:5432/slipway}) or H2. */
    public static Store open(String jdbcUrl, String user, String password) {
        return new Store(jdbcUrl, user, password);
    }

    public DatabaseJournal journal() {
        return new DatabaseJournal(jdbi);
    }

    public Releases releases() {
        return new Releases(jdbi);
    }

    public DeploymentHistory deployments() {
        return new DeploymentHistory(jdbi);
    }

    public Inventories inventories() {
        return inventories;
    }

    public Judgements judgements() {
        return new Judgements(jdbi);
    }

    /** Every release's judgements and pod events, for its report. */
    public DatabaseEvidence evidence() {
        return new DatabaseEvidence(jdbi);
    }

    public Tokens tokens() {
        return new Tokens(jdbi);
    }

    public AuditLog auditLog() {
        return new AuditLog(jdbi);
    }

    /** True when the database answers a query now; false (never an exception) when it does not. */
    public boolean reachable() {
        try {
            return jdbi.withHandle(handle -> handle.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
        if (url.startsWith("jdbc:h2:") && url.toUpperCase(Locale.ROOT).contains("DB_CLOSE_DELAY")) {
            // such an H2 database outlives its last connection (and keeps the JVM alive and the file locked);
            // SHUTDOWN over a connection of its own, since the pool's are gone. Without the setting, closing the
            // pool closed it, and another Store open on the same file in this JVM keeps working.
            try (Connection connection = DriverManager.getConnection(url, user, password);
                 Statement statement = connection.createStatement()) {
                statement.execute("SHUTDOWN");
            } catch (SQLException e) {
                throw new IllegalStateException("cannot shut the H2 database " + url + " down", e);
            }
        }
    }
}
