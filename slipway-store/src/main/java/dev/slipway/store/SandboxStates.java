package dev.slipway.store;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;

/**
 * The sandbox's state, kept in the database so that every process on it sees one sandbox: the shared part (seed,
 * virtual time, injected faults) and, per environment, what runs there — as JSON documents the sandbox itself
 * writes and reads (the store does not interpret them). An environment's row is written under its lease, fenced
 * like the journal; the virtual time only moves forward, whichever process saves last.
 */
public final class SandboxStates {

    /**
     * The sandbox as saved.
     *
     * @param faults       the injected faults, a JSON list
     * @param environments environment → what runs there (a JSON document), sorted by environment
     */
    public record Saved(long seed, Instant time, String faults, Map<String, String> environments) {
    }

    private final Jdbi jdbi;

    SandboxStates(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The saved sandbox; empty when none was saved (a fresh sandbox). */
    public Optional<Saved> read() {
        return jdbi.inTransaction(handle -> handle.createQuery("SELECT * FROM sandbox WHERE id = 1")
                .map((row, context) -> new Saved(row.getLong("seed"), Sql.instant(row, "virtual_time"),
                        row.getString("faults"), new TreeMap<>()))
                .findOne().map(saved -> {
                    handle.createQuery("SELECT environment, services FROM sandbox_environments")
                            .map((row, context) -> Map.entry(row.getString("environment"), row.getString("services")))
                            .forEach(e -> saved.environments().put(e.getKey(), e.getValue()));
                    return saved;
                }));
    }

    /** What runs in one environment of the saved sandbox, if anything was saved for it. */
    public Optional<String> environment(String environment) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT services FROM sandbox_environments WHERE environment = :environment")
                .bind("environment", environment).mapTo(String.class).findOne());
    }

    /**
     * Saves the shared part: the virtual time unless the saved one is later (another process's clock ran further),
     * and the faults when given (a process that did not change them leaves another's in place).
     */
    public void saveShared(long seed, Instant time, Optional<String> faults) {
        Instant now = InstantSource.system().instant();
        jdbi.useTransaction(handle -> {
            Optional<Instant> saved = handle.createQuery("SELECT virtual_time FROM sandbox WHERE id = 1 FOR UPDATE")
                    .map((row, context) -> Sql.instant(row, "virtual_time")).findOne();
            if (saved.isEmpty()) {
                handle.createUpdate("""
                                INSERT INTO sandbox (id, seed, virtual_time, faults, updated_at)
                                VALUES (1, :seed, :time, :faults, :now)""")
                        .bind("seed", seed).bind("time", time).bind("faults", faults.orElse("[]"))
                        .bind("now", now).execute();
                return;
            }
            handle.createUpdate("UPDATE sandbox SET seed = :seed, virtual_time = :time, updated_at = :now"
                            + (faults.isPresent() ? ", faults = :faults" : "") + " WHERE id = 1")
                    .bind("seed", seed).bind("time", saved.get().isAfter(time) ? saved.get() : time)
                    .bind("now", now).bindByType("faults", faults.orElse(null), String.class).execute();
        });
    }

    /**
     * Saves what runs in an environment, under its lease: refused ({@link EnvironmentLeases.Lost}) once the lease
     * has passed to a newer token, like a journal write. Null {@code lease}: no one runs a release to fence (an
     * import, a reset).
     */
    public void saveEnvironment(String environment, String services, EnvironmentLeases.Lease lease) {
        Instant now = InstantSource.system().instant();
        jdbi.useTransaction(handle -> {
            if (lease != null) {
                EnvironmentLeases.check(handle, lease);
            }
            int updated = handle.createUpdate("""
                            UPDATE sandbox_environments SET services = :services, updated_at = :now
                            WHERE environment = :environment""")
                    .bind("environment", environment).bind("services", services).bind("now", now).execute();
            if (updated == 0) {
                handle.createUpdate("""
                                INSERT INTO sandbox_environments (environment, services, updated_at)
                                VALUES (:environment, :services, :now)""")
                        .bind("environment", environment).bind("services", services).bind("now", now).execute();
            }
        });
    }

    /** Forgets the sandbox: the next process starts an empty one. True if there was one to forget. */
    public boolean reset() {
        return jdbi.inTransaction(handle -> {
            int environments = handle.createUpdate("DELETE FROM sandbox_environments").execute();
            return handle.createUpdate("DELETE FROM sandbox").execute() + environments > 0;
        });
    }
}
