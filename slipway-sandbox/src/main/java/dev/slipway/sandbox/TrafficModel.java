package dev.slipway.sandbox;

import dev.slipway.release.Track;
import dev.slipway.release.cluster.TrafficSample;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Traffic, computed rather than simulated request by request. Each service's {@link Shape} history says which
 * versions serve which share at any moment; from it, at the start of each time bucket, the model derives
 * <ul>
 * <li>the request rate of every service: its entry rate plus one call per request of each caller that reached a
 * ready pod;</li>
 * <li>the error probability of a track: its versions' own error rates, and a failed dependency call failing the
 * request with the configured propagation; a track without ready pods fails everything sent to it;</li>
 * <li>the latency of a track: per version a lognormal (median = base × latencyFactor) shifted by the mean latency
 * of its dependencies.</li>
 * </ul>
 * Per bucket it draws requests ~ Poisson(rate × bucket) and errors ~ Binomial(requests, error probability) from a
 * stream keyed by the bucket, and percentiles come from the mixture of the latency distributions weighted by the
 * drawn requests. 1,000 rps for 30 minutes costs 1,800 draws, not 1.8 million.
 */
final class TrafficModel {

    private final Topology topology;
    private final SandboxOptions options;
    private final FaultLookup faults;
    /** environment → service → time (ms) → shape from then on. */
    private final Map<String, Map<String, NavigableMap<Long, Shape>>> history = new HashMap<>();

    interface FaultLookup {
        java.util.Optional<Fault> fault(String service, String version);
    }

    TrafficModel(Topology topology, SandboxOptions options, FaultLookup faults) {
        this.topology = topology;
        this.options = options;
        this.faults = faults;
    }

    void record(String environment, String service, Instant at, Shape shape) {
        NavigableMap<Long, Shape> timeline = history.computeIfAbsent(environment, e -> new HashMap<>())
                .computeIfAbsent(service, s -> new TreeMap<>());
        Map.Entry<Long, Shape> last = timeline.lastEntry();
        if (last != null && last.getValue().equals(shape)) {
            return;
        }
        timeline.put(at.toEpochMilli(), shape);
    }

    TrafficSample sample(String environment, String service, Track track, Instant from, Instant to) {
        return sample(environment, service, track, null, from, to);
    }

    /**
     * The traffic of the track's pods of {@code version} (null: all of them). A track's requests spread over its
     * ready pods, so during a rolling update each version takes its share of the ready pods; its errors and latency
     * are its own (with its dependencies'). Drawn from a stream of its own.
     */
    TrafficSample sample(String environment, String service, Track track, String version, Instant from, Instant to) {
        long bucketMs = Math.max(1, options.bucket().toMillis());
        long first = Math.floorDiv(from.toEpochMilli() + bucketMs - 1, bucketMs); // buckets starting in [from, to)
        long end = Math.floorDiv(to.toEpochMilli() + bucketMs - 1, bucketMs);
        if (end <= first) {
            return TrafficSample.none();
        }
        Map<String, NavigableMap<Long, Shape>> services = history.getOrDefault(environment, Map.of());
        TreeSet<Long> changes = new TreeSet<>();
        for (String other : topology.closure(service)) {
            NavigableMap<Long, Shape> timeline = services.get(other);
            if (timeline != null) {
                changes.addAll(timeline.subMap(first * bucketMs, false, (end - 1) * bucketMs, true).keySet());
            }
        }
        double seconds = bucketMs / 1000.0;
        long requests = 0;
        long errors = 0;
        Map<Component, Double> mixture = new LinkedHashMap<>();
        long key = Draws.key(options.seed(), environment, service,
                version == null ? track.keyword() : track.keyword() + "@" + version);
        TrackLoad load = null;
        long segmentRequests = 0;
        Long nextChange = null;
        for (long bucket = first; bucket < end; bucket++) {
            long start = bucket * bucketMs;
            if (load == null || (nextChange != null && start >= nextChange)) {
                addLatency(mixture, load, segmentRequests);
                segmentRequests = 0;
                load = new Moment(services, start).load(service, track, version); // constant until the next change
                nextChange = changes.higher(start);
            }
            if (load.rate <= 0) {
                continue;
            }
            SplittableRandom random = Draws.stream(key, bucket);
            long n = Draws.poisson(random, load.rate * seconds);
            if (n == 0) {
                continue;
            }
            requests += n;
            segmentRequests += n;
            errors += Draws.binomial(random, n, load.errorProbability);
        }
        addLatency(mixture, load, segmentRequests);
        if (requests == 0) {
            return TrafficSample.none();
        }
        return new TrafficSample(requests, errors, quantile(mixture, 0.50), quantile(mixture, 0.95),
                quantile(mixture, 0.99));
    }

