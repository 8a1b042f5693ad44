package dev.slipway.release;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What runs in one environment, per service. Immutable; services by name so that every rendering of it is
 * deterministic. A service that is absent is not installed.
 */
public record Inventory(String environment, Map<String, Deployed> services) {

    public Inventory {
        Objects.requireNonNull(environment, "environment");
        services.forEach((name, deployed) -> {
            if (!name.equals(deployed.service())) {
                throw new IllegalArgumentException("inventory key " + name + " holds " + deployed.service());
            }
        });
        services = Collections.unmodifiableMap(new TreeMap<>(services));
    }

    /** An environment where nothing is installed yet. */
    public static Inventory empty(String environment) {
        return new Inventory(environment, Map.of());
    }

    /** This inventory with {@code deployed} added or replacing what ran of that service. */
    public Inventory with(Deployed deployed) {
        TreeMap<String, Deployed> copy = new TreeMap<>(services);
        copy.put(deployed.service(), deployed);
        return new Inventory(environment, copy);
    }

    public Optional<Deployed> deployed(String service) {
        return Optional.ofNullable(services.get(service));
    }
}
