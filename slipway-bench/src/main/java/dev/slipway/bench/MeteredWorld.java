package dev.slipway.bench;

import dev.slipway.release.Inventory;
import dev.slipway.release.Track;
import dev.slipway.release.cluster.Cluster;
import dev.slipway.release.cluster.Metrics;
import dev.slipway.release.cluster.TrackSpec;
import dev.slipway.release.cluster.TrackStatus;
import dev.slipway.release.cluster.TrafficSample;
import dev.slipway.release.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The cluster and clock as the engine sees them, with every crossing metered: calls into the cluster count as
 * cluster time, callbacks out of the cluster or the clock into the engine as engine time.
 */
final class MeteredWorld {

    private MeteredWorld() {
    }

    static final class MeteredCluster implements Cluster, Metrics {
        private final Cluster cluster;
        private final Metrics metrics;
        private final Meter meter;

        <C extends Cluster & Metrics> MeteredCluster(C sandbox, Meter meter) {
            this.cluster = sandbox;
            this.metrics = sandbox;
            this.meter = meter;
        }

        @Override
        public Inventory inventory(String environment) {
            return meter.cluster(() -> cluster.inventory(environment));
        }

        @Override
        public void apply(TrackSpec desired) {
            meter.cluster(() -> cluster.apply(desired));
        }

        @Override
        public void route(String environment, String service, Map<Track, Integer> weights) {
            meter.cluster(() -> cluster.route(environment, service, weights));
        }

        @Override
        public void remove(String environment, String service, Track track) {
            meter.cluster(() -> cluster.remove(environment, service, track));
        }

        @Override
        public void watch(String environment, Consumer<TrackStatus> listener) {
            meter.cluster(() -> cluster.watch(environment, status -> meter.engine(() -> listener.accept(status))));
        }

        @Override
        public void probe(String environment, String service, Track track, String path, Consumer<Boolean> healthy) {
            meter.cluster(() -> cluster.probe(environment, service, track, path,
                    answer -> meter.engine(() -> healthy.accept(answer))));
        }

        @Override
        public TrafficSample sample(String environment, String service, Track track, Instant from, Instant to) {
            return meter.cluster(() -> metrics.sample(environment, service, track, from, to));
        }
    }

    /** The engine's timers fire as metered engine callbacks. */
    static final class MeteredClock implements Clock {
        private final Clock clock;
        private final Meter meter;

        MeteredClock(Clock clock, Meter meter) {
            this.clock = clock;
            this.meter = meter;
        }

        @Override
        public Instant now() {
            return clock.now();
        }

        @Override
        public Timer after(Duration delay, Runnable action) {
            return clock.after(delay, () -> meter.engine(action));
        }
    }
}
