package dev.slipway.model;

/**
 * The label keys Slipway writes on every Kubernetes object it generates and reads back from a cluster: one
 * vocabulary for the generators (manifests, routing objects) and the Kubernetes adapter (inventory, tracks), so a
 * generated Deployment is found by the adapter that rolls it out. Kubernetes' recommended
 * {@code app.kubernetes.io/*} labels and Slipway's own {@code slipway.dev/*}.
 */
public final class ClusterLabels {

    public static final String NAME = "app.kubernetes.io/name";
    public static final String INSTANCE = "app.kubernetes.io/instance";
    public static final String VERSION = "app.kubernetes.io/version";
    public static final String COMPONENT = "app.kubernetes.io/component";
    public static final String PART_OF = "app.kubernetes.io/part-of";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    /** The value of {@link #MANAGED_BY} on what Slipway manages. */
    public static final String MANAGER = "slipway";
    /** Which track a pod belongs to (stable/canary, blue/green); routing subsets and per-track Services select on it. */
    public static final String TRACK = "slipway.dev/track";
    public static final String ENVIRONMENT = "slipway.dev/environment";

    private ClusterLabels() {
    }
}
