package dev.slipway.kubernetes;

import dev.slipway.model.TrafficRouting;
import dev.slipway.model.Environment;
import dev.slipway.model.Service;
import dev.slipway.model.SystemSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the adapter needs to know beyond the engine's calls: the namespace of each environment, how traffic is
 * split, the system's name (the {@code app.kubernetes.io/instance} label is {@code SYSTEM-SERVICE}, as the
 * generator writes it) and each service's port (for the Services it creates and the service-proxy probe).
 */
public record KubernetesOptions(Map<String, String> namespaces, TrafficRouting routing, String system,
                                Map<String, Integer> ports) {

    public KubernetesOptions {
        namespaces = Map.copyOf(namespaces);
        Objects.requireNonNull(routing, "routing");
        Objects.requireNonNull(system, "system");
        ports = Map.copyOf(ports);
    }

    /** Namespaces and ports as slipway.yaml gives them. */
    public static KubernetesOptions of(SystemSpec spec, TrafficRouting routing) {
        Map<String, String> namespaces = new LinkedHashMap<>();
        for (Environment environment : spec.environments()) {
            namespaces.put(environment.name(), environment.namespace());
        }
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (Service service : spec.services()) {
            service.port().ifPresent(port -> ports.put(service.name(), port));
        }
        return new KubernetesOptions(namespaces, routing, spec.system().name(), ports);
    }

    String namespace(String environment) {
        String namespace = namespaces.get(environment);
        if (namespace == null) {
            throw new IllegalArgumentException("no namespace for environment " + environment + "; known: "
                    + namespaces.keySet());
        }
        return namespace;
    }

    /** The environment a namespace belongs to (the first one, should two share it). */
    Optional<String> environment(String namespace) {
        return namespaces.entrySet().stream().filter(e -> e.getValue().equals(namespace)).map(Map.Entry::getKey)
                .sorted().findFirst();
    }

    Optional<Integer> port(String service) {
        return Optional.ofNullable(ports.get(service));
    }

    String instance(String service) {
        return system + "-" + service;
    }
}
