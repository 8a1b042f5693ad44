package dev.slipway.prometheus;

import java.util.Map;
import java.util.Set;

/**
 * The label names the queries select a service's track on ({@code metrics.prometheus.labels}). The defaults are the
 * pod labels Slipway puts on every workload ({@code app.kubernetes.io/name}, {@code slipway.dev/track},
 * {@code app.kubernetes.io/version}) as the usual {@code kubernetes_sd} scrape config turns them into target labels
 * ({@code labelmap: __meta_kubernetes_pod_label_(.+)} replaces each invalid character with {@code _}), and
 * {@code namespace} from {@code __meta_kubernetes_namespace}.
 */
public record LabelNames(String service, String namespace, String track, String version) {

    public static final LabelNames DEFAULT = new LabelNames("app_kubernetes_io_name", "namespace",
            "slipway_dev_track", "app_kubernetes_io_version");

    private static final Set<String> KEYS = Set.of("service", "namespace", "track", "version");

    /** The defaults with the names slipway.yaml overrides, key by key. */
    public static LabelNames of(Map<String, String> overrides) {
        overrides.keySet().stream().filter(k -> !KEYS.contains(k)).findFirst().ifPresent(k -> {
            throw new IllegalArgumentException("metrics.prometheus.labels." + k + " is not a label Slipway selects on; "
                    + "known: service, namespace, track, version");
        });
        return new LabelNames(overrides.getOrDefault("service", DEFAULT.service),
                overrides.getOrDefault("namespace", DEFAULT.namespace),
                overrides.getOrDefault("track", DEFAULT.track),
                overrides.getOrDefault("version", DEFAULT.version));
    }
}
