package dev.slipway.store;

import dev.slipway.release.Track;
import dev.slipway.release.analysis.Judgement;
import dev.slipway.release.report.Evidence;
import dev.slipway.release.report.EvidenceLog;
import dev.slipway.release.report.PodEvent;
import java.util.Locale;
import org.jdbi.v3.core.Jdbi;

/**
 * A release's evidence in the database: its judgements in {@code judgements} ({@link Judgements}), its pod events in
 * {@code pod_events}. Any replica reads the report of a release another one ran.
 */
public final class DatabaseEvidence implements EvidenceLog {

    private final Jdbi jdbi;
    private final Judgements judgements;

    DatabaseEvidence(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.judgements = new Judgements(jdbi);
    }

    @Override
    public void append(Judgement judgement) {
        judgements.append(judgement);
    }

    @Override
    public void append(String release, PodEvent event) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO pod_events (release_id, service, track, version, at, what, ready_replicas, replicas,
                            restarts)
                        VALUES (:release, :service, :track, :version, :at, :what, :ready, :replicas, :restarts)""")
                .bind("release", release)
                .bind("service", event.service())
                .bind("track", event.track().keyword())
                .bind("version", event.version())
                .bind("at", event.at())
                .bind("what", event.what())
                .bind("ready", event.readyReplicas())
                .bind("replicas", event.replicas())
                .bind("restarts", event.restarts())
                .execute());
    }

    @Override
    public Evidence read(String release) {
        var pods = jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT * FROM pod_events WHERE release_id = :release ORDER BY id")
                .bind("release", release)
                .map((row, context) -> new PodEvent(row.getString("service"),
                        Track.valueOf(row.getString("track").toUpperCase(Locale.ROOT)), row.getString("version"),
                        Sql.instant(row, "at"), row.getString("what"), row.getInt("ready_replicas"),
                        row.getInt("replicas"), row.getInt("restarts")))
                .list());
        return new Evidence(judgements.read(release), pods);
    }
}
