package dev.slipway.kubernetes;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashSet;
import java.util.Set;

/**
 * Plays the Deployment controller against the mock API server, in one step: a Deployment whose status is behind
 * its spec gets observedGeneration = generation and every replica updated, ready and available — unless its
 * {@code service@version} is told to crash-loop: then its pods never become ready and the Progressing condition
 * turns False with reason ProgressDeadlineExceeded, as the real controller reports once the deadline passes.
 */
final class TestController {

    private final KubernetesClient client;
    private final String namespace;
    private final Set<String> crashLoops = new HashSet<>();

    TestController(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    TestController crashLoops(String service, String version) {
        crashLoops.add(service + "@" + version);
        return this;
    }

    /** Writes the status of every Deployment that is behind; returns how many it wrote. */
    int reconcile() {
        int writes = 0;
        for (Deployment d : client.apps().deployments().inNamespace(namespace).list().getItems()) {
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

    private DeploymentStatus status(Deployment d) {
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        boolean crashing = crashLoops.contains(Deployments.service(d).orElse("") + "@" + Deployments.version(d));
        DeploymentCondition progressing = crashing
                ? condition("False", "ProgressDeadlineExceeded")
                : condition("True", "NewReplicaSetAvailable");
        return new DeploymentStatusBuilder()
                .withObservedGeneration(d.getMetadata().getGeneration())
                .withReplicas(replicas).withUpdatedReplicas(replicas)
                .withReadyReplicas(crashing ? 0 : replicas).withAvailableReplicas(crashing ? 0 : replicas)
                .withConditions(progressing).build();
    }

    private static DeploymentCondition condition(String status, String reason) {
        return new DeploymentConditionBuilder().withType("Progressing").withStatus(status).withReason(reason).build();
    }
}
