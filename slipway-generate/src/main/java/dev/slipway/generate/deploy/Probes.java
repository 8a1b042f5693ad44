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
     * Readiness, liveness and startup probes; none for a service without a port. Readiness asks whether the
     * service can serve now: its health path, or a known image's own client ({@code pg_isready}, {@code
     * redis-cli ping}). Liveness asks only whether the process is alive, so a dependency that is down never
     * restarts it: {@code livenessPath} when the service has one, else a TCP check on the port. The startup
     * probe (readiness's check) gives slow starters (a JVM, a database replaying its log) up to five minutes
     * before liveness may restart them.
     */
    static Map<String, Object> of(SystemSpec spec, Service service) {
        if (service.port().isEmpty()) {
            return Map.of();
        }
        String port = portName(spec, service);
        Map<String, Object> readiness = readinessCheck(spec, service, port);
        Map<String, Object> liveness = service.livenessPath()
                .map(path -> Yaml.map("httpGet", Yaml.map("path", path, "port", port)))
                .orElse(Yaml.map("tcpSocket", Yaml.map("port", port)));
        return Yaml.map(
                "startupProbe", probe(readiness, 5, 60),
                "readinessProbe", probe(readiness, 5, 3),
                "livenessProbe", probe(liveness, 10, 3));
    }

    private static Map<String, Object> readinessCheck(SystemSpec spec, Service service, String port) {
        Optional<String> http = httpPath(spec, service);
        if (http.isPresent()) {
            return Yaml.map("httpGet", Yaml.map("path", http.get(), "port", port));
        }
        java.util.List<String> command = DataStores.of(service).readiness();
        if (!command.isEmpty()) {
            return Yaml.map("exec", Yaml.map("command", command));
        }
        return Yaml.map("tcpSocket", Yaml.map("port", port));
    }

    private static Map<String, Object> probe(Map<String, Object> check, int period, int failures) {
        Map<String, Object> probe = new java.util.LinkedHashMap<>(check);
        probe.put("periodSeconds", period);
        // a client that starts a process (pg_isready, rabbitmq-diagnostics) needs longer than an HTTP GET
        probe.put("timeoutSeconds", check.containsKey("exec") ? 5 : 2);
        probe.put("failureThreshold", failures);
        return probe;
    }
}