    /** The latency of a segment's requests joins the window's mixture, weighted by how many there were. */
    private static void addLatency(Map<Component, Double> mixture, TrackLoad load, long requests) {
        if (load == null || requests == 0) {
            return;
        }
        for (Map.Entry<Component, Double> c : load.latency.entrySet()) {
            mixture.merge(c.getKey(), requests * c.getValue(), Double::sum);
        }
    }

    /** A shifted lognormal: the service's own work (median, sigma) after its dependencies' time (shift). */
    record Component(double shiftMillis, double medianMillis) {
    }

    private record TrackLoad(double rate, double errorProbability, Map<Component, Double> latency) {
    }

    /** Everything derived from the shapes at one instant; memoised per service because the graph is shared. */
    private final class Moment {
        private final Map<String, NavigableMap<Long, Shape>> services;
        private final long at;
        private final Map<String, Shape> shapes = new HashMap<>();
        private final Map<String, Double> rates = new HashMap<>();
        private final Map<String, Double> failures = new HashMap<>();
        private final Map<String, Double> latencies = new HashMap<>();

        Moment(Map<String, NavigableMap<Long, Shape>> services, long at) {
            this.services = services;
            this.at = at;
        }

        Shape shape(String service) {
            return shapes.computeIfAbsent(service, s -> {
                NavigableMap<Long, Shape> timeline = services.get(s);
                Map.Entry<Long, Shape> entry = timeline == null ? null : timeline.floorEntry(at);
                return entry == null ? Shape.ABSENT : entry.getValue();
            });
        }

        /** Requests per second arriving at the service. */
        double rate(String service) {
            Double known = rates.get(service);
            if (known != null) {
                return known;
            }
            rates.put(service, 0.0); // a cycle (refused by validation) contributes nothing
            Shape shape = shape(service);
            double rate = shape.installed() ? topology.entryRps(service) : 0;
            for (String caller : topology.callers(service)) {
                rate += rate(caller) * served(shape(caller));
            }
            rates.put(service, rate);
            return rate;
        }

        /** The share of a service's requests that reach a ready pod (and so call its dependencies). */
        private double served(Shape shape) {
            double served = 0;
            for (Track track : shape.readyByVersion().keySet()) {
                served += shape.ready(track) > 0 ? shape.share(track) : 0;
            }
            return served;
        }

        /** The probability that a call to the service fails, as its callers see it. */
        double failure(String service) {
            Double known = failures.get(service);
            if (known != null) {
                return known;
            }
            failures.put(service, 0.0);
            Shape shape = shape(service);
            double failure = 1; // not installed: connection refused
            if (shape.installed()) {
                double reached = 0;
                double failed = 0;
                for (Track track : shape.readyByVersion().keySet()) {
                    double share = shape.share(track);
                    reached += share;
                    failed += share * trackFailure(service, shape, track);
                }
                failure = failed + Math.max(0, 1 - reached); // weight routed to a track that does not exist
            }
            failures.put(service, failure);
            return failure;
        }

        private double trackFailure(String service, Shape shape, Track track) {
            return trackFailure(service, shape, track, null);
        }

        /** As a caller sees the track, or ({@code only} not null) the pods of one version on it. */
        private double trackFailure(String service, Shape shape, Track track, String only) {
            int ready = only == null ? shape.ready(track)
                    : shape.readyByVersion().getOrDefault(track, Map.of()).getOrDefault(only, 0);
            if (ready == 0) {
                return 1;
            }
            double dependenciesOk = 1;
            for (String dependency : topology.dependencies(service)) {
                dependenciesOk *= 1 - options.propagation() * failure(dependency);
            }
            double ownOk = 0;
            for (Map.Entry<String, Integer> version : shape.readyByVersion().get(track).entrySet()) {
                if (only != null && !only.equals(version.getKey())) {
                    continue;
                }
                double errorRate = faults.fault(service, version.getKey()).map(Fault::errorRate).orElse(0.0);
                ownOk += (double) version.getValue() / ready * (1 - errorRate);
            }
            return 1 - dependenciesOk * ownOk;
        }

