package dev.slipway.release.cluster;

import dev.slipway.release.Track;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The port the judges read: traffic of one track of one service over a time window. The sandbox implements it
 * from its simulated traffic; Prometheus from PromQL queries. A source that cannot be reached throws
 * {@link MetricsUnavailableException}, which a judge turns into "inconclusive", never a pass.
 */
public interface Metrics {

    /** Requests, errors and latency of the track in [from, to); {@link TrafficSample#none()} when there is no data. */
    TrafficSample sample(String environment, String service, Track track, Instant from, Instant to);

    /**
     * The same traffic cut into consecutive windows of {@code resolution} ([from, from + resolution), ...; the last
     * may be shorter), for judges that compare distributions over time. Sources with range queries override it.
     */
    default List<TrafficSample> series(String environment, String service, Track track, Instant from, Instant to,
                                       Duration resolution) {
        return cut(from, to, resolution, (start, end) -> sample(environment, service, track, start, end));
    }

    /**
     * Traffic of the pods of one version on the track in [from, to): during a rolling update old and new pods share
     * one track, told apart by their version label. A source that cannot tell them apart throws
     * {@link MetricsUnavailableException} (the judges are then inconclusive, never passing).
     */
    default TrafficSample versionSample(String environment, String service, Track track, String version,
                                        Instant from, Instant to) {
        throw new MetricsUnavailableException("this metrics source cannot tell the traffic of " + service
                + "'s versions apart");
    }

    /** {@link #versionSample} cut into consecutive windows of {@code resolution}, as {@link #series}. */
    default List<TrafficSample> versionSeries(String environment, String service, Track track, String version,
                                              Instant from, Instant to, Duration resolution) {
        return cut(from, to, resolution,
                (start, end) -> versionSample(environment, service, track, version, start, end));
    }

    /** [from, to) in windows of {@code resolution}, the last possibly shorter, each sampled by {@code sample}. */
    static List<TrafficSample> cut(Instant from, Instant to, Duration resolution,
                                   java.util.function.BiFunction<Instant, Instant, TrafficSample> sample) {
        if (!resolution.isPositive()) {
            throw new IllegalArgumentException("resolution must be positive, got " + resolution);
        }
        List<TrafficSample> series = new ArrayList<>();
        for (Instant start = from; start.isBefore(to); start = start.plus(resolution)) {
            Instant end = start.plus(resolution);
            series.add(sample.apply(start, end.isAfter(to) ? to : end));
        }
        return series;
    }

    /** Whether {@link #query} answers user-defined metrics (Prometheus does; the sandbox does not). */
    default boolean answersQueries() {
        return false;
    }

    /**
     * The value of a user-defined metric's query template for the track over [from, to); empty when there is no
     * data.
     */
    default OptionalDouble query(String environment, String service, Track track, String version, String template,
                                 Instant from, Instant to) {
        return OptionalDouble.empty();
    }
}
