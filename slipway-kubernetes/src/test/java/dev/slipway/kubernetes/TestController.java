package dev.slipway.kubernetes;

import dev.slipway.release.time.Clock;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Plays the Deployment controller (and, for the tracks a test makes restart, the kubelet) against the mock API
 * server. A Deployment whose status is behind its spec gets observedGeneration = generation and every replica
 * updated, ready and available, in one step — unless its {@code service@version}:
 * <ul>
 * <li>{@link #crashLoops stalls}: its pods never become ready and the Progressing condition turns False with reason
 * ProgressDeadlineExceeded at once, as the real controller reports once the deadline has passed;</li>
 * <li>{@link #podsCrashLoop crash-loops}: it gets Pod objects (the Deployment's pod labels, so its selector selects
 * them) that are never ready and whose restartCount goes up at the kubelet's CrashLoopBackOff delays (10 s, then
 * doubling), on the clock; ProgressDeadlineExceeded comes only when its progress deadline has passed;</li>
 * <li>{@link #podsRestart restarts}: it gets Pod objects that are ready but restart once at each given delay.</li>
 * </ul>
 * Pod {@code i} starts, and so restarts, {@code i} seconds after pod 0, so no two restarts share an instant.
 * A version's pods are those of the replicas it had when they started. Pods of a Deployment that is gone or runs
 * another version are deleted, as the garbage collector and the rollout would.
 */
final class TestController {

    private final KubernetesClient client;
    private final String namespace;
    private final Clock clock;
    private final Set<String> stalls = new HashSet<>();
    private final Map<String, Restarts> restarts = new HashMap<>();
    /** When the pods of a Deployment's version were started, by their names' prefix ({@link #pods}). */
    private final Map<String, Instant> started = new HashMap<>();
    /** The pods this controller created (it deletes no others). */
    private final Set<String> created = new HashSet<>();

    /** How a version's pods restart: ready between restarts or never, and when, after they started. */
    private record Restarts(boolean ready, List<Duration> after) {
    }

    TestController(KubernetesClient client, String namespace, Clock clock) {
        this.client = client;
        this.namespace = namespace;
        this.clock = clock;
    }

    TestController crashLoops(String service, String version) {
        stalls.add(service + "@" + version);
        return this;
    }

    /** The pods of {@code service@version} crash {@code times} times, at the kubelet's back-off, never ready. */
    TestController podsCrashLoop(String service, String version, int times) {
        List<Duration> after = new ArrayList<>();
        Duration at = Duration.ZERO;
        for (int i = 0; i < times; i++) {
            at = at.plus(Duration.ofSeconds(10L << i));
            after.add(at);
        }
        restarts.put(service + "@" + version, new Restarts(false, after));
        return this;
    }

    /** The pods of {@code service@version} are ready, and each restarts once at each of these delays. */
    TestController podsRestart(String service, String version, Duration... after) {
        restarts.put(service + "@" + version, new Restarts(true, List.of(after)));
        return this;
    }

    /** Brings pods and statuses up to date with the Deployments; returns how many writes that took. */
    int reconcile() {
        int writes = 0;
        List<Deployment> deployments = client.apps().deployments().inNamespace(namespace).list().getItems();
        writes += collectPods(deployments);
        for (Deployment d : deployments) {
            writes += startPods(d);
            DeploymentStatus wanted = status(d);
            if (wanted.equals(d.getStatus())) {
                continue;
            }
            d.setStatus(wanted);
            try {
                client.apps().deployments().inNamespace(namespace).resource(d).updateStatus();
                writes++;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                writes++; // changed under us: look again
            }
        }
        return writes;
    }

    private static String key(Deployment d) {
        return Deployments.service(d).orElse("") + "@" + Deployments.version(d);
    }

    /** The names' prefix of the pods of a Deployment's version: {@code api-canary-2.1.0-} (then 0, 1, ...). */
    private static String pods(Deployment d) {
        return d.getMetadata().getName() + "-" + Deployments.versionLabel(Deployments.version(d)) + "-";
    }

    private DeploymentStatus status(Deployment d) {
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        Restarts podRestarts = restarts.get(key(d));
        Instant since = started.get(pods(d));
        boolean deadlinePassed = stalls.contains(key(d)) || podRestarts != null && !podRestarts.ready()
                && since != null && !clock.now().isBefore(since.plusSeconds(Deployments.PROGRESS_DEADLINE_SECONDS));
        boolean ready = !stalls.contains(key(d)) && (podRestarts == null || podRestarts.ready());
        DeploymentCondition progressing = deadlinePassed
                ? condition("False", "ProgressDeadlineExceeded")
                : ready ? condition("True", "NewReplicaSetAvailable") : condition("True", "ReplicaSetUpdated");
        return new DeploymentStatusBuilder()
                .withObservedGeneration(d.getMetadata().getGeneration())
                .withReplicas(replicas).withUpdatedReplicas(replicas)
                .withReadyReplicas(ready ? replicas : 0).withAvailableReplicas(ready ? replicas : 0)
                .withConditions(progressing).build();
    }

    private static DeploymentCondition condition(String status, String reason) {
        return new DeploymentConditionBuilder().withType("Progressing").withStatus(status).withReason(reason).build();
    }

    /**
     * Creates the pods of a Deployment whose version is told to restart, once, and puts its restarts (and, for a
     * crash loop, its progress deadline: the controller must look again then) on the clock.
     */
    private int startPods(Deployment d) {
        Restarts podRestarts = restarts.get(key(d));
        if (podRestarts == null || started.containsKey(pods(d))) {
            return 0;
        }
        started.put(pods(d), clock.now());
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            String name = pods(d) + i;
            client.pods().inNamespace(namespace).resource(new PodBuilder()
                    .withNewMetadata().withName(name).withNamespace(namespace)
                    .withLabels(d.getSpec().getTemplate().getMetadata().getLabels()).endMetadata()
                    .withNewSpec().withContainers(d.getSpec().getTemplate().getSpec().getContainers()).endSpec()
                    .build()).create();
            created.add(name);
            names.add(name);
        }
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            setStatus(name, 0, podRestarts.ready());
            // pods are not started in the same instant: pod i restarts i seconds after pod 0
            for (Duration after : podRestarts.after()) {
                clock.after(after.plusSeconds(i), () -> restart(name, podRestarts.ready()));
            }
        }
        if (!podRestarts.ready()) {
            clock.after(Duration.ofSeconds(Deployments.PROGRESS_DEADLINE_SECONDS), () -> { });
        }
        return 2 * names.size();
    }

    /** One more restart of the pod's container, if the pod is still there. */
    private void restart(String name, boolean ready) {
        Pod pod = client.pods().inNamespace(namespace).withName(name).get();
        if (pod != null) {
            setStatus(name, pod.getStatus().getContainerStatuses().getFirst().getRestartCount() + 1, ready);
        }
    }

    private void setStatus(String name, int restartCount, boolean ready) {
        Pod pod = client.pods().inNamespace(namespace).withName(name).get();
        ContainerStatus container = new ContainerStatusBuilder()
                .withName(pod.getSpec().getContainers().getFirst().getName()).withRestartCount(restartCount)
                .withReady(ready).withStarted(ready).build();
        pod.setStatus(new PodStatusBuilder().withPhase("Running")
                .withContainerStatuses(container).build());
        client.pods().inNamespace(namespace).resource(pod).updateStatus();
    }

    /** Deletes the pods whose Deployment is gone or no longer runs their version. */
    private int collectPods(List<Deployment> deployments) {
        Set<String> current = new HashSet<>();
        deployments.forEach(d -> current.add(pods(d)));
        int writes = 0;
        for (String name : new TreeSet<>(created)) {
            if (current.stream().noneMatch(prefix -> name.startsWith(prefix)
                    && name.substring(prefix.length()).matches("\\d+"))) {
                client.pods().inNamespace(namespace).withName(name).delete();
                created.remove(name);
                writes++;
            }
        }
        return writes;
    }
}
