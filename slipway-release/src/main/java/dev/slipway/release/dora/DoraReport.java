package dev.slipway.release.dora;

import java.util.Collections;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The DORA metrics over one window, in one environment or (without one) in all of them: for the whole system and
 * for each service that has a deployment in the window, services in name order.
 */
public record DoraReport(Window window, Optional<String> environment, FourKeys system, Map<String, FourKeys> services) {

    public DoraReport {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(system, "system");
        services = Collections.unmodifiableMap(new TreeMap<>(services));
    }

    public FourKeys service(String name) {
        FourKeys keys = services.get(name);
        if (keys == null) {
            throw new NoSuchElementException("no deployment of " + name + " in the window; services: "
                    + services.keySet());
        }
        return keys;
    }
}
