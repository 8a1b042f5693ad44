package dev.slipway.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Update;
import tools.jackson.core.type.TypeReference;

/** The releases of every environment, each with its services' rollouts. */
public final class Releases {

    private static final TypeReference<Map<String, String>> TEXT_BY_SERVICE = new TypeReference<>() {
    };

    private static final RowMapper<StoredRollout> ROLLOUT = (row, context) -> new StoredRollout(
            row.getString("service"), Sql.optionalString(row, "from_version"), row.getString("to_version"),
            Sql.optionalString(row, "outcome"), Sql.optionalInstant(row, "started_at"),
            Sql.optionalInstant(row, "finished_at"));

    private record Row(String id, String environment, String state, String specPath, String versions,
                       String digests, Instant created, Instant updated, Optional<String> outcome) {

        StoredRelease with(List<StoredRollout> rollouts) {
            return new StoredRelease(id, environment, state, specPath, Sql.json(versions, TEXT_BY_SERVICE),
                    Sql.json(digests, TEXT_BY_SERVICE), created, updated, outcome, rollouts);
        }
    }

    private static final RowMapper<Row> RELEASE = (row, context) -> new Row(row.getString("id"),
            row.getString("environment"), row.getString("state"), row.getString("spec_path"),
            row.getString("versions"), row.getString("digests"), Sql.instant(row, "created_at"),
            Sql.instant(row, "updated_at"), Sql.optionalString(row, "outcome"));

    private final Jdbi jdbi;

    Releases(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Stores a new release; a release with that id already stored is an {@link IllegalStateException}. */
    public void save(StoredRelease release) {
        save(release, null);
    }

    /**
     * Stores a new release with the document its runner resumes it from ({@link #document}); a release with that id
     * already stored is an {@link IllegalStateException}.
     */
    public void save(StoredRelease release, String document) {
        try {
            jdbi.useTransaction(handle -> {
                changing(handle.createUpdate("""
                                INSERT INTO releases (id, environment, state, spec_path, versions, digests, created_at,
                                    updated_at, outcome, document)
                                VALUES (:id, :environment, :state, :spec, :versions, :digests, :created, :updated,
                                    :outcome, :document)"""), release)
                        .bind("environment", release.environment())
                        .bind("document", document)
                        .bind("created", release.created())
                        .execute();
                insertRollouts(handle, release);
            });
        } catch (JdbiException e) {
            if (Sql.conflict(e)) {
                throw new IllegalStateException("release " + release.id() + " is already stored", e);
            }
            throw e;
        }
    }

    /**
     * Replaces the stored state, outcome, update time, request and rollouts of a release saved before; its
     * environment and creation time do not change. An unknown release is an {@link IllegalStateException}.
     */
    public void update(StoredRelease release) {
        update(release, null);
    }

    /** {@link #update(StoredRelease)}, replacing the runner's document too when it is not null. */
    public void update(StoredRelease release, String document) {
        jdbi.useTransaction(handle -> {
            int updated = changing(handle.createUpdate("""
                            UPDATE releases SET state = :state, spec_path = :spec, versions = :versions,
                                digests = :digests, updated_at = :updated, outcome = :outcome,
                                document = COALESCE(:document, document)
                            WHERE id = :id"""), release).bind("document", document).execute();
            if (updated == 0) {
                throw new IllegalStateException("release " + release.id() + " is not stored: save it first");
            }
            handle.createUpdate("DELETE FROM release_services WHERE release_id = :id").bind("id", release.id())
                    .execute();
            insertRollouts(handle, release);
        });
    }

    /** Binds what an update may change (and the id); environment and creation time are bound by save alone. */
    private static Update changing(Update statement, StoredRelease release) {
        return statement.bind("id", release.id())
                .bind("state", release.state())
                .bind("spec", release.specPath())
                .bind("versions", Sql.json(release.versions()))
                .bind("digests", Sql.json(release.digests()))
                .bind("updated", release.updated())
                .bind("outcome", release.outcome().orElse(null));
    }

    private static void insertRollouts(Handle handle, StoredRelease release) {
        for (StoredRollout rollout : release.rollouts()) {
            handle.createUpdate("""
                            INSERT INTO release_services (release_id, service, from_version, to_version, outcome,
                                started_at, finished_at)
                            VALUES (:release, :service, :from, :to, :outcome, :started, :finished)""")
                    .bind("release", release.id())
                    .bind("service", rollout.service())
                    .bind("from", rollout.from().orElse(null))
                    .bind("to", rollout.to())
                    .bind("outcome", rollout.outcome().orElse(null))
                    .bindByType("started", rollout.started().orElse(null), Instant.class)
                    .bindByType("finished", rollout.finished().orElse(null), Instant.class)
                    .execute();
        }
    }

    /** The document the release's runner stored with it, if it stored one. */
    public Optional<String> document(String id) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT document FROM releases WHERE id = :id AND document IS NOT NULL")
                .bind("id", id).mapTo(String.class).findOne());
    }

    /** The documents of every release, oldest first (for a runner listing its releases without the rollouts). */
    public List<String> documents() {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT document FROM releases WHERE document IS NOT NULL ORDER BY created_at, id")
                .mapTo(String.class).list());
    }

    public Optional<StoredRelease> find(String id) {
        return jdbi.withHandle(handle -> {
            Optional<Row> row = handle.createQuery("""
                            SELECT id, environment, state, spec_path, versions, digests, created_at, updated_at, outcome
                            FROM releases WHERE id = :id""").bind("id", id)
                    .map(RELEASE).findOne();
            return row.map(r -> r.with(handle.createQuery("""
                            SELECT * FROM release_services WHERE release_id = :id""")
                    .bind("id", id).map(ROLLOUT).list()));
        });
    }

    /** A release's id and state, all an inventory says of the last release. */
    public record Head(String id, String state) {
    }

    /** The newest release of {@code environment}, in one small query (the inventory route asks it on every call). */
    public Optional<Head> latest(String environment) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT id, state FROM releases WHERE environment = :environment
                        ORDER BY created_at DESC, id DESC LIMIT 1""")
                .bind("environment", environment)
                .map((row, context) -> new Head(row.getString("id"), row.getString("state"))).findOne());
    }

    /** The releases of {@code environment}, oldest first. */
    public List<StoredRelease> list(String environment) {
        return list("WHERE r.environment = :environment", Optional.of(environment));
    }

    /** The releases of every environment, oldest first. */
    public List<StoredRelease> list() {
        return list("", Optional.empty());
    }

    private List<StoredRelease> list(String where, Optional<String> environment) {
        return jdbi.withHandle(handle -> {
            // every column but the runner's document, which only a runner reads
            var releases = handle.createQuery("SELECT r.id, r.environment, r.state, r.spec_path, r.versions, "
                    + "r.digests, r.created_at, r.updated_at, r.outcome FROM releases r " + where
                    + " ORDER BY r.created_at, r.id");
            environment.ifPresent(e -> releases.bind("environment", e));
            List<Row> rows = releases.map(RELEASE).list();
            // one query for the rollouts of all of them, not one per release
            var services = handle.createQuery(
                    "SELECT s.* FROM release_services s JOIN releases r ON r.id = s.release_id " + where);
            environment.ifPresent(e -> services.bind("environment", e));
            Map<String, List<StoredRollout>> rollouts = new LinkedHashMap<>();
            services.map((row, context) -> Map.entry(row.getString("release_id"), ROLLOUT.map(row, context)))
                    .forEach(e -> rollouts.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
            return rows.stream().map(r -> r.with(rollouts.getOrDefault(r.id(), List.of()))).toList();
        });
    }
}
