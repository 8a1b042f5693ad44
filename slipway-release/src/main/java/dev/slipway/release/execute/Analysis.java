package dev.slipway.release.execute;

import dev.slipway.release.cluster.TrackStatus;
import dev.slipway.release.cluster.TrafficSample;
import java.util.Optional;

/**
 * The evidence for one canary step: its index and weight, the traffic of the canary and of the baseline over the
 * step's window, the canary track's latest status and how many replicas it should have ready.
 */
public record Analysis(String service, int step, int weight, TrafficSample canary, TrafficSample baseline,
                       Optional<TrackStatus> canaryStatus, int desiredReplicas) {
}
