package dev.slipway.prometheus;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The PromQL templates of the built-in metrics. The defaults follow the Prometheus client libraries' HTTP
 * conventions: a counter {@code http_requests_total} with a {@code code} label (status code) and a histogram
 * {@code http_request_duration_seconds}. Errors are 5xx responses; latencies are converted to milliseconds.
 * slipway.yaml ({@code metrics.prometheus.queries}) overrides them key by key.
 *
 * @param latencyP50 only while both latency queries are the built-in ones: slipway.yaml has no key for it, and a
 *                   median from another histogram than the overridden p95/p99 would not belong with them
 */
record MetricQueries(String requests, String errors, Optional<String> latencyP50, String latencyP95,
                     String latencyP99) {

    static final String REQUESTS = "sum(increase(http_requests_total{{{selector}}}[{{window}}]))";
    static final String ERRORS = "sum(increase(http_requests_total{{{selector}},code=~\"5..\"}[{{window}}]))";
    static final String LATENCY = "1000 * histogram_quantile(%s, sum by (le) "
            + "(rate(http_request_duration_seconds_bucket{{{selector}}}[{{window}}])))";

    static final MetricQueries BUILT_IN = new MetricQueries(REQUESTS, ERRORS, Optional.of(LATENCY.formatted("0.5")),
            LATENCY.formatted("0.95"), LATENCY.formatted("0.99"));

    private static final Set<String> KEYS = Set.of("requests", "errors", "latencyP95", "latencyP99");

    /**
     * The built-in templates with slipway.yaml's overrides.
     *
     * @throws IllegalArgumentException for an unknown key or placeholder, or {@code {{version}}} (a sample is of a
     *                                  track, whose version these queries are not told)
     */
    static MetricQueries of(Map<String, String> overrides) {
        overrides.forEach((key, template) -> {
            String where = "metrics.prometheus.queries." + key;
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(where + " is not a built-in metric; known: requests, errors, "
                        + "latencyP95, latencyP99");
            }
            for (String placeholder : QueryTemplate.placeholders(template)) {
                if (placeholder.equals("version")) {
                    throw new IllegalArgumentException(where + " uses {{version}}, which only user-defined metrics "
                            + "know; select the track with {{selector}} or {{track}}");
                }
                if (!QueryTemplate.PLACEHOLDERS.contains(placeholder)) {
                    throw new IllegalArgumentException(where + " uses an unknown placeholder {{" + placeholder
                            + "}}; known: {{service}}, {{namespace}}, {{track}}, {{selector}}, {{window}}");
                }
            }
        });
        boolean builtInLatency = !overrides.containsKey("latencyP95") && !overrides.containsKey("latencyP99");
        return new MetricQueries(overrides.getOrDefault("requests", BUILT_IN.requests),
                overrides.getOrDefault("errors", BUILT_IN.errors),
                builtInLatency ? BUILT_IN.latencyP50 : Optional.empty(),
                overrides.getOrDefault("latencyP95", BUILT_IN.latencyP95),
                overrides.getOrDefault("latencyP99", BUILT_IN.latencyP99));
    }
}
