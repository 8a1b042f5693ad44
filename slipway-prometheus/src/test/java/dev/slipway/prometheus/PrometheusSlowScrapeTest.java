package dev.slipway.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.CanaryAnalysis;
import dev.slipway.release.Track;
import dev.slipway.release.analysis.Analysis;
import dev.slipway.release.analysis.Judge;
import dev.slipway.release.analysis.LimitsJudge;
import dev.slipway.release.analysis.StatisticalJudge;
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
 * A real Prometheus scraping every 15 s — a common setting — while the judges look every 5 s, the default
 * {@code analysis.interval}. increase() over 5 s never holds the two samples it needs, so a judge that read each
 * interval that way would wait forever; the series counts each interval from the counters' samples instead, and the
 * judges decide. Traffic as in {@link PrometheusScrapeTest}: the api canary fails 20 % of its requests, the web canary
 * is as healthy as its stable track.
 */
@Timeout(180)
class PrometheusSlowScrapeTest {

    static final Duration SCRAPE = Duration.ofSeconds(15);
    static final CanaryAnalysis DEFAULTS = CanaryAnalysis.builtIn();

    @TempDir
    static Path dir;
    @AutoClose
    static LiveExporter exporter;
    @AutoClose
    static PrometheusServer prometheus;
    @AutoClose
    static PrometheusMetrics metrics;

    @BeforeAll
    static void start() {
        exporter = LiveExporter.start(PrometheusScrapeTest.TRAFFIC);
        prometheus = PrometheusServer.start(dir, exporter.config(SCRAPE), Optional.empty());
        metrics = new PrometheusMetrics(PrometheusBackfillTest.settings(prometheus.url),
                Map.of("production", "shop-production"));
    }

    @Test
    void theStatisticalJudgeDecidesOnFiveSecondIntervalsFromAFifteenSecondScrape() throws InterruptedException {
        Verdict bad = awaitDecision(new StatisticalJudge(), "api");
        assertThat(bad.outcome()).as(bad.reason()).isEqualTo(Verdict.Outcome.FAIL);
        assertThat(bad.reason()).contains("significantly higher");

        Verdict good = awaitDecision(new StatisticalJudge(), "web");
        assertThat(good.outcome()).as(good.reason()).isEqualTo(Verdict.Outcome.PASS);
    }

    @Test
    void theDefaultLimitsJudgeDecidesToo() throws InterruptedException {
        Verdict bad = awaitDecision(new LimitsJudge(), "api");
        assertThat(bad.outcome()).as(bad.reason()).isEqualTo(Verdict.Outcome.FAIL);
        assertThat(bad.reason()).contains("significantly above 5.0%");

        Verdict good = awaitDecision(new LimitsJudge(), "web");
        assertThat(good.outcome()).as(good.reason()).isEqualTo(Verdict.Outcome.PASS);
    }

    @Test
    void theIntervalsAddUpToTheScrapedRequestsWhereIncreaseOverOneIntervalSeesNothing() throws InterruptedException {
        awaitDecision(new StatisticalJudge(), "web");
        Instant now = Instant.now();
        Instant start = exporter.started;
        long intervals = Duration.between(start, now).dividedBy(DEFAULTS.interval());
        Instant end = start.plus(DEFAULTS.interval().multipliedBy(intervals));

        List<TrafficSample> series = metrics.series("production", "web", Track.CANARY, start, end,
                DEFAULTS.interval());
        long counted = series.stream().mapToLong(TrafficSample::requests).sum();
        // every request the last scrape before the end had seen: at most one scrape interval behind the end
        long served = 100 * Duration.between(start, end).toMillis() / 1000;
        long behind = 100 * (SCRAPE.toSeconds() + 2);
        assertThat(counted).isBetween(served - behind, served);
        assertThat(series.stream().filter(TrafficSample::hasData).count())
                .as("a 15 s scrape fills about one 5 s interval in three").isBetween(1L, intervals / 2 + 1);
        assertThat(metrics.sample("production", "web", Track.CANARY, end.minus(DEFAULTS.interval()), end))
                .as("increase() over 5 s with a 15 s scrape").isEqualTo(TrafficSample.none());
    }

    /** Looks every second, as the engine would every 5 s, until the judge passes or fails. */
    static Verdict awaitDecision(Judge judge, String service) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        Verdict verdict = judge(judge, service);
        while (verdict.outcome() == Verdict.Outcome.INCONCLUSIVE && Instant.now().isBefore(deadline)) {
            Thread.sleep(1000);
            verdict = judge(judge, service);
        }
        assertThat(verdict.outcome()).as("still undecided after 90 s: " + verdict.reason() + "\n" + prometheus.log())
                .isNotEqualTo(Verdict.Outcome.INCONCLUSIVE);
        return verdict;
    }

    static Verdict judge(Judge judge, String service) {
        TrackStatus pods = new TrackStatus("production", service, Track.CANARY, "2.0.0", 1, 1, 2, 2, 2, 2, 0, false);
        return judge.judge(new Analysis("production", service, "2.0.0", 0, 33, exporter.started, Instant.now(),
                Track.CANARY, Track.STABLE, Optional.of(pods), 2, List.of(), DEFAULTS, metrics));
    }
}
