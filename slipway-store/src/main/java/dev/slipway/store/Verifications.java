package dev.slipway.store;

import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** Contract verification results, append-only: the newest result of a pair of versions is the one that counts. */
public final class Verifications {

    private static final RowMapper<Verification> VERIFICATION = (row, context) -> new Verification(
            row.getString("consumer"), row.getString("consumer_version"), row.getString("provider"),
            row.getString("provider_version"), row.getBoolean("passed"), row.getString("recorded_by"),
            Sql.instant(row, "recorded_at"));

    private final Jdbi jdbi;

    Verifications(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void record(Verification v) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO verifications (consumer, consumer_version, provider, provider_version, passed,
                            recorded_by, recorded_at)
                        VALUES (:consumer, :consumerVersion, :provider, :providerVersion, :passed, :by, :at)""")
                .bind("consumer", v.consumer()).bind("consumerVersion", v.consumerVersion())
                .bind("provider", v.provider()).bind("providerVersion", v.providerVersion())
                .bind("passed", v.passed()).bind("by", v.recordedBy()).bind("at", v.recordedAt())
                .execute());
    }

    /** Every result that involves {@code service}, as consumer or provider, oldest first. */
    public List<Verification> involving(String service) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM verifications WHERE consumer = :service OR provider = :service
                        ORDER BY id""")
                .bind("service", service).map(VERIFICATION).list());
    }
}
