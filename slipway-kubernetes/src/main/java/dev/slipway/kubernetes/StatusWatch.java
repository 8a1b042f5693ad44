package dev.slipway.kubernetes;

import dev.slipway.release.cluster.TrackStatus;
import dev.slipway.release.time.Clock;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The status of every Slipway Deployment of one namespace, as an informer delivers it: first the current status
 * of each (listed, in name order, handed to the clock before {@link #start()} returns), then every change from a
 * watch that starts at the list's resourceVersion. Each status hops onto the clock's thread. An object state seen
 * twice (same resourceVersion: a watch may replay what the list returned) is delivered once; a watch that ends
 * with an error (e.g. 410 Gone) lists and watches again.
 */
final class StatusWatch implements Watcher<Deployment> {

    private final KubernetesClient client;
    private final Clock clock;
    private final String namespace;
    private final String environment;
    private final Consumer<TrackStatus> listener;
    private final Map<String, String> seen = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile Watch watch;

    StatusWatch(KubernetesClient client, Clock clock, String namespace, String environment,
                Consumer<TrackStatus> listener) {
        this.client = client;
        this.clock = clock;
        this.namespace = namespace;
        this.environment = environment;
        this.listener = listener;
    }

    void start() {
        DeploymentList list = client.apps().deployments().inNamespace(namespace)
                .withLabel(Labels.MANAGED_BY, Labels.MANAGER).list();
        list.getItems().stream().sorted(Comparator.comparing(d -> d.getMetadata().getName())).forEach(this::deliver);
        watch = client.apps().deployments().inNamespace(namespace).withLabel(Labels.MANAGED_BY, Labels.MANAGER)
                .watch(new ListOptionsBuilder().withResourceVersion(list.getMetadata().getResourceVersion()).build(),
                        this);
    }

    void close() {
        closed = true;
        Watch w = watch;
        if (w != null) {
            w.close();
        }
    }

    @Override
    public void eventReceived(Action action, Deployment deployment) {
        switch (action) {
            case ADDED, MODIFIED -> deliver(deployment);
            case DELETED -> seen.remove(deployment.getMetadata().getName());
            default -> { }
        }
    }

    @Override
    public void onClose(WatcherException cause) {
        if (!closed) {
            start();
        }
    }

    private void deliver(Deployment deployment) {
        if (closed || Deployments.service(deployment).isEmpty()) {
            return;
        }
        String version = deployment.getMetadata().getResourceVersion();
        String previous = seen.put(deployment.getMetadata().getName(), version == null ? "" : version);
        if (version != null && version.equals(previous)) {
            return;
        }
        TrackStatus status = Deployments.status(environment, deployment);
        clock.after(Duration.ZERO, () -> {
            if (!closed) {
                listener.accept(status);
            }
        });
    }
}
