package dev.slipway.run;

import dev.slipway.kubernetes.KubernetesCluster;
import dev.slipway.kubernetes.KubernetesOptions;
import dev.slipway.prometheus.PrometheusMetrics;
import dev.slipway.release.Inventory;
import dev.slipway.release.cluster.Metrics;
import dev.slipway.release.time.Clock;
import dev.slipway.sandbox.ScaledClock;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/** The cluster of an environment that names a kube context, in real time, judged by the given metrics. */
public final class KubeWorld extends World {

    private final String kubeContext;
    private final KubernetesClient client;
    private final KubernetesCluster kubernetes;
    private final ScaledClock clock;

    private KubeWorld(String kubeContext, KubernetesClient client, KubernetesCluster kubernetes, ScaledClock clock,
                      Metrics metrics) {
        super(kubernetes, metrics);
        this.kubeContext = kubeContext;
        this.client = client;
        this.kubernetes = kubernetes;
        this.clock = clock;
    }

    static KubeWorld open(String context, Optional<Path> kubeconfig, KubernetesOptions options, Metrics metrics) {
        KubernetesClient client = KubeContext.connect(context, kubeconfig);
        ScaledClock clock = new ScaledClock(Instant.now(), 1);
        return new KubeWorld(context, client, new KubernetesCluster(client, clock, options), clock, metrics);
    }

    @Override
    public Optional<String> kubeContext() {
        return Optional.of(kubeContext);
    }

    @Override
    public Inventory inventory(String environment) {
        try {
            return super.inventory(environment);
        } catch (KubernetesClientException e) {
            throw KubeContext.unreachable(kubeContext, e);
        }
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    Optional<ScaledClock> scaled() {
        return Optional.of(clock);
    }

    @Override
    RuntimeException translate(RuntimeException e) {
        return e instanceof KubernetesClientException k ? KubeContext.unreachable(kubeContext, k) : e;
    }

    @Override
    public void close() {
        kubernetes.close(); // the watches first: they hand events to the clock
        clock.close();
        client.close();
        if (metrics instanceof PrometheusMetrics prometheus) {
            prometheus.close();
        }
    }
}
