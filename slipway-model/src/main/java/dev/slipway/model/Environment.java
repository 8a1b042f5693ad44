package dev.slipway.model;

import java.time.Duration;
import java.util.Optional;

/**
 * A place services run: a namespace (optionally in a named kube context), what triggers a deployment to it,
 * which environment it is promoted from, whether a person must approve, how long a release soaks there
 * before it may be promoted further, what a failed release does to its other services, and how its cluster
 * splits traffic between a service's tracks.
 *
 * @param scan   the vulnerability gate of a release into this environment; empty when it has no {@code scan:}
 *               (the gate does not run)
 * @param policy the manifest policy of a release into this environment; empty when it has no {@code policy:}
 *               (the gate does not run)
 */
public record Environment(
        String name,
        String namespace,
        Optional<String> kubeContext,
        Trigger trigger,
        Optional<String> promoteFrom,
        boolean approval,
        Duration soak,
        OnFailure onFailure,
        TrafficRouting traffic,
        Optional<ScanPolicy> scan,
        Optional<ManifestPolicy> policy) {
}
