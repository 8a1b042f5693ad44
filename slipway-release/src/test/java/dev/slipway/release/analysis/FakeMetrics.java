package dev.slipway.release.analysis;

import dev.slipway.release.Track;
import dev.slipway.release.cluster.Metrics;
import dev.slipway.release.cluster.MetricsUnavailableException;
import dev.slipway.release.cluster.TrafficSample;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Deterministic traffic per service and track, second by second: from a given instant on, so many requests per
 * second, a share of them failing (errors are rounded once per sample, so rates come out exact), and a p95. Judges'
 * logic is tested against it; their error rates under noise are tested by simulation elsewhere.
 */
final class FakeMetrics implements Metrics {

    record Traffic(double rps, double errorRate, double p95Millis) {
    }

    private final Map<String, NavigableMap<Long, Traffic>> traffic = new HashMap<>();
    private final Map<String, OptionalDouble> queries = new HashMap<>();
    private boolean answersQueries;
    private boolean unavailable;

    /** From {@code from} on, the track of the service serves this traffic (rps 0: none). */
    FakeMetrics traffic(String service, Track track, Instant from, double rps, double errorRate, double p95Millis) {
        traffic.computeIfAbsent(service + "/" + track.keyword(), k -> new TreeMap<>())
                .put(from.getEpochSecond(), new Traffic(rps, errorRate, p95Millis));
        return this;
    }

    FakeMetrics query(String template, OptionalDouble value) {
        answersQueries = true;
        queries.put(template, value);
        return this;
    }

    FakeMetrics unavailable() {
        unavailable = true;
        return this;
    }

    @Override
    public TrafficSample sample(String environment, String service, Track track, Instant from, Instant to) {
        if (unavailable) {
            throw new MetricsUnavailableException("prometheus did not answer");
        }
        NavigableMap<Long, Traffic> timeline = traffic.getOrDefault(service + "/" + track.keyword(), new TreeMap<>());
        double requests = 0;
        double errors = 0;
        double weightedP95 = 0;
        for (long second = from.getEpochSecond(); second < to.getEpochSecond(); second++) {
            Map.Entry<Long, Traffic> entry = timeline.floorEntry(second);
            if (entry == null) {
                continue;
            }
            Traffic t = entry.getValue();
            requests += t.rps();
            errors += t.rps() * t.errorRate();
            weightedP95 += t.rps() * t.p95Millis();
        }
        long n = Math.round(requests);
        if (n == 0) {
            return TrafficSample.none();
        }
        OptionalDouble p95 = OptionalDouble.of(weightedP95 / requests);
        return new TrafficSample(n, Math.min(n, Math.round(errors)), p95, p95, p95);
    }

    @Override
    public boolean answersQueries() {
        return answersQueries;
    }

    @Override
    public OptionalDouble query(String environment, String service, Track track, String version, String template,
                                Instant from, Instant to) {
        return queries.getOrDefault(template, OptionalDouble.empty());
    }
}