        /** Mean latency of a call to the service in milliseconds, dependencies included. */
        double meanLatency(String service) {
            Double known = latencies.get(service);
            if (known != null) {
                return known;
            }
            latencies.put(service, 0.0);
            Shape shape = shape(service);
            double mean = 0;
            double spread = Math.exp(options.latencySigma() * options.latencySigma() / 2);
            for (Track track : shape.readyByVersion().keySet()) {
                for (Map.Entry<Component, Double> c : components(service, shape, track).entrySet()) {
                    mean += shape.share(track) * c.getValue()
                            * (c.getKey().shiftMillis() + c.getKey().medianMillis() * spread);
                }
            }
            latencies.put(service, mean);
            return mean;
        }

        private Map<Component, Double> components(String service, Shape shape, Track track) {
            return components(service, shape, track, null);
        }

        private Map<Component, Double> components(String service, Shape shape, Track track, String only) {
            int ready = only == null ? shape.ready(track)
                    : shape.readyByVersion().getOrDefault(track, Map.of()).getOrDefault(only, 0);
            Map<Component, Double> mixture = new LinkedHashMap<>();
            if (ready == 0) {
                mixture.put(new Component(0, 1), 1.0); // refused at once
                return mixture;
            }
            double shift = 0;
            for (String dependency : topology.dependencies(service)) {
                shift += meanLatency(dependency);
            }
            for (Map.Entry<String, Integer> version : shape.readyByVersion().get(track).entrySet()) {
                if (only != null && !only.equals(version.getKey())) {
                    continue;
                }
                double factor = faults.fault(service, version.getKey()).map(Fault::latencyFactor).orElse(1.0);
                mixture.merge(new Component(shift, options.baseLatency(service) * factor),
                        (double) version.getValue() / ready, Double::sum);
            }
            return mixture;
        }

        /** The load on the track, or ({@code version} not null) on its pods of that version: their share of ready pods. */
        TrackLoad load(String service, Track track, String version) {
            Shape shape = shape(service);
            double share = shape.share(track);
            if (share <= 0 || !shape.installed()) {
                return new TrackLoad(0, 0, Map.of());
            }
            if (version != null) {
                int ready = shape.ready(track);
                int own = shape.readyByVersion().getOrDefault(track, Map.of()).getOrDefault(version, 0);
                if (ready == 0 || own == 0) {
                    return new TrackLoad(0, 0, Map.of());
                }
                share *= (double) own / ready;
            }
            return new TrackLoad(rate(service) * share, trackFailure(service, shape, track, version),
                    components(service, shape, track, version));
        }
    }

    /** The q-quantile of a mixture of shifted lognormals, by bisection on its distribution function. */
    private OptionalDouble quantile(Map<Component, Double> mixture, double q) {
        double total = mixture.values().stream().mapToDouble(Double::doubleValue).sum();
        if (total <= 0) {
            return OptionalDouble.empty();
        }
        double sigma = options.latencySigma();
        double low = Double.MAX_VALUE;
        double high = 0;
        for (Component c : mixture.keySet()) {
            low = Math.min(low, c.shiftMillis());
            high = Math.max(high, c.shiftMillis() + c.medianMillis() * Math.exp(8 * Math.max(sigma, 0.01)));
        }
        for (int i = 0; i < 60; i++) {
            double middle = (low + high) / 2;
            double below = 0;
            for (Map.Entry<Component, Double> c : mixture.entrySet()) {
                below += c.getValue() * cdf(c.getKey(), sigma, middle);
            }
            if (below / total < q) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return OptionalDouble.of((low + high) / 2);
    }

    private static double cdf(Component c, double sigma, double x) {
        double own = x - c.shiftMillis();
        if (own <= 0) {
            return 0;
        }
        if (sigma <= 0) {
            return own >= c.medianMillis() ? 1 : 0;
        }
        return normalCdf((Math.log(own) - Math.log(c.medianMillis())) / sigma);
    }

    /** Φ(z) via the complementary error function (Abramowitz and Stegun 7.1.26, error below 1.5e-7). */
    static double normalCdf(double z) {
        double x = Math.abs(z) / Math.sqrt(2);
        double t = 1 / (1 + 0.3275911 * x);
        double erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027
                + t * 1.061405429)))) * Math.exp(-x * x);
        return z >= 0 ? 1 - erfc / 2 : erfc / 2;
    }
}
