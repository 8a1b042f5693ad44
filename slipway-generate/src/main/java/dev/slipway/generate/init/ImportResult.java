package dev.slipway.generate.init;

import java.util.List;
import java.util.Optional;

/**
 * What {@link RepositoryImport#scan} found: the services (source services in path order, then external images
 * by name), the warnings to show the user (each a complete line starting with {@code warning: }), what was
 * deliberately left out and why (test suites, libraries, tooling, optional add-ons, profiles, excluded paths),
 * the suggested system name (the directory's name as a DNS label), the image registry the manifests' own images
 * share, if they share one, and the URL of the checkout's {@code origin} remote, if it has one.
 */
public record ImportResult(String systemName, Optional<String> imageRegistry, Optional<String> repository,
                           List<ImportedService> services, List<String> warnings, List<String> leftOut) {

    public ImportResult {
        services = List.copyOf(services);
        warnings = List.copyOf(warnings);
        leftOut = List.copyOf(leftOut);
    }

    /** The registry to write: the one the manifests use, else {@code ghcr.io/<system>}. */
    public String registryFor(String system) {
        return imageRegistry.orElse("ghcr.io/" + system);
    }

    public Optional<ImportedService> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
