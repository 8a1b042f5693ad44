package dev.slipway.generate.deploy;

import dev.slipway.generate.GenerationException;
import dev.slipway.model.Environment;
import dev.slipway.model.Service;
import dev.slipway.model.SystemSpec;
import java.util.List;

/** What the Istio and Gateway API targets share: which services get weighted routes, and their host names. */
final class Routing {

    private Routing() {
    }

    /**
     * The canary and blue-green services, dependencies first. Such a service without a port has no traffic to
     * split, which slipway.yaml allows but a router cannot serve.
     */
    static List<Service> routedServices(SystemSpec spec, String target) {
        List<Service> routed = spec.graph().topologicalOrder().stream()
                .map(name -> spec.service(name).orElseThrow())
                .filter(Tracks::splitsTraffic)
                .toList();
        for (Service service : routed) {
            if (service.port().isEmpty()) {
                throw new GenerationException("service '" + service.name() + "' uses the "
                        + service.strategy().keyword() + " strategy but has no port, so " + target
                        + " has no traffic of it to split",
                        "add `port:` to service " + service.name() + ", or give it `strategy: {type: rolling}`");
            }
        }
        return routed;
    }

    /** The cluster-local name of a Service: routing rules use the full name so they mean the same in any namespace. */
    static String host(String serviceName, Environment environment) {
        return serviceName + "." + environment.namespace() + ".svc.cluster.local";
    }

    /** The per-track Service name, e.g. {@code web-canary}. */
    static String trackService(Service service, String track) {
        return service.name() + "-" + track;
    }
}
