package dev.slipway.model;

import java.time.Duration;
import java.util.Optional;

/**
 * A place services run: a namespace (optionally in a named kube context), what triggers a deployment to it,
 * which environment it is promoted from, whether a person must approve, how long a release soaks there
 * before it may be promoted further, what a failed release does to its other services, how its cluster
 * splits traffic between a service's tracks, the registry its cluster pulls from (a promotion copies images there
 * by digest), and who may approve its releases.
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
        Optional<String> registry,
        Approvers approvers,
        Optional<ScanPolicy> scan,
        Optional<ManifestPolicy> policy) {

    /**
     * Who must approve a release to an environment with {@code approval: true}: at least {@code minimum} distinct
     * people, the one who started the release among them only when {@code allowSelf}.
     */
    public record Approvers(int minimum, boolean allowSelf) {
        public static final Approvers DEFAULT = new Approvers(1, false);

        public Approvers {
            if (minimum < 1) {
                throw new IllegalArgumentException("approvers.minimum must be at least 1, got " + minimum);
            }
        }
    }
}
