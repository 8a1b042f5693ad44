package dev.slipway.store;

import dev.slipway.release.dora.Deployment;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** Every deployment ever made, append-only: the history the DORA metrics and the soak gate read. */
public final class DeploymentHistory {

    private static final RowMapper<Deployment> DEPLOYMENT = (row, context) -> new Deployment(
            row.getString("service"), row.getString("version"), Sql.optionalString(row, "digest"),
            row.getString("environment"), Sql.optionalString(row, "commit_sha"),
            Sql.optionalInstant(row, "commit_time"),
            Sql.instant(row, "started_at"), Sql.optionalInstant(row, "finished_at"),
            Deployment.Outcome.of(row.getString("outcome")), Sql.optionalString(row, "release_id"));

    private final Jdbi jdbi;

    DeploymentHistory(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void record(Deployment deployment) {
        // a release's service is recorded once: a runner that died after recording, before it marked the release
        // ended, records it again when the release is resumed
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO deployments (environment, service, version, digest, release_id, commit_sha,
                            commit_time, started_at, finished_at, outcome)
                        SELECT :environment, :service, :version, :digest, :release, :sha, :commitTime, :started,
                            :finished, :outcome
                        FROM (VALUES (1)) AS one (n)
                        WHERE CAST(:release AS VARCHAR) IS NULL OR NOT EXISTS (
                            SELECT 1 FROM deployments WHERE release_id = :release AND service = :service)""")
                .bind("environment", deployment.environment())
                .bind("service", deployment.service())
                .bind("version", deployment.version())
                .bind("digest", deployment.digest().orElse(null))
                .bind("release", deployment.release().orElse(null))
                .bind("sha", deployment.commit().orElse(null))
                .bindByType("commitTime", deployment.committed().orElse(null), Instant.class)
                .bind("started", deployment.started())
                .bindByType("finished", deployment.finished().orElse(null), Instant.class)
                .bind("outcome", deployment.outcome().keyword())
                .execute());
    }

    /** The deployments to every environment started in [{@code from}, {@code until}), in the order started. */
    public List<Deployment> list(Instant from, Instant until) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM deployments
                        WHERE started_at >= :from AND started_at < :until
                        ORDER BY started_at, id""")
                .bind("from", from).bind("until", until).map(DEPLOYMENT).list());
    }

    /** The deployments to {@code environment} started in [{@code from}, {@code until}), in the order started. */
    public List<Deployment> list(String environment, Instant from, Instant until) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM deployments
                        WHERE environment = :environment AND started_at >= :from AND started_at < :until
                        ORDER BY started_at, id""")
                .bind("environment", environment).bind("from", from).bind("until", until)
                .map(DEPLOYMENT).list());
    }

    /** The deployments of one service to {@code environment} started in [{@code from}, {@code until}). */
    public List<Deployment> list(String environment, String service, Instant from, Instant until) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM deployments
                        WHERE environment = :environment AND service = :service
                            AND started_at >= :from AND started_at < :until
                        ORDER BY started_at, id""")
                .bind("environment", environment).bind("service", service).bind("from", from)
                .bind("until", until).map(DEPLOYMENT).list());
    }

    /** Every deployment of one service to {@code environment}, in the order started. */
    public List<Deployment> list(String environment, String service) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM deployments WHERE environment = :environment AND service = :service
                        ORDER BY started_at, id""")
                .bind("environment", environment).bind("service", service).map(DEPLOYMENT).list());
    }
}
