package dev.slipway.run;

import dev.slipway.release.Track;
import dev.slipway.release.cluster.Metrics;
import dev.slipway.release.cluster.TrafficSample;
import java.time.Instant;

/**
 * The metrics of a real cluster until a Prometheus source is configured: never any data, so a canary's judge
 * finds no evidence and says inconclusive. Never a made-up pass; the release warns before it starts.
 */
public final class NoMetrics implements Metrics {

    static final String WARNING = "no metrics source: canary steps will be inconclusive and the canary "
            + "rolled back; use rolling or blue-green here until Prometheus is configured (metrics.prometheus.url "
            + "in slipway.yaml, or --prometheus-url)";

    static final String VERIFICATION_WARNING = "no metrics source: verification windows will be inconclusive and "
            + "the rollouts rolled back; configure Prometheus (metrics.prometheus.url in slipway.yaml, or "
            + "--prometheus-url), or turn the windows off with verify: {window: 0}";

    @Override
    public TrafficSample sample(String environment, String service, Track track, Instant from, Instant to) {
        return TrafficSample.none();
    }
}
