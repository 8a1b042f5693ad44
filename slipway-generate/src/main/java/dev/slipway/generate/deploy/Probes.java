package dev.slipway.generate.deploy;

import dev.slipway.generate.support.Yaml;
import dev.slipway.model.Service;
import dev.slipway.model.SystemSpec;
import java.util.Map;
import java.util.Optional;

/**
 * Health probes of a service's container. A built service serves {@code healthPath} over HTTP. An external
 * image (postgres, redis, ...) usually speaks no HTTP, so it gets TCP probes unless slipway.yaml gives it a
 * health path of its own (one that differs from {@code defaults.healthPath}).
 */
final class Probes {

    private Probes() {
    }

    /** The HTTP health path, or empty when the service is probed over TCP. */
    static Optional<String> httpPath(SystemSpec spec, Service service) {
        if (service.builtFromSource() || !service.healthPath().equals(spec.defaults().healthPath())) {
            return Optional.of(service.healthPath());
        }
        return Optional.empty();
    }

    /** The name of the container and Service port: {@code http} or {@code tcp} (Istio reads the protocol from it). */
    static String portName(SystemSpec spec, Service service) {
        return httpPath(spec, service).isPresent() ? "http" : "tcp";
    }

    /**
     * Readiness, liveness and startup probes; none for a service without a port. The startup probe gives slow
     * starters (a JVM, a database replaying its log) up to five minutes before liveness may restart them, so
     * liveness itself can stay strict.
     */
    static Map<String, Object> of(SystemSpec spec, Service service) {
        if (service.port().isEmpty()) {
            return Map.of();
        }
        String port = portName(spec, service);
        return Yaml.map(
                "startupProbe", probe(spec, service, port, 5, 60),
                "readinessProbe", probe(spec, service, port, 5, 3),
                "livenessProbe", probe(spec, service, port, 10, 3));
    }

    private static Map<String, Object> probe(SystemSpec spec, Service service, String port, int period, int failures) {
        Object action = httpPath(spec, service)
                .<Object>map(path -> Yaml.map("path", path, "port", port))
                .orElse(Yaml.map("port", port));
        return Yaml.map(
                httpPath(spec, service).isPresent() ? "httpGet" : "tcpSocket", action,
                "periodSeconds", period,
                "timeoutSeconds", 2,
                "failureThreshold", failures);
    }
}
