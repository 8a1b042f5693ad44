package dev.slipway.model;

import java.util.Optional;

/** One rule of the built-in manifest policy, by the id an environment's {@code policy.rules} names it with. */
public enum PolicyRule implements Keyword {
    PINNED_IMAGE("pinned-image", "every image names a version tag or a digest, never :latest, no tag or a word such as :stable"),
    RESOURCES("resources", "every container sets cpu and memory requests and limits"),
    RUN_AS_NON_ROOT("run-as-non-root", "every container runs as a non-root user (runAsNonRoot: true or a non-zero runAsUser)"),
    READ_ONLY_ROOT_FILESYSTEM("read-only-root-filesystem", "every container has readOnlyRootFilesystem: true"),
    PROBES("probes", "every container has a readiness and a liveness probe"),
    NOT_PRIVILEGED("not-privileged", "no container is privileged"),
    NO_HOST_NAMESPACES("no-host-namespaces", "no pod shares the node's network, PID or IPC namespace (hostNetwork, hostPID, hostIPC)");

    private final String keyword;
    private final String description;

    PolicyRule(String keyword, String description) {
        this.keyword = keyword;
        this.description = description;
    }

    @Override
    public String keyword() {
        return keyword;
    }

    /** What the rule requires, in one line. */
    public String description() {
        return description;
    }

    public static Optional<PolicyRule> of(String keyword) {
        return Keyword.parse(PolicyRule.class, keyword);
    }
}
