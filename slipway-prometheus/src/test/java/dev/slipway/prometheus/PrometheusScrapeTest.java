package dev.slipway.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.CanaryAnalysis;
import dev.slipway.release.Track;
import dev.slipway.release.analysis.Analysis;
import dev.slipway.model.JudgeKind;
import dev.slipway.release.analysis.Judges;
import dev.slipway.release.analysis.Verdict;
import dev.slipway.release.cluster.TrackStatus;
import dev.slipway.release.cluster.TrafficSample;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live traffic: the test serves {@code /metrics} in the Prometheus text format from counters that grow with the
 * clock, a real Prometheus scrapes it every second, and the judge reads what Prometheus made of it. In production
 * the api canary fails 20 % of its requests and is twice as slow as its stable track; the web canary is as healthy
 * as its stable track (1 % errors).
 */
@Timeout(60)
class PrometheusScrapeTest {

    /** The default settings with both judges: the threshold rule and the statistical test must agree. */
    static final CanaryAnalysis BOTH_JUDGES = CanaryAnalysis.builtIn()
            .withJudges(List.of(JudgeKind.THRESHOLD, JudgeKind.STATISTICAL));

    static final List<TrackTraffic> TRAFFIC = List.of(
            new TrackTraffic("api", "shop-production", "stable", 200, 1, false),
            new TrackTraffic("api", "shop-production", "canary", 100, 20, true),
            new TrackTraffic("web", "shop-production", "stable", 200, 1, false),
            new TrackTraffic("web", "shop-production", "canary", 100, 1, false));
    /** Requests the canaries need before they are judged: three seconds of their traffic, three scrapes or more. */
    static final long ENOUGH = 300;

    @TempDir
    static Path dir;
    @AutoClose
    static LiveExporter exporter;
    @AutoClose
    static PrometheusServer prometheus;
    @AutoClose
    static PrometheusMetrics metrics;
    static Instant started;

    @BeforeAll
    static void start() {
        exporter = LiveExporter.start(TRAFFIC);
        started = exporter.started;
        prometheus = PrometheusServer.start(dir, exporter.config(Duration.ofSeconds(1)), Optional.empty());
        metrics = new PrometheusMetrics(PrometheusBackfillTest.settings(prometheus.url),
                Map.of("production", "shop-production"));
    }

    @Test
    void theJudgeFailsTheBadCanaryAndPassesTheGoodOneFromScrapedTraffic() throws InterruptedException {
        awaitRequests("api");
        awaitRequests("web");

        Verdict bad = awaitVerdict("api");
        assertThat(bad.outcome()).as(bad.reason()).isEqualTo(Verdict.Outcome.FAIL);
        assertThat(errorRate(bad)).isBetween(0.15, 0.25);
        Verdict good = awaitVerdict("web");
        assertThat(good.outcome()).as(good.reason()).isEqualTo(Verdict.Outcome.PASS);
        assertThat(errorRate(good)).isLessThan(0.03);

        // the slow canary's p95 is about twice its stable track's (each request takes twice as long)
        Instant now = Instant.now();
        TrafficSample canary = metrics.sample("production", "api", Track.CANARY, started, now);
        TrafficSample stable = metrics.sample("production", "api", Track.STABLE, started, now);
        assertThat(canary.p95Millis().getAsDouble() / stable.p95Millis().getAsDouble()).isBetween(1.7, 2.3);
        assertThat(stable.p95Millis().getAsDouble()).isBetween(TrackTraffic.FAST_P95 * 0.85, TrackTraffic.FAST_P95 * 1.15);
    }

    /** Polls until Prometheus has scraped enough of the canary's traffic: the first scrape comes seconds after start. */
    static void awaitRequests(String service) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(40));
        long seen = 0;
        while (Instant.now().isBefore(deadline)) {
            seen = metrics.sample("production", service, Track.CANARY, started, Instant.now()).requests();
            if (seen >= ENOUGH) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Prometheus scraped only " + seen + " requests of the " + service + " canary in 40 s:"
                + "\n" + prometheus.log());
    }

    /**
     * Looks as the engine does, every half second, until the judges decide: the statistical judge counts whole
     * 5-second intervals only, so it needs a few more seconds of scrapes than the window the test waited for.
     */
    static Verdict awaitVerdict(String service) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(40));
        Verdict verdict = judge(service);
        while (verdict.outcome() == Verdict.Outcome.INCONCLUSIVE && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            verdict = judge(service);
        }
        return verdict;
    }

    /** The canary's error rate as the threshold judge measured it. */
    static double errorRate(Verdict verdict) {
        return verdict.measurements().stream().filter(m -> m.judge().equals("threshold")
                && m.metric().equals("error-rate")).findFirst().orElseThrow().canary().getAsDouble();
    }

    static Verdict judge(String service) {
        TrackStatus pods = new TrackStatus("production", service, Track.CANARY, "2.0.0", 1, 1, 2, 2, 2, 2, 0, false);
        return Judges.forSettings(BOTH_JUDGES).judge(new Analysis("production", service, "2.0.0", 0, 33, started, Instant.now(),
                Track.CANARY, Track.STABLE, Optional.of(pods), 2, List.of(), BOTH_JUDGES, metrics));
    }
}
