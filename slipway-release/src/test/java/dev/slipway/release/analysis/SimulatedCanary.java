package dev.slipway.release.analysis;

import dev.slipway.release.Track;
import dev.slipway.release.cluster.Metrics;
import dev.slipway.release.cluster.TrafficSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.SplittableRandom;

/**
 * One seeded canary and its baseline, drawn 5-second interval by interval as a 40-minute canary sees them: the entry
 * traffic split by the step's weight (10, 25, 50, 100 %, ten minutes each), Poisson requests, exact binomial errors,
 * and per-interval p95 values as noisy as percentiles of that many requests are. Judges read it through the
 * {@link Metrics} port like any source; the judges' false-rollback rates under noise are measured on it.
 */
final class SimulatedCanary implements Metrics {

    static final Duration INTERVAL = Duration.ofSeconds(5);
    static final int[] WEIGHTS = {10, 25, 50, 100};
    static final int INTERVALS_PER_STEP = 120;
    static final int INTERVALS = WEIGHTS.length * INTERVALS_PER_STEP;
    private static final double P95_MILLIS = 40;

    private final List<TrafficSample> canary = new ArrayList<>();
    private final List<TrafficSample> baseline = new ArrayList<>();

    /**
     * @param rps            the service's entry traffic, requests per second
     * @param errorRate      the baseline's error rate
     * @param errorFactor    the canary's error rate as a multiple of the baseline's
     * @param latencyFactor  the canary's p95 as a multiple of the baseline's
     */
    SimulatedCanary(SplittableRandom random, double rps, double errorRate, double errorFactor, double latencyFactor) {
        for (int i = 0; i < INTERVALS; i++) {
            double share = WEIGHTS[i / INTERVALS_PER_STEP] / 100.0;
            double perInterval = rps * INTERVAL.toSeconds();
            canary.add(draw(random, perInterval * share, errorRate * errorFactor, P95_MILLIS * latencyFactor));
            baseline.add(draw(random, perInterval * (1 - share), errorRate, P95_MILLIS));
        }
    }

    /** The look {@code k} intervals after the canary took traffic, with the pods ready. */
    Analysis look(int k, dev.slipway.model.CanaryAnalysis settings) {
        return Looks.at(INTERVAL.multipliedBy(k), this, settings, List.of());
    }

    private static TrafficSample draw(SplittableRandom random, double mean, double errorRate, double p95) {
        long requests = poisson(random, mean);
        if (requests == 0) {
            return TrafficSample.none();
        }
        long errors = binomial(random, requests, errorRate);
        // a percentile of n requests varies about as 1/√n: ±35 % for 5 requests, ±4 % for 500
        OptionalDouble value = OptionalDouble.of(p95 * Math.exp(0.8 / Math.sqrt(requests) * random.nextGaussian()));
        return new TrafficSample(requests, errors, value, value, value);
    }

    private static long poisson(SplittableRandom random, double mean) {
        if (mean > 50) {
            return Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
        }
        double limit = Math.exp(-mean);
        long k = 0;
        for (double product = random.nextDouble(); product > limit; product *= random.nextDouble()) {
            k++;
        }
        return k;
    }

    /** Exact binomial draw by skipping geometric gaps between successes: O(n·p). */
    static long binomial(SplittableRandom random, long trials, double p) {
        if (p <= 0) {
            return 0;
        }
        double logFailure = Math.log1p(-p);
        long successes = 0;
        long position = 0;
        while (true) {
            position += (long) Math.floor(Math.log(1 - random.nextDouble()) / logFailure) + 1;
            if (position > trials) {
                return successes;
            }
            successes++;
        }
    }

    @Override
    public TrafficSample sample(String environment, String service, Track track, Instant from, Instant to) {
        List<TrafficSample> window = series(environment, service, track, from, to, INTERVAL);
        long requests = window.stream().mapToLong(TrafficSample::requests).sum();
        if (requests == 0) {
            return TrafficSample.none();
        }
        long errors = window.stream().mapToLong(TrafficSample::errors).sum();
        // the window's p95 as the worst interval's: enough for a threshold to compare with its limit
        OptionalDouble p95 = window.stream().map(TrafficSample::p95Millis).filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble).max();
        return new TrafficSample(requests, errors, p95, p95, p95);
    }

    @Override
    public List<TrafficSample> series(String environment, String service, Track track, Instant from, Instant to,
                                      Duration resolution) {
        if (!resolution.equals(INTERVAL)) {
            throw new IllegalArgumentException("simulated in intervals of " + INTERVAL + " only, asked " + resolution);
        }
        int first = (int) Duration.between(Looks.START, from).dividedBy(INTERVAL);
        int last = (int) Math.min(INTERVALS, Duration.between(Looks.START, to).dividedBy(INTERVAL));
        return (track == Track.CANARY ? canary : baseline).subList(Math.max(0, first), Math.max(first, last));
    }
}
