package dev.slipway.model;

import java.util.List;
import java.util.Optional;

/**
 * The whole system as described by one {@code slipway.yaml}: services, how they are built, what they
 * depend on, the environments they move through and how each is rolled out. Defaults are already applied.
 */
public record SystemSpec(
        SystemInfo system,
        CiSettings ci,
        List<Environment> environments,
        Defaults defaults,
        List<Service> services,
        PrometheusSettings prometheus,
        List<Notification> notifications) {

    public SystemSpec {
        environments = List.copyOf(environments);
        services = List.copyOf(services);
        notifications = List.copyOf(notifications);
    }

    public Optional<Service> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public Optional<Environment> environment(String name) {
        return environments.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /**
     * A new graph of the services on every call (a record cannot cache it): callers that ask it more than
     * once, e.g. per service or per environment, hold on to one. The graph itself computes its order once.
     */
    public DependencyGraph graph() {
        return DependencyGraph.of(this);
    }
}
