package dev.slipway.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.model.PrometheusSettings;
import dev.slipway.release.Track;
import dev.slipway.release.cluster.MetricsUnavailableException;
import dev.slipway.release.cluster.TrafficSample;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real Prometheus that answers, then is killed: the next sample is unavailable, not empty, and soon. */
@Timeout(60)
class PrometheusDownTest {

    @TempDir
    Path dir;

    @Test
    void aKilledPrometheusIsUnavailableAfterTheRetriesWithinABoundedTime() {
        PrometheusServer prometheus = PrometheusServer.start(dir, "global:\n  scrape_interval: 15s\n",
                Optional.empty());
        PrometheusSettings settings = new PrometheusSettings(Optional.of(prometheus.url), Optional.empty(),
                Optional.empty(), false, Duration.ofSeconds(2), 2, Map.of(), Map.of());
        Instant now = Instant.now();
        try (PrometheusMetrics metrics = new PrometheusMetrics(settings, Map.of("production", "shop-production"))) {
            metrics.checkReachable();
            // up, but nothing scraped: no data, which is not an outage
            assertThat(metrics.sample("production", "api", Track.CANARY, now.minusSeconds(60), now))
                    .isEqualTo(TrafficSample.none());

            prometheus.close();
            long start = System.nanoTime();
            assertThatThrownBy(() -> metrics.sample("production", "api", Track.CANARY, now.minusSeconds(60), now))
                    .isInstanceOf(MetricsUnavailableException.class)
                    .hasMessage("Prometheus at " + prometheus.url + "/ did not answer after 3 attempts: connection "
                            + "refused");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        } finally {
            prometheus.close();
        }
    }
}
