package dev.slipway.bench;

import dev.slipway.release.Track;
import dev.slipway.release.cluster.Metrics;
import dev.slipway.release.cluster.TrafficSample;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The sandbox's metrics, each window drawn once. The statistical judge reads every interval since the canary started
 * at every look; the sandbox draws a window's traffic from seeds of its time buckets, so the same window always gives
 * the same sample and remembering it changes nothing but the benchmark's running time. One per release.
 */
final class MemoMetrics implements Metrics {

    private record Window(String environment, String service, Track track, Instant from, Instant to) {
    }

    private final Metrics source;
    private final Map<Window, TrafficSample> seen = new HashMap<>();

    MemoMetrics(Metrics source) {
        this.source = source;
    }

    @Override
    public TrafficSample sample(String environment, String service, Track track, Instant from, Instant to) {
        return seen.computeIfAbsent(new Window(environment, service, track, from, to),
                w -> source.sample(environment, service, track, from, to));
    }
}
