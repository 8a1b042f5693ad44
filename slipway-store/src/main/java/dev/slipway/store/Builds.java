package dev.slipway.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The build records: one per service version and one per digest, never changed. Recording the same build again
 * is a harmless re-run of a CI job; recording a version (or a digest) that is already another build is refused,
 * because a re-pushed tag is exactly what "build once" forbids.
 */
public final class Builds {

    private static final RowMapper<Build> BUILD = (row, context) -> new Build(row.getString("service"),
            row.getString("version"), row.getString("image"), row.getString("digest"),
            Sql.optionalString(row, "commit_sha"), Sql.optionalInstant(row, "built_at"),
            Sql.optionalString(row, "scan_report"), row.getString("recorded_by"), Sql.instant(row, "recorded_at"));

    private final Jdbi jdbi;

    Builds(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** What recording a build came to: the record as stored, and whether this call created it. */
    public record Recorded(Build build, boolean created) {
    }

    /** The build conflicts with one already recorded: the same version or the same digest, built differently. */
    public static final class Conflict extends RuntimeException {
        private final Build existing;

        Conflict(Build attempted, Build existing) {
            super(attempted.service() + " " + (existing.version().equals(attempted.version())
                    ? "version " + attempted.version() + " is already recorded as " + existing.digest()
                    : "digest " + attempted.digest() + " is already recorded as version " + existing.version())
                    + " (recorded by " + existing.recordedBy() + " at " + existing.recordedAt() + ")", null,
                    false, false);
            this.existing = existing;
        }

        public Build existing() {
            return existing;
        }
    }

    /** @throws Conflict when the version or the digest is already another build */
    public Recorded record(Build build) {
        Optional<Build> existing = clash(build);
        if (existing.isPresent()) {
            return same(build, existing.get());
        }
        try {
            jdbi.useHandle(handle -> handle.createUpdate("""
                            INSERT INTO builds (service, version, image, digest, commit_sha, built_at, scan_report,
                                recorded_by, recorded_at)
                            VALUES (:service, :version, :image, :digest, :commit, :builtAt, :scan, :by, :at)""")
                    .bind("service", build.service()).bind("version", build.version())
                    .bind("image", build.image()).bind("digest", build.digest())
                    .bind("commit", build.commit().orElse(null))
                    .bindByType("builtAt", build.builtAt().orElse(null), Instant.class)
                    .bind("scan", build.scanReport().orElse(null))
                    .bind("by", build.recordedBy()).bind("at", build.recordedAt())
                    .execute());
            return new Recorded(build, true);
        } catch (RuntimeException e) {
            if (Sql.conflict(e)) { // a concurrent recording won the race: the same build, or a conflicting one
                return same(build, clash(build).orElseThrow(() -> e));
            }
            throw e;
        }
    }

    private static Recorded same(Build build, Build existing) {
        if (existing.sameAs(build)) {
            return new Recorded(existing, false);
        }
        throw new Conflict(build, existing);
    }

    private Optional<Build> clash(Build build) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM builds WHERE service = :service AND (version = :version OR digest = :digest)
                        ORDER BY id""")
                .bind("service", build.service()).bind("version", build.version()).bind("digest", build.digest())
                .map(BUILD).findFirst());
    }

    /** The build of a service's version. */
    public Optional<Build> find(String service, String version) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT * FROM builds WHERE service = :service AND version = :version")
                .bind("service", service).bind("version", version).map(BUILD).findOne());
    }

    /** Every build of a service, oldest first. */
    public List<Build> of(String service) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM builds WHERE service = :service ORDER BY id")
                .bind("service", service).map(BUILD).list());
    }

    /** The newest {@code limit} builds of every service, newest first. */
    public List<Build> latest(int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM builds ORDER BY id DESC LIMIT :limit")
                .bind("limit", limit).map(BUILD).list());
    }
}
