package dev.slipway.cli;

import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --prometheus-url URL} of the commands that run releases: overrides {@code metrics.prometheus.url}. */
final class PrometheusOption {

    @Option(names = "--prometheus-url", paramLabel = "URL",
            description = "The Prometheus that canary steps on a kube context are judged from, e.g. "
                    + "http://prometheus.monitoring:9090 (default: metrics.prometheus.url in slipway.yaml; without "
                    + "either, canary steps there are inconclusive). See docs/metrics.md.")
    String url;

    Optional<String> url() {
        return Optional.ofNullable(url);
    }
}
