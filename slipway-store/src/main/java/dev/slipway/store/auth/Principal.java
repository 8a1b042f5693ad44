package dev.slipway.store.auth;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** Who an authenticated API token speaks for: the token's id and name, its role and its granted environments. */
public record Principal(String id, String name, Role role, Set<String> grants) {

    public Principal {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        grants = Set.copyOf(new TreeSet<>(grants));
    }

    public boolean granted(String environment) {
        return grants.contains(environment);
    }
}
