package dev.slipway.store;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * One writer per environment, across processes and machines: a lease row per environment in the database every
 * process shares. Acquiring inserts the row or takes it over once released or expired; the holder renews it (its
 * heartbeat) while it runs and releases it at the end. Each acquisition takes the next <em>fencing token</em>, and
 * every journal write of the holder's release carries its token ({@link DatabaseJournal#fenced}): the store refuses
 * the write, in the write's own transaction, once the lease has passed to a newer token, so a holder that stalled
 * past its expiry (a long pause, a lost network) and was taken over cannot write behind the new holder's back.
 * <p>
 * Time is the database's ({@code CURRENT_TIMESTAMP}), not the processes': the holders' clocks may disagree.
 */
public final class EnvironmentLeases {

    /**
     * A lease as the row held it.
     *
     * @param release the release it is held for (a placeholder while the release is being planned)
     * @param token   the fencing token: greater than every earlier holder's of the environment
     */
    public record Lease(String environment, String holder, String release, Instant acquired, Instant expires,
                        long token) {
    }

    /** The environment's lease is held by another, unexpired. */
    public static final class Held extends IllegalStateException {
        private final Lease lease;

        Held(Lease lease) {
            super(lease.environment() + " is held by " + lease.holder() + " for " + lease.release() + " since "
                    + lease.acquired() + ", expires " + lease.expires());
            this.lease = lease;
        }

        public Lease lease() {
            return lease;
        }
    }

    /** A write carried a fencing token the environment's lease no longer has: its holder lost the lease. */
    public static final class Lost extends IllegalStateException {
        Lost(Lease lease, String now) {
            super("the lease of " + lease.environment() + " (fencing token " + lease.token() + ", held by "
                    + lease.holder() + ") " + now + ": this holder may no longer write; whoever holds the lease now "
                    + "continues the release from the journal");
        }
    }

    private static final RowMapper<Lease> LEASE = (row, context) -> new Lease(row.getString("environment"),
            row.getString("holder"), row.getString("release_id"), Sql.instant(row, "acquired_at"),
            Sql.instant(row, "expires_at"), row.getLong("fencing_token"));

    private final Jdbi jdbi;
    /**
     * One process owns the database (H2 in a data directory): a lease of another holder was left by a process that is
     * gone (killed, crashed), since nobody else can have opened the database meanwhile, and is taken over at once.
     */
    private final boolean exclusive;

    EnvironmentLeases(Jdbi jdbi, boolean exclusive) {
        this.jdbi = jdbi;
        this.exclusive = exclusive;
    }

    /**
     * Takes the environment's lease for {@code duration} from now (the database's now): a new row, or the row of a
     * lease released or expired, with the next fencing token.
     *
     * @throws Held when it is held and has not expired (whoever holds it: a holder is never re-entered); on a database
     *               one process owns, only when it is held by {@code holder} itself (another holder is gone)
     */
    public Lease acquire(String environment, String holder, String release, Duration duration) {
        for (int attempt = 0; ; attempt++) {
            try {
                return jdbi.inTransaction(handle -> {
                    Instant now = now(handle);
                    Optional<Lease> row = locked(handle, environment);
                    if (row.isPresent() && held(row.get(), now)
                            && (holder.equals(row.get().holder()) || !exclusive)) {
                        throw new Held(row.get());
                    }
                    Lease lease = new Lease(environment, holder, release, now, now.plus(duration),
                            row.map(r -> r.token() + 1).orElse(1L));
                    if (row.isEmpty()) {
                        handle.createUpdate("""
                                        INSERT INTO environment_leases (environment, holder, release_id, acquired_at,
                                            expires_at, fencing_token)
                                        VALUES (:environment, :holder, :release, :acquired, :expires, :token)""")
                                .bindMethods(lease).execute();
                    } else {
                        handle.createUpdate("""
                                        UPDATE environment_leases SET holder = :holder, release_id = :release,
                                            acquired_at = :acquired, expires_at = :expires, fencing_token = :token
                                        WHERE environment = :environment""")
                                .bindMethods(lease).execute();
                    }
                    return lease;
                });
            } catch (JdbiException e) {
                // two first acquisitions raced to insert the row: the loser looks again, and finds it held
                if (!Sql.conflict(e) || attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    /**
     * The heartbeat: moves the expiry to {@code duration} from now, while the lease is still this holder's (an
     * expired lease no one took over is still its holder's). Empty when it has passed to a newer token or was
     * released.
     */
    public Optional<Lease> renew(Lease lease, Duration duration) {
        return jdbi.inTransaction(handle -> {
            Instant now = now(handle);
            Lease renewed = new Lease(lease.environment(), lease.holder(), lease.release(), lease.acquired(),
                    now.plus(duration), lease.token());
            int rows = handle.createUpdate("""
                            UPDATE environment_leases SET expires_at = :expires
                            WHERE environment = :environment AND fencing_token = :token AND holder IS NOT NULL""")
                    .bindMethods(renewed).execute();
            return rows == 1 ? Optional.of(renewed) : Optional.empty();
        });
    }

    /** Names the release the lease is held for, once its id is known. @throws Lost when the lease is gone */
    public Lease holdFor(Lease lease, String release) {
        return jdbi.inTransaction(handle -> {
            check(handle, lease);
            handle.createUpdate("UPDATE environment_leases SET release_id = :release WHERE environment = :environment")
                    .bind("release", release).bind("environment", lease.environment()).execute();
            return new Lease(lease.environment(), lease.holder(), release, lease.acquired(), lease.expires(),
                    lease.token());
        });
    }

    /** Gives the lease up (nothing happens when it has passed to another already); the token stays in the row. */
    public void release(Lease lease) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        UPDATE environment_leases SET holder = NULL, release_id = NULL, expires_at = NULL
                        WHERE environment = :environment AND fencing_token = :token""")
                .bindMethods(lease).execute());
    }

    /** The environment's lease while someone holds it (not released, not expired). */
    public Optional<Lease> holder(String environment) {
        return jdbi.withHandle(handle -> {
            Instant now = now(handle);
            return handle.createQuery("SELECT * FROM environment_leases WHERE environment = :environment")
                    .bind("environment", environment).map(LEASE).findOne().filter(l -> held(l, now));
        });
    }

    /**
     * The fence, inside a write's transaction: locks the lease row (a take-over waits for the write to commit, so the
     * new holder reads everything the old one wrote) and refuses the write unless {@code lease} still holds it.
     *
     * @throws Lost when the row has another token, or the lease was released
     */
    static void check(Handle handle, Lease lease) {
        Optional<Lease> row = locked(handle, lease.environment());
        if (row.isEmpty()) {
            throw new Lost(lease, "does not exist");
        }
        if (row.get().token() != lease.token()) {
            throw new Lost(lease, "was taken over by " + row.get().holder() + " with fencing token "
                    + row.get().token());
        }
        if (row.get().holder() == null) {
            throw new Lost(lease, "was released");
        }
    }

    private static Optional<Lease> locked(Handle handle, String environment) {
        return handle.createQuery("SELECT * FROM environment_leases WHERE environment = :environment FOR UPDATE")
                .bind("environment", environment).map(LEASE).findOne();
    }

    private static boolean held(Lease lease, Instant now) {
        return lease.holder() != null && lease.expires() != null && lease.expires().isAfter(now);
    }

    private static Instant now(Handle handle) {
        return handle.createQuery("SELECT CURRENT_TIMESTAMP").mapTo(OffsetDateTime.class).one().toInstant();
    }
}
