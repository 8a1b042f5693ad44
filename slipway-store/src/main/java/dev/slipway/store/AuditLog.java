package dev.slipway.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Who did what, append-only and hash-chained: row n keeps {@code prev_hash} (row n-1's hash, 64 zeros for row 1)
 * and {@code hash = SHA-256(prev_hash, id, at, actor, action, target, source address, outcome)}, every field
 * length-prefixed UTF-8 so that no two different rows encode alike. Ids are 1, 2, 3... with no gaps.
 *
 * <p>{@link #verify} finds an edited field, a deleted, inserted or reordered row, and rows removed from the end
 * while the {@code audit_head} row still remembers them. It cannot find, on its own, a log rewritten consistently
 * from some row on (the hash has no key: whoever can write the tables can recompute it) or a truncation that also
 * rewrote {@code audit_head}. Those need an anchor kept outside the database: record the head hash, and later
 * {@link #verify(String)} checks that the recorded row is still in the chain.
 */
public final class AuditLog {

    static final String GENESIS = "0".repeat(64);
    private static final int ATTEMPTS = 5;

    private static final RowMapper<AuditEntry> ENTRY = (row, context) -> new AuditEntry(row.getLong("id"),
            Sql.instant(row, "at"), row.getString("actor"), row.getString("action"), row.getString("target"),
            Sql.optionalString(row, "source_address"), row.getString("outcome"), row.getString("prev_hash"),
            row.getString("hash"));

    private final Jdbi jdbi;

    AuditLog(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Appends a row, linked to the last one. Concurrent appenders (threads, replicas) queue on the row lock of
     * {@code audit_head}, so each takes the next id and links to its predecessor. {@code at} is kept to the
     * microsecond, as the database keeps it, so that the hash computed now matches the row read back later.
     */
    public AuditEntry append(String actor, String action, String target, String sourceAddress, String outcome,
                             Instant at) {
        Instant kept = at.truncatedTo(ChronoUnit.MICROS);
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbi.inTransaction(handle -> appendLocked(handle, actor, action, target, sourceAddress,
                        outcome, kept));
            } catch (JdbiException e) {
                // H2 may report a lost race for the head row as a concurrent update instead of waiting; the whole
                // transaction rolled back, so trying again is safe
                if (!Sql.conflict(e) || attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static AuditEntry appendLocked(Handle handle, String actor, String action, String target,
                                           String sourceAddress, String outcome, Instant at) {
        // the UPDATE takes the head row's lock first; a SELECT ... FOR UPDATE would too on PostgreSQL, but this is
        // the one form both databases re-read after waiting
        handle.createUpdate("UPDATE audit_head SET last_id = last_id + 1 WHERE id = 1").execute();
        var head = handle.createQuery("SELECT last_id, head_hash FROM audit_head WHERE id = 1").mapToMap().one();
        long id = ((Number) head.get("last_id")).longValue();
        String prev = (String) head.get("head_hash");
        String hash = hash(prev, id, at, actor, action, target, sourceAddress, outcome);
        handle.createUpdate("""
                        INSERT INTO audit_log (id, at, actor, action, target, source_address, outcome, prev_hash, hash)
                        VALUES (:id, :at, :actor, :action, :target, :source, :outcome, :prev, :hash)""")
                .bind("id", id).bind("at", at).bind("actor", actor).bind("action", action).bind("target", target)
                .bind("source", sourceAddress).bind("outcome", outcome).bind("prev", prev).bind("hash", hash)
                .execute();
        handle.createUpdate("UPDATE audit_head SET head_hash = :hash WHERE id = 1").bind("hash", hash).execute();
        return new AuditEntry(id, at, actor, action, target, Optional.ofNullable(sourceAddress), outcome, prev, hash);
    }

    /** Every row in id order. */
    public List<AuditEntry> read() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM audit_log ORDER BY id").map(ENTRY).list());
    }

    /** Walks the whole chain and reports the first row where it breaks. */
    public AuditVerification verify() {
        return verify(null);
    }

    /**
     * As {@link #verify()}, and also checks that a head hash recorded earlier ({@code anchor}) is still the hash of
     * a row of the chain: if it is not, the log was truncated past it or rewritten.
     */
    public AuditVerification verify(String anchor) {
        return jdbi.inTransaction(handle -> {
            var head = handle.createQuery("SELECT last_id, head_hash FROM audit_head WHERE id = 1").mapToMap().one();
            long expected = 1;
            String prev = GENESIS;
            boolean anchorSeen = anchor == null || anchor.equals(GENESIS);
            try (var rows = handle.createQuery("SELECT * FROM audit_log ORDER BY id").map(ENTRY).stream()) {
                for (Iterator<AuditEntry> it = rows.iterator(); it.hasNext(); ) {
                    AuditEntry row = it.next();
                    Optional<String> broken = check(row, expected, prev);
                    if (broken.isPresent()) {
                        return new AuditVerification(expected - 1, prev,
                                Optional.of(new AuditVerification.Break(Math.min(row.id(), expected), broken.get())));
                    }
                    anchorSeen |= row.hash().equals(anchor);
                    prev = row.hash();
                    expected++;
                }
            }
            long rows = expected - 1;
            long headId = ((Number) head.get("last_id")).longValue();
            Optional<AuditVerification.Break> tail = headId > rows
                    ? Optional.of(new AuditVerification.Break(rows + 1, "the log ends at row " + rows
                            + " but its head records row " + headId + ": rows were removed from the end"))
                    : headId < rows
                    ? Optional.of(new AuditVerification.Break(headId + 1, "the head records row " + headId
                            + ": the rows after it were inserted directly, not appended"))
                    : !prev.equals(head.get("head_hash"))
                    ? Optional.of(new AuditVerification.Break(rows, "row " + rows
                            + " is not the last row the head records: it was replaced"))
                    : Optional.empty();
            if (tail.isPresent()) {
                return new AuditVerification(rows, prev, tail);
            }
            if (!anchorSeen) {
                return new AuditVerification(rows, prev, Optional.of(new AuditVerification.Break(rows + 1,
                        "the recorded head " + anchor + " is not the hash of any row: the log was truncated "
                                + "or rewritten since it was recorded")));
            }
            return new AuditVerification(rows, prev, Optional.empty());
        });
    }

    private static Optional<String> check(AuditEntry row, long expected, String prev) {
        if (row.id() != expected) {
            return Optional.of(expected == row.id() - 1 ? "row " + expected + " is missing (deleted)"
                    : "rows " + expected + " to " + (row.id() - 1) + " are missing (deleted)");
        }
        if (!row.prevHash().equals(prev)) {
            return Optional.of("row " + row.id() + " does not link to the row before it (a row was deleted, "
                    + "inserted or moved)");
        }
        String recomputed = hash(row.prevHash(), row.id(), row.at(), row.actor(), row.action(), row.target(),
                row.sourceAddress().orElse(null), row.outcome());
        if (!recomputed.equals(row.hash())) {
            return Optional.of("row " + row.id() + " does not match its hash (a field was edited)");
        }
        return Optional.empty();
    }

    /** The canonical encoding: each field as a 4-byte length and its UTF-8 bytes; -1 and nothing for null. */
    static String hash(String prev, long id, Instant at, String actor, String action, String target,
                       String sourceAddress, String outcome) {
        MessageDigest sha256 = Tokens.sha256();
        for (String field : new String[] {prev, Long.toString(id), at.toString(), actor, action, target, sourceAddress,
                outcome}) {
            if (field == null) {
                sha256.update(ByteBuffer.allocate(4).putInt(-1).array());
            } else {
                byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
                sha256.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
                sha256.update(bytes);
            }
        }
        return HexFormat.of().formatHex(sha256.digest());
    }
}
