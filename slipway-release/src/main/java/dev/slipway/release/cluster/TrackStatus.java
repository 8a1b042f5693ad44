package dev.slipway.release.cluster;

import dev.slipway.release.Track;
import java.util.OptionalInt;

/**
 * What the cluster reports about one track's workload, in the terms of a Kubernetes Deployment status, so that
 * {@link RolloutStatus} can judge it exactly as {@code kubectl rollout status} does.
 * <p>
 * {@code scaledTo}: without a mesh a track's traffic share is its share of the pods, so the cluster runs a track
 * that takes part of the traffic at fewer replicas than it was applied with; this is that number (kubectl compares
 * with the Deployment's own replicas, which this is). Empty when the track runs all it was applied with.
 */
public record TrackStatus(String environment, String service, Track track, String version,
                          long generation, long observedGeneration,
                          int replicas, int updatedReplicas, int readyReplicas, int availableReplicas,
                          int restarts, boolean progressDeadlineExceeded, OptionalInt scaledTo) {

    /** A track that runs all the replicas it was applied with. */
    public TrackStatus(String environment, String service, Track track, String version,
                       long generation, long observedGeneration,
                       int replicas, int updatedReplicas, int readyReplicas, int availableReplicas,
                       int restarts, boolean progressDeadlineExceeded) {
        this(environment, service, track, version, generation, observedGeneration, replicas, updatedReplicas,
                readyReplicas, availableReplicas, restarts, progressDeadlineExceeded, OptionalInt.empty());
    }
}
