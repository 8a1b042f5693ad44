package dev.slipway.release.cluster;

/**
 * Whether a track's rollout is done, still going, or stuck — decided as {@code kubectl rollout status} decides
 * for a Deployment: the controller must have seen the latest spec (observedGeneration), every replica must be
 * updated and available, and no old replica may remain; a ProgressDeadlineExceeded condition means stuck.
 */
public enum RolloutStatus {
    PROGRESSING, COMPLETE, FAILED;

    /** The number of restarts that, with the rollout not complete, counts as a crash loop. */
    public static final int CRASH_LOOP_RESTARTS = 3;

    /**
     * @param desiredReplicas the replicas the track was applied with; a track the cluster scaled to its traffic
     *                        share ({@link TrackStatus#scaledTo()}) is complete at that share
     */
    public static RolloutStatus of(TrackStatus status, int desiredReplicas) {
        if (status.progressDeadlineExceeded()) {
            return FAILED;
        }
        if (status.observedGeneration() < status.generation()) {
            return PROGRESSING;
        }
        boolean done = status.updatedReplicas() >= desired(status, desiredReplicas)
                && status.replicas() <= status.updatedReplicas() // no old replicas left
                && status.availableReplicas() >= status.updatedReplicas();
        if (done) {
            return COMPLETE;
        }
        return status.restarts() >= CRASH_LOOP_RESTARTS ? FAILED : PROGRESSING;
    }

    /** The replicas the track should run now: its traffic share when the cluster scaled it to that, else all. */
    public static int desired(TrackStatus status, int appliedReplicas) {
        return Math.min(appliedReplicas, status.scaledTo().orElse(appliedReplicas));
    }
}
