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

    /**
     * The default database: {@code <dataDir>/slipway.mv.db}, created (with the directory) if missing. One process
     * owns it: H2 never listens on a network interface here (no {@code AUTO_SERVER}, whose TCP listener on every
     * interface once let anyone who could read the lock file's key write an admin token), and another process that
     * opens the directory meanwhile gets {@link InUse}. The directory is made {@code 0700} and the database's files
     * {@code 0600}; the database has a random password, kept in {@code slipway.db-password} ({@code 0600}).
     *
     * @throws InUse when another process has the database open (a running {@code slipway serve})
     */
    public static Store h2(Path dataDir) {
        H2Files.ownDirectory(dataDir);
        // WRITE_DELAY=0: H2 otherwise writes committed transactions up to a second later, and a killed server would
        // lose the journal's last steps
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("slipway") + ";WRITE_DELAY=0";
        String password = H2Files.password(dataDir, url);
        try {
            Store store = new Store(url, "sa", password);
            H2Files.restrict(dataDir);
            return store;
        } catch (RuntimeException e) {
            if (H2Files.inUse(e)) {
                throw new InUse(dataDir, e);
            }
            throw e;
        }
    }

    /** The H2 database of a data directory is open in another process; only one may use it at a time. */
    public static final class InUse extends IllegalStateException {
        InUse(Path dataDir, Throwable cause) {
            super("the database in " + dataDir + " is in use by another process (a running `slipway serve`?); "
                    + "one process owns an H2 data directory at a time", cause);
        }
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

    public Builds builds() {
        return new Builds(jdbi);
    }

    public Approvals approvals() {
        return new Approvals(jdbi);
    }

    public Verifications verifications() {
        return new Verifications(jdbi);
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
