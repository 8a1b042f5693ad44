package dev.slipway.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One service's rollout within a stored release.
 *
 * @param from    the version it replaced; empty for a first install
 * @param outcome promoted, rolled-back, failed or cancelled, once it has ended
 */
public record StoredRollout(String service, Optional<String> from, String to, Optional<String> outcome,
                            Optional<Instant> started, Optional<Instant> finished) {

    public StoredRollout {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(finished, "finished");
    }

    /** A rollout that has not started. */
    public static StoredRollout pending(String service, Optional<String> from, String to) {
        return new StoredRollout(service, from, to, Optional.empty(), Optional.empty(), Optional.empty());
    }
}
