package dev.slipway.release.cluster;

import dev.slipway.release.Track;

/**
 * What the cluster reports about one track's workload, in the terms of a Kubernetes Deployment status, so that
 * {@link RolloutStatus} can judge it exactly as {@code kubectl rollout status} does.
 */
public record TrackStatus(String environment, String service, Track track, String version,
                          long generation, long observedGeneration,
                          int replicas, int updatedReplicas, int readyReplicas, int availableReplicas,
                          int restarts, boolean progressDeadlineExceeded) {
}
