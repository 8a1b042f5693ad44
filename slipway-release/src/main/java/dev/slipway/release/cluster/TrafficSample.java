package dev.slipway.release.cluster;

import java.util.OptionalDouble;

/**
 * Traffic of one track over a window: how many requests, how many failed, and latency percentiles in
 * milliseconds (empty when there were no requests). No requests is "no data": a judge must call it
 * inconclusive, never a pass.
 */
public record TrafficSample(long requests, long errors, OptionalDouble p50Millis, OptionalDouble p95Millis,
                            OptionalDouble p99Millis) {

    public TrafficSample {
        if (requests < 0 || errors < 0 || errors > requests) {
            throw new IllegalArgumentException("requests " + requests + ", errors " + errors);
        }
    }

    public static TrafficSample none() {
        return new TrafficSample(0, 0, OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty());
    }

    public boolean hasData() {
        return requests > 0;
    }

    /** Errors per request; 0 without data (check {@link #hasData()} first). */
    public double errorRate() {
        return requests == 0 ? 0 : (double) errors / requests;
    }
}
