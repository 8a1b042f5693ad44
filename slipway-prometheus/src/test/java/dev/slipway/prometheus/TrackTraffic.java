package dev.slipway.prometheus;

import java.util.ArrayList;
import java.util.List;

/**
 * One track's traffic as a Prometheus client library counts it: {@code http_requests_total} by status code (200 and,
 * when it fails at all, 500) and the {@code http_request_duration_seconds} histogram, growing steadily from zero.
 * A fast track spreads its requests 20/50/20/10 % over the buckets up to 25, 50, 100 and 200 ms, which
 * histogram_quantile reads as p50 40 ms, p95 150 ms, p99 190 ms; a slow one takes each request twice as long
 * (the same shares one bucket up): 80, 300 and 380 ms.
 */
record TrackTraffic(String service, String namespace, String track, int requestsPerSecond, int errorPercent,
                    boolean slow) {

    static final String[] BOUNDS = {"0.025", "0.05", "0.1", "0.2", "0.4", "0.8", "+Inf"};
    /** Cumulative percent of requests at or under each bound. */
    private static final int[] FAST = {20, 70, 90, 100, 100, 100, 100};
    private static final int[] SLOW = {0, 20, 70, 90, 100, 100, 100};

    static final double FAST_P50 = 40, FAST_P95 = 150, FAST_P99 = 190;

    String labels() {
        return "app_kubernetes_io_name=\"" + service + "\",namespace=\"" + namespace + "\",slipway_dev_track=\""
                + track + "\"";
    }

    long requests(long millis) {
        return requestsPerSecond * millis / 1000;
    }

    long errors(long millis) {
        return requests(millis) * errorPercent / 100;
    }

    /** The counter's samples {@code millis} after the start; {@code suffix} is a timestamp for OpenMetrics. */
    List<String> requestLines(long millis, String suffix) {
        List<String> lines = new ArrayList<>();
        lines.add("http_requests_total{" + labels() + ",code=\"200\"} " + (requests(millis) - errors(millis)) + suffix);
        if (errorPercent > 0) {
            lines.add("http_requests_total{" + labels() + ",code=\"500\"} " + errors(millis) + suffix);
        }
        return lines;
    }

    List<String> latencyLines(long millis, String suffix) {
        List<String> lines = new ArrayList<>();
        long total = requests(millis);
        int[] cumulative = slow ? SLOW : FAST;
        for (int i = 0; i < BOUNDS.length; i++) {
            lines.add("http_request_duration_seconds_bucket{" + labels() + ",le=\"" + BOUNDS[i] + "\"} "
                    + total * cumulative[i] / 100 + suffix);
        }
        lines.add("http_request_duration_seconds_count{" + labels() + "} " + total + suffix);
        lines.add("http_request_duration_seconds_sum{" + labels() + "} " + total * (slow ? 0.16 : 0.08) + suffix);
        return lines;
    }
}
