package dev.slipway.run;

import dev.slipway.model.UserError;
import dev.slipway.model.Environment;
import dev.slipway.model.PrometheusSettings;
import dev.slipway.model.SystemSpec;
import dev.slipway.prometheus.PrometheusMetrics;
import dev.slipway.release.cluster.Metrics;
import dev.slipway.release.cluster.MetricsUnavailableException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The metrics of an environment on a real cluster: Prometheus when its URL is known ({@code --prometheus-url}, else
 * {@code metrics.prometheus.url}), otherwise none, which the release warns about.
 */
public final class MetricsSource {

    private MetricsSource() {
    }

    public static Metrics of(SystemSpec spec, Optional<String> urlOption) {
        PrometheusSettings settings = spec.prometheus();
        Optional<String> url = urlOption.or(settings::url);
        if (url.isEmpty()) {
            return new NoMetrics();
        }
        Map<String, String> namespaces = spec.environments().stream()
                .collect(Collectors.toMap(Environment::name, Environment::namespace));
        try {
            return new PrometheusMetrics(new PrometheusSettings(url, settings.bearerTokenEnv(), settings.caFile(),
                    settings.insecureSkipVerify(), settings.timeout(), settings.retries(), settings.labels(),
                    settings.queries()), namespaces);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), urlOption.isPresent() ? "check --prometheus-url and metrics.prometheus "
                    + "in slipway.yaml (docs/metrics.md)" : "check metrics.prometheus in slipway.yaml (docs/metrics.md)");
        }
    }

    /**
     * Before a release with a canary on a real cluster changes anything: without a source, a warning; with
     * Prometheus, it must answer now, since a canary it cannot judge is only ever rolled back.
     */
    static void checkBeforeCanary(Metrics metrics, Consumer<String> warn) {
        if (metrics instanceof NoMetrics) {
            warn.accept(NoMetrics.WARNING);
        } else if (metrics instanceof PrometheusMetrics prometheus) {
            try {
                prometheus.checkReachable();
            } catch (MetricsUnavailableException e) {
                throw new UserError(e.getMessage() + "; the release has a canary, which cannot be judged without it",
                        "start Prometheus, or point --prometheus-url (or metrics.prometheus.url in slipway.yaml) at "
                                + "one; nothing was changed");
            }
        }
    }
}
