package dev.slipway.store;

import dev.slipway.release.analysis.Judgement;
import dev.slipway.release.analysis.Verdict;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Jdbi;

/** Every look the judges took at every canary, in the order taken: the evidence behind a release's report. */
public final class Judgements {

    private final Jdbi jdbi;

    Judgements(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void append(Judgement judgement) {
        Verdict verdict = judgement.verdict();
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO judgements (release_id, service, version, canary_start, at, step, weight, decisive,
                            outcome, reason, measurements)
                        VALUES (:release, :service, :version, :canaryStart, :at, :step, :weight, :decisive, :outcome,
                            :reason, :measurements)""")
                .bind("release", judgement.release())
                .bind("service", judgement.service())
                .bind("version", judgement.version())
                .bind("canaryStart", judgement.canaryStart())
                .bind("at", judgement.at())
                .bind("step", judgement.step())
                .bind("weight", judgement.weight())
                .bind("decisive", judgement.decisive())
                .bind("outcome", verdict.outcome().keyword())
                .bind("reason", verdict.reason())
                .bind("measurements", MeasurementsJson.write(verdict.measurements()))
                .execute());
    }

    /** The judgements of {@code release} in the order appended; empty for an unknown release. */
    public List<Judgement> read(String release) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM judgements WHERE release_id = :release ORDER BY id""")
                .bind("release", release)
                .map((row, context) -> new Judgement(row.getString("release_id"), row.getString("service"),
                        row.getString("version"), Sql.instant(row, "canary_start"), Sql.instant(row, "at"),
                        row.getInt("step"), row.getInt("weight"), row.getBoolean("decisive"),
                        new Verdict(Verdict.Outcome.valueOf(row.getString("outcome").toUpperCase(Locale.ROOT)),
                                row.getString("reason"), MeasurementsJson.read(row.getString("measurements")))))
                .list());
    }
}
