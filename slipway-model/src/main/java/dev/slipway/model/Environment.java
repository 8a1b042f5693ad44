package dev.slipway.model;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A place services run: a namespace (optionally in a named kube context), what triggers a deployment to it,
 * which environment it is promoted from, whether a person must approve, how long a release soaks there
 * before it may be promoted further, what a failed release does to its other services, how its cluster
 * splits traffic between a service's tracks, the registry its cluster pulls from (a promotion copies images there
 * by digest), who may approve its releases, what a release must pass to get there, and who delivers a release
 * there: Slipway through the cluster's API, or Git ({@code gitops}, present when the environment names it or
 * delivers through Git).
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
        Optional<ManifestPolicy> policy,
        Delivery delivery,
        Optional<GitOpsSettings> gitops) {

    /** True when a release here is committed to Git for a GitOps controller to apply, never applied by Slipway. */
    public boolean deliversThroughGit() {
        return delivery == Delivery.GITOPS;
    }

    /**
     * Who must approve a release to an environment with {@code approval: true}: at least {@code minimum} distinct
     * people, the one who started the release among them only when {@code allowSelf}, and only people whose name is
     * in {@code names} when it lists any (empty: anyone granted {@code approve:ENV}).
     */
    public record Approvers(int minimum, boolean allowSelf, List<String> names) {
        public static final Approvers DEFAULT = new Approvers(1, false, List.of());

        public Approvers {
            if (minimum < 1) {
                throw new IllegalArgumentException("approvers.minimum must be at least 1, got " + minimum);
            }
            // null in a release admission saved before names existed: no list, anyone granted may decide
            names = names == null ? List.of() : List.copyOf(names);
        }

        /** True when {@code name} may decide: the list is empty, or names it. */
        public boolean admits(String name) {
            return names.isEmpty() || names.contains(name);
        }
    }
}
