package dev.slipway.store;

import dev.slipway.model.VersionRange;
import dev.slipway.release.Deployed;
import dev.slipway.release.Inventory;
import dev.slipway.release.TrackState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;
import tools.jackson.core.type.TypeReference;

/** What runs in each environment, as last observed; one environment is replaced as a whole. */
public final class Inventories {

    private static final TypeReference<List<TrackState>> TRACKS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, String>> RANGES = new TypeReference<>() {
    };

    private final Jdbi jdbi;

    /** The store hands out one Inventories, so every reader of this process shares what was read. */
    private final Map<String, Read> reads = new ConcurrentHashMap<>();

    Inventories(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Makes {@code inventory} the environment's inventory, observed at {@code updated}; atomically. */
    public void replace(Inventory inventory, Instant updated) {
        jdbi.useTransaction(handle -> {
            handle.createUpdate("DELETE FROM inventory WHERE environment = :environment")
                    .bind("environment", inventory.environment()).execute();
            for (Deployed deployed : inventory.services().values()) {
                handle.createUpdate("""
                                INSERT INTO inventory (environment, service, version, digest, tracks, healthy, ranges,
                                    updated_at)
                                VALUES (:environment, :service, :version, :digest, :tracks, :healthy, :ranges,
                                    :updated)""")
                        .bind("environment", inventory.environment())
                        .bind("service", deployed.service())
                        .bind("version", deployed.version())
                        .bind("digest", deployed.digest().orElse(null))
                        .bind("tracks", Sql.json(deployed.tracks()))
                        .bind("healthy", deployed.healthy())
                        .bind("ranges", deployed.ranges().map(VersionRange::texts).map(Sql::json).orElse(null))
                        .bind("updated", updated)
                        .execute();
            }
        });
    }

    /** The environments with an inventory, by name. */
    public java.util.List<String> environments() {
        return jdbi.withHandle(handle -> handle.createQuery(
                "SELECT DISTINCT environment FROM inventory ORDER BY environment").mapTo(String.class).list());
    }

    /** An environment's inventory as last read, with what identifies that version of it. */
    private record Read(Instant updated, long services, Inventory inventory) {
    }

    /**
     * The environment's inventory; empty when nothing was stored for it. A version read before is answered again
     * when the table still holds it (the same update time and number of services, one small aggregate query):
     * reading and parsing every service's tracks is what "what runs where" costs under load.
     */
    public Inventory read(String environment) {
        Map.Entry<Optional<Instant>, Long> version = jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT MAX(updated_at) AS updated_at, COUNT(*) AS services FROM inventory
                        WHERE environment = :environment""")
                .bind("environment", environment)
                .map((row, context) -> Map.entry(Sql.optionalInstant(row, "updated_at"), row.getLong("services")))
                .one());
        if (version.getKey().isEmpty()) {
            return Inventory.empty(environment);
        }
        Read cached = reads.get(environment);
        if (cached != null && cached.updated().equals(version.getKey().get())
                && cached.services() == version.getValue()) {
            return cached.inventory();
        }
        Inventory inventory = readAll(environment);
        reads.put(environment, new Read(version.getKey().get(), version.getValue(), inventory));
        return inventory;
    }

    private Inventory readAll(String environment) {
        Map<String, Deployed> services = new TreeMap<>();
        jdbi.useHandle(handle -> handle.createQuery("SELECT * FROM inventory WHERE environment = :environment")
                .bind("environment", environment)
                .map((row, context) -> new Deployed(row.getString("service"), row.getString("version"),
                        Sql.optionalString(row, "digest"), Sql.json(row.getString("tracks"), TRACKS),
                        row.getBoolean("healthy"),
                        Sql.optionalString(row, "ranges").map(text -> VersionRange.parseAll(Sql.json(text, RANGES)))))
                .forEach(deployed -> services.put(deployed.service(), deployed)));
        return new Inventory(environment, services);
    }

    /** When the environment's inventory was last replaced; empty when never (or when it was replaced empty). */
    public Optional<Instant> updated(String environment) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT MAX(updated_at) AS updated_at FROM inventory WHERE environment = :environment""")
                .bind("environment", environment)
                .map((row, context) -> Sql.optionalInstant(row, "updated_at")).one());
    }
}
