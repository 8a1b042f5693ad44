package dev.slipway.release.cluster;

import dev.slipway.release.Track;
import java.time.Instant;

/**
 * The port the judges read: traffic of one track of one service over a time window. The sandbox implements it
 * from its simulated traffic; Prometheus from PromQL range queries.
 */
public interface Metrics {

    /** Requests, errors and latency of the track in [from, to); {@link TrafficSample#none()} when there is no data. */
    TrafficSample sample(String environment, String service, Track track, Instant from, Instant to);
}
