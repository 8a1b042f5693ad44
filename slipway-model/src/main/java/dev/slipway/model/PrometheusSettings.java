package dev.slipway.model;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Where canary metrics come from on a real cluster ({@code metrics.prometheus}). Queries and label names
 * override the built-in ones (which match common exporters) key by key; secrets are named, never written here.
 *
 * @param url                the Prometheus base URL, e.g. http://prometheus.monitoring:9090
 * @param bearerTokenEnv     the environment variable holding a bearer token, if the server needs one
 * @param caFile             a PEM file of the CA that signed the server's certificate
 * @param insecureSkipVerify accept any certificate (testing only)
 * @param timeout            per query
 * @param retries            further attempts after a failed query, with backoff
 * @param labels             label names for service, namespace, track and version
 * @param queries            PromQL templates by metric: requests, errors, latencyP95, latencyP99
 */
public record PrometheusSettings(Optional<String> url, Optional<String> bearerTokenEnv, Optional<String> caFile,
                                 boolean insecureSkipVerify, Duration timeout, int retries,
                                 Map<String, String> labels, Map<String, String> queries) {

    public PrometheusSettings {
        labels = Map.copyOf(labels);
        queries = Map.copyOf(queries);
    }

    public static PrometheusSettings builtIn() {
        return new PrometheusSettings(Optional.empty(), Optional.empty(), Optional.empty(), false,
                Duration.ofSeconds(10), 2, Map.of(), Map.of());
    }
}
