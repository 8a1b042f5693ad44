package dev.slipway.store;

import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** Every decision on every release that awaited approval: one per person and release, never changed. */
public final class Approvals {

    private static final RowMapper<Approval> APPROVAL = (row, context) -> new Approval(row.getString("release_id"),
            row.getString("approver"), Approval.Decision.of(row.getString("decision")).orElseThrow(),
            Sql.optionalString(row, "comment"), Sql.instant(row, "at"));

    private final Jdbi jdbi;

    Approvals(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** @return false when this person has already decided on this release (the first decision stands) */
    public boolean record(Approval approval) {
        try {
            jdbi.useHandle(handle -> handle.createUpdate("""
                            INSERT INTO approvals (release_id, approver, decision, comment, at)
                            VALUES (:release, :approver, :decision, :comment, :at)""")
                    .bind("release", approval.release()).bind("approver", approval.approver())
                    .bind("decision", approval.decision().keyword())
                    .bind("comment", approval.comment().orElse(null)).bind("at", approval.at())
                    .execute());
            return true;
        } catch (RuntimeException e) {
            if (Sql.conflict(e)) {
                return false;
            }
            throw e;
        }
    }

    /** The decisions on a release, in the order they were made. */
    public List<Approval> of(String release) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT * FROM approvals WHERE release_id = :release ORDER BY id")
                .bind("release", release).map(APPROVAL).list());
    }
}
