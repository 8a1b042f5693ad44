package dev.slipway.generate.deploy;

import dev.slipway.generate.support.Yaml;
import dev.slipway.model.CanaryAnalysis;
import dev.slipway.model.Environment;
import dev.slipway.model.Service;
import dev.slipway.model.SystemSpec;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Argo Rollouts AnalysisTemplate of a canary service: the two checks of Slipway's threshold judge, with its
 * PromQL (the Prometheus client libraries' {@code http_requests_total} and {@code http_request_duration_seconds},
 * as slipway-prometheus queries them) and the service's own limits: the canary's 5xx rate at most
 * {@code analysis.maxErrorRate}, and its p95 latency at most {@code analysis.maxLatencyRatio} times the stable
 * track's. Pods carry {@code slipway.dev/track} (the Rollout's canary/stable metadata), which Prometheus
 * scrapes as {@code slipway_dev_track}, the label Slipway's own judges select on. No data is inconclusive,
 * never a pass. The built-in queries and label names are used; {@code metrics.prometheus.queries} overrides are
 * not carried over yet (docs/generators/deploy.md).
 */
final class AnalysisTemplates {

    static final String DEFAULT_PROMETHEUS = "http://prometheus-server.monitoring.svc.cluster.local";

    private AnalysisTemplates() {
    }

    static String name(Service service) {
        return service.name() + "-slipway-analysis";
    }

    static Map<String, Object> template(SystemSpec spec, Service service, Environment environment) {
        CanaryAnalysis analysis = service.analysis();
        // as many windows as fit the canary's stepInterval: the analysis step lasts as long as the pause it replaces
        long windows = service.strategy() instanceof dev.slipway.model.Strategy.Canary canaryStrategy
                ? Math.max(1, canaryStrategy.stepInterval().toSeconds() / Math.max(1, analysis.window().toSeconds())) : 1;
        String window = dev.slipway.model.DurationText.of(analysis.window());
        String address = spec.prometheus().url().orElse(DEFAULT_PROMETHEUS);
        String canary = selector(spec, service, environment, "canary");
        String stable = selector(spec, service, environment, "stable");
        String errorRate = "sum(increase(http_requests_total{" + canary + ",code=~\"5..\"}[" + window + "]))\n"
                + "/\nsum(increase(http_requests_total{" + canary + "}[" + window + "]))\n";
        String latencyRatio = p95(canary, window) + "/\n" + p95(stable, window);
        return Yaml.map(
                "apiVersion", ArgoRollouts.API,
                "kind", "AnalysisTemplate",
                "metadata", Yaml.map("name", name(service), "labels", Labels.recommended(spec, service)),
                "spec", Yaml.map("metrics", List.of(
                        metric("error-rate", analysis.window(), windows, number(analysis.maxErrorRate()), address, errorRate),
                        metric("p95-latency-ratio", analysis.window(), windows, number(analysis.maxLatencyRatio()), address,
                                latencyRatio))));
    }

    /** Runs once per window; above the limit fails, no data (NaN or no series) is inconclusive. */
    private static Map<String, Object> metric(String name, Duration window, long count, String limit, String address,
            String query) {
        return Yaml.map(
                "name", name,
                "interval", dev.slipway.model.DurationText.of(window),
                "count", count,
                "failureLimit", 0,
                "successCondition", "len(result) > 0 && !isNaN(result[0]) && result[0] <= " + limit,
                "failureCondition", "len(result) > 0 && !isNaN(result[0]) && result[0] > " + limit,
                "provider", Yaml.map("prometheus", Yaml.map("address", address, "query", query)));
    }

    private static String p95(String selector, String window) {
        return "histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{" + selector + "}["
                + window + "])))\n";
    }

    /** The matchers of slipway-prometheus's {{selector}}, under slipway.yaml's label names where it renames them. */
    private static String selector(SystemSpec spec, Service service, Environment environment, String track) {
        Map<String, String> labels = spec.prometheus().labels();
        return labels.getOrDefault("service", "app_kubernetes_io_name") + "=\"" + service.name() + "\","
                + labels.getOrDefault("namespace", "namespace") + "=\"" + environment.namespace() + "\","
                + labels.getOrDefault("track", "slipway_dev_track") + "=\"" + track + "\"";
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%s", value);
    }
}
