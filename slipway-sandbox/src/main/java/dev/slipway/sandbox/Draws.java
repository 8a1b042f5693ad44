package dev.slipway.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Seeded random draws. Every stream is keyed by what it is for (a pod, a traffic bucket), not taken from one shared
 * generator, so a draw does not depend on which other draws happened before: sampling a window twice, or two
 * windows in another order, gives the same numbers.
 */
final class Draws {

    private Draws() {
    }

    /** A generator for one purpose, e.g. (seed, "prod", "payments", "stable", bucket 1234). */
    static SplittableRandom stream(long seed, String environment, String service, String track, long index) {
        return stream(key(seed, environment, service, track), index);
    }

    /** The key of a family of streams; hashing the names once lets a sample draw many buckets cheaply. */
    static long key(long seed, String environment, String service, String track) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        h = mix(h ^ text(environment));
        h = mix(h ^ text(service));
        return mix(h ^ text(track));
    }

    static SplittableRandom stream(long key, long index) {
        return new SplittableRandom(mix(key ^ mix(index)));
    }

    /** A lognormal draw with the given mean and shape (sigma of the logarithm). */
    static double lognormalWithMean(SplittableRandom random, double mean, double sigma) {
        double mu = Math.log(mean) - sigma * sigma / 2;
        return Math.exp(mu + sigma * random.nextGaussian());
    }

    /** Poisson: exact (multiplication method) for small means, the normal approximation above 30. */
    static long poisson(SplittableRandom random, double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean < 30) {
            double limit = Math.exp(-mean);
            double product = random.nextDouble();
            long count = 0;
            while (product > limit) {
                product *= random.nextDouble();
                count++;
            }
            return count;
        }
        return Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
    }

    /** Binomial: exact for few trials, otherwise the normal or Poisson approximation. */
    static long binomial(SplittableRandom random, long trials, double p) {
        if (trials <= 0 || p <= 0) {
            return 0;
        }
        if (p >= 1) {
            return trials;
        }
        if (trials <= 40) {
            long successes = 0;
            for (long i = 0; i < trials; i++) {
                if (random.nextDouble() < p) {
                    successes++;
                }
            }
            return successes;
        }
        double variance = trials * p * (1 - p);
        if (variance >= 9) {
            long draw = Math.round(trials * p + Math.sqrt(variance) * random.nextGaussian());
            return Math.min(trials, Math.max(0, draw));
        }
        return p < 0.5 ? Math.min(trials, poisson(random, trials * p))
                : trials - Math.min(trials, poisson(random, trials * (1 - p)));
    }

    /** A stable 64-bit hash of a text (String.hashCode is only 32 bits). */
    static long text(String value) {
        long h = 0xCBF29CE484222325L;
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xFF)) * 0x100000001B3L;
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
