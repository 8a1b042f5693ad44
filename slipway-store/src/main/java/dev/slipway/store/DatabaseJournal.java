package dev.slipway.store;

import dev.slipway.release.execute.Journal;
import dev.slipway.release.execute.Transition;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The release journal in the database, one row per transition. It does not rely on one writer per release: the
 * primary key (release, sequence) lets exactly one of two engines
 * append a given step, and the other gets an {@link IllegalStateException}. Instants are kept to the microsecond.
 */
public final class DatabaseJournal implements Journal {

    private static final RowMapper<Transition> TRANSITION = (row, context) -> new Transition(
            row.getString("release_id"), row.getLong("sequence_no"), Sql.instant(row, "at"), row.getString("service"),
            row.getString("from_state"), row.getString("to_state"), row.getInt("step"), row.getInt("weight"),
            row.getString("track"), row.getString("baseline"), row.getString("reason"), row.getBoolean("failure"));

    private final Jdbi jdbi;
    /** The lease every append must still hold, or null: a journal that only reads, or is written without one. */
    private final EnvironmentLeases.Lease fence;

    DatabaseJournal(Jdbi jdbi) {
        this(jdbi, null);
    }

    private DatabaseJournal(Jdbi jdbi, EnvironmentLeases.Lease fence) {
        this.jdbi = jdbi;
        this.fence = fence;
    }

    /**
     * This journal, written under {@code lease}: every append checks, in its own transaction, that the lease still
     * has this fencing token, and throws {@link EnvironmentLeases.Lost} (writing nothing) once it has passed on.
     */
    public DatabaseJournal fenced(EnvironmentLeases.Lease lease) {
        return new DatabaseJournal(jdbi, lease);
    }

    @Override
    public void append(Transition transition) {
        try {
            jdbi.useTransaction(handle -> {
                if (fence != null) {
                    EnvironmentLeases.check(handle, fence);
                }
                long expected = handle.createQuery("""
                                SELECT COALESCE(MAX(sequence_no) + 1, 0) FROM release_journal WHERE release_id = :release""")
                        .bind("release", transition.release()).mapTo(Long.class).one();
                if (transition.sequence() != expected) {
                    throw new IllegalStateException("release " + transition.release() + ": transition "
                            + transition.sequence() + " appended where " + expected + " was expected");
                }
                handle.createUpdate("""
                                INSERT INTO release_journal (release_id, sequence_no, at, service, from_state, to_state,
                                    step, weight, track, baseline, reason, failure)
                                VALUES (:release, :sequence, :at, :service, :from, :to, :step, :weight, :track,
                                    :baseline, :reason, :failure)""")
                        .bind("release", transition.release())
                        .bind("sequence", transition.sequence())
                        .bind("at", transition.at())
                        .bind("service", transition.service())
                        .bind("from", transition.from())
                        .bind("to", transition.to())
                        .bind("step", transition.step())
                        .bind("weight", transition.weight())
                        .bind("track", transition.track())
                        .bind("baseline", transition.baseline())
                        .bind("reason", transition.reason())
                        .bind("failure", transition.failure())
                        .execute();
            });
        } catch (JdbiException e) {
            if (Sql.conflict(e)) {
                // another writer took this sequence number between our read and our insert
                throw new IllegalStateException("release " + transition.release() + ": transition "
                        + transition.sequence() + " was appended by another writer", e);
            }
            throw e;
        }
    }

    /** The release's transitions after sequence number {@code after} (-1: all), in order: a stream's next events. */
    public List<Transition> readAfter(String release, long after) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM release_journal WHERE release_id = :release AND sequence_no > :after
                        ORDER BY sequence_no""")
                .bind("release", release).bind("after", after).map(TRANSITION).list());
    }

    @Override
    public List<Transition> read(String release) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM release_journal WHERE release_id = :release ORDER BY sequence_no""")
                .bind("release", release).map(TRANSITION).list());
    }
}
