package dev.slipway.store;

import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A release as the store keeps it: what was asked (the spec file, versions and digests per service), where it
 * stands, and each service's rollout. The transitions themselves are in the {@link DatabaseJournal}.
 *
 * @param state    running, paused, succeeded, rolled-back or failed
 * @param outcome  the outcome keyword once the release has ended
 * @param rollouts one per service, by service name
 */
public record StoredRelease(String id, String environment, String state, String specPath,
                            Map<String, String> versions, Map<String, String> digests, Instant created,
                            Instant updated, Optional<String> outcome, List<StoredRollout> rollouts) {

    public StoredRelease {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(specPath, "specPath");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(updated, "updated");
        Objects.requireNonNull(outcome, "outcome");
        versions = Collections.unmodifiableMap(new TreeMap<>(versions));
        digests = Collections.unmodifiableMap(new TreeMap<>(digests));
        // the table has no order of its own: by name, so a release reads back equal to what was saved
        rollouts = rollouts.stream().sorted(Comparator.comparing(StoredRollout::service)).toList();
    }

    /** This release in {@code newState} at {@code at}, with its rollouts as they now stand. */
    public StoredRelease with(String newState, Optional<String> newOutcome, Instant at, List<StoredRollout> now) {
        return new StoredRelease(id, environment, newState, specPath, versions, digests, created, at, newOutcome, now);
    }
}
