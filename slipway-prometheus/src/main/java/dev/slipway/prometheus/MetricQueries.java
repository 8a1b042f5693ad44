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

    static final String REQUEST_COUNTER = "http_requests_total{{{selector}}}";
    static final String ERROR_COUNTER = "http_requests_total{{{selector}},code=~\"5..\"}";
    static final String LATENCY_BUCKETS = "http_request_duration_seconds_bucket{{{selector}}}";

    /**
     * The built-in metrics of one interval of a series, whatever the scrape interval: each counter's growth between
     * the samples scraped in the interval and the last one before it, series by series. increase() over an interval
     * shorter than two scrapes finds no rate to extrapolate and answers nothing, so a judge looking every 5 s at a
     * 15 s scrape would wait forever; here an interval without a new scrape counts 0 and the next one gets all the
     * requests since the last scrape (the intervals lag the requests by up to a scrape interval; the judges read
     * counts only, never which interval a failure fell in). A counter that went down was reset (a restarted pod) and
     * counts from 0; one without an earlier sample is new and counts from 0 too.
     */
    static final MetricQueries PER_INTERVAL = new MetricQueries("sum(" + growth(REQUEST_COUNTER) + ")",
            "sum(" + growth(ERROR_COUNTER) + ")", Optional.of(perIntervalLatency("0.5")), perIntervalLatency("0.95"),
            perIntervalLatency("0.99"));

    private static final Set<String> KEYS = Set.of("requests", "errors", "latencyP95", "latencyP99");

    /** A counter's growth per series over {@code {{window}}} from its raw samples, resets counted from 0. */
    private static String growth(String counter) {
        return "(" + counter + " - " + counter + " offset {{window}}) >= 0 or " + counter;
    }

    private static String perIntervalLatency(String quantile) {
        return "1000 * histogram_quantile(" + quantile + ", sum by (le) (" + growth(LATENCY_BUCKETS) + "))";
    }

    /**
     * The templates of a series' intervals: {@link #PER_INTERVAL} where slipway.yaml keeps the built-in query, its
     * override (rendered with {@code {{window}}} the interval) where it has one.
     */
    static MetricQueries perInterval(Map<String, String> overrides) {
        MetricQueries queries = of(overrides);
        return new MetricQueries(overrides.containsKey("requests") ? queries.requests : PER_INTERVAL.requests,
                overrides.containsKey("errors") ? queries.errors : PER_INTERVAL.errors,
                queries.latencyP50.isPresent() ? PER_INTERVAL.latencyP50 : Optional.empty(),
                overrides.containsKey("latencyP95") ? queries.latencyP95 : PER_INTERVAL.latencyP95,
                overrides.containsKey("latencyP99") ? queries.latencyP99 : PER_INTERVAL.latencyP99);
    }

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
