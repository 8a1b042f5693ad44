package dev.slipway.kubernetes;

import dev.slipway.release.cluster.TrackStatus;
import dev.slipway.release.time.Clock;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The status of every Slipway Deployment of one namespace, as an informer delivers it: first the current status
 * of each (listed, in name order, handed to the clock before {@link #start()} returns), then every change from a
 * watch that starts at the list's resourceVersion. Each status hops onto the clock's thread. An object state seen
 * twice (same resourceVersion: a watch may replay what the list returned) is delivered once; a watch that ends
 * with an error (e.g. 410 Gone) lists and watches again.
 * <p>
 * Restarts are not in a Deployment's status but in its pods': a pod informer of the namespace (pods with a
 * {@code app.kubernetes.io/name} label, as every pod of a Slipway Deployment has) keeps them, and when a pod's
 * restart count changes, the status of the Deployment that selects it goes out again with the new sum. So a crash
 * loop is seen as it happens, not only once the progress deadline has passed. Nothing polls.
 * <p>
 * Statuses are computed and handed to the clock under this watch's lock, so they reach the clock in the order
 * they were computed, whichever thread (the Deployment watch's, the pod informer's) brought the change.
 */
final class StatusWatch implements Watcher<Deployment> {

    private final KubernetesClient client;
    private final Clock clock;
    private final String namespace;
    private final String environment;
    private final Consumer<TrackStatus> listener;
    /** The latest state of each Deployment, by name, to compute its status again when its pods change. */
    private final Map<String, Deployment> deployments = new HashMap<>();
    /** What was delivered of each Deployment: its resourceVersion and its pods' restarts. */
    private final Map<String, String> delivered = new HashMap<>();
    private volatile boolean closed;
    private volatile Watch watch;
    private volatile SharedIndexInformer<Pod> pods;

    StatusWatch(KubernetesClient client, Clock clock, String namespace, String environment,
                Consumer<TrackStatus> listener) {
        this.client = client;
        this.clock = clock;
        this.namespace = namespace;
        this.environment = environment;
        this.listener = listener;
    }

    void start() {
        if (pods == null) {
            // first, so that the first statuses already count the restarts; it lists and watches again on its own
            pods = client.pods().inNamespace(namespace).withLabel(Labels.NAME).inform(new PodRestarts());
        }
        DeploymentList list = client.apps().deployments().inNamespace(namespace)
                .withLabel(Labels.MANAGED_BY, Labels.MANAGER).list();
        listed(list.getItems());
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
        SharedIndexInformer<Pod> p = pods;
        if (p != null) {
            p.close();
        }
    }

    @Override
    public void eventReceived(Action action, Deployment deployment) {
        switch (action) {
            case ADDED, MODIFIED -> deliver(deployment);
            case DELETED -> forget(deployment.getMetadata().getName());
            default -> { }
        }
    }

    @Override
    public void onClose(WatcherException cause) {
        if (!closed) {
            start();
        }
    }

    /** Delivers the listed Deployments in name order and forgets those gone while no watch ran. */
    private synchronized void listed(List<Deployment> items) {
        deployments.keySet().retainAll(items.stream().map(d -> d.getMetadata().getName()).toList());
        delivered.keySet().retainAll(deployments.keySet());
        items.stream().sorted(Comparator.comparing(d -> d.getMetadata().getName())).forEach(this::deliver);
    }

    private synchronized void forget(String name) {
        deployments.remove(name);
        delivered.remove(name);
    }

    private synchronized void deliver(Deployment deployment) {
        if (closed || Deployments.service(deployment).isEmpty()) {
            return;
        }
        String name = deployment.getMetadata().getName();
        deployments.put(name, deployment);
        int restarts = Deployments.restarts(deployment, pods.getStore().list());
        String version = Objects.requireNonNullElse(deployment.getMetadata().getResourceVersion(), "");
        String state = version + "/" + restarts;
        String previous = delivered.put(name, state);
        if (!version.isEmpty() && state.equals(previous)) {
            return;
        }
        TrackStatus status = Deployments.status(environment, deployment, restarts);
        clock.after(Duration.ZERO, () -> {
            if (!closed) {
                listener.accept(status);
            }
        });
    }

    /**
     * A pod's restarts or labels changed, or it came or went with restarts: every Deployment's status is computed
     * again (a pod may also have left one's selection), and those whose restarts changed go out.
     */
    private synchronized void podChanged() {
        List.copyOf(deployments.values()).forEach(this::deliver);
    }

    private final class PodRestarts implements ResourceEventHandler<Pod> {
        @Override
        public void onAdd(Pod pod) {
            if (Deployments.restarts(pod) > 0) {
                podChanged();
            }
        }

        @Override
        public void onUpdate(Pod before, Pod after) {
            if (Deployments.restarts(before) != Deployments.restarts(after)
                    || !Deployments.labels(before.getMetadata()).equals(Deployments.labels(after.getMetadata()))) {
                podChanged();
            }
        }

        @Override
        public void onDelete(Pod pod, boolean finalStateUnknown) {
            if (Deployments.restarts(pod) > 0) {
                podChanged();
            }
        }
    }
}
