package dev.slipway.store;

import dev.slipway.store.auth.Role;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** An API token as listed: everything but the secret and its hash, which are never read back. */
public record TokenInfo(String id, String name, Role role, Set<String> grants, Instant created,
                        Optional<String> createdBy, Optional<Instant> revoked) {

    public TokenInfo {
        // sorted, so that listings and their JSON are stable
        grants = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(grants));
    }

    public boolean active() {
        return revoked.isEmpty();
    }
}
