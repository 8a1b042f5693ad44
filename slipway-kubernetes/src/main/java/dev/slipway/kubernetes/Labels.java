package dev.slipway.kubernetes;

import dev.slipway.model.ClusterLabels;

/**
 * The labels and annotations Slipway reads and writes; the labels are the shared vocabulary ({@link ClusterLabels})
 * the kubernetes generator puts on its objects, so the adapter manages the same Deployments.
 */
final class Labels {

    static final String NAME = ClusterLabels.NAME;
    static final String INSTANCE = ClusterLabels.INSTANCE;
    static final String VERSION = ClusterLabels.VERSION;
    static final String MANAGED_BY = ClusterLabels.MANAGED_BY;
    static final String TRACK = ClusterLabels.TRACK;
    static final String MANAGER = ClusterLabels.MANAGER;

    /** The exact version (a label value cannot hold every semver, e.g. build metadata after '+'). */
    static final String RELEASED_VERSION = "slipway.dev/version";
    /** The dependency ranges the running version was released with, as a JSON object. */
    static final String RANGES = "slipway.dev/ranges";
    /** The image digest the track runs, when the release pinned one. */
    static final String DIGEST = "slipway.dev/digest";
    /** All the replicas the track was applied with; without a mesh, routing scales it to its share of them. */
    static final String REPLICAS = "slipway.dev/replicas";
    /** Without a mesh: the track's traffic share, which its replica count approximates. */
    static final String WEIGHT = "slipway.dev/weight";

    private Labels() {
    }
}
