package dev.slipway.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.slipway.model.CanaryAnalysis;
import dev.slipway.model.PrometheusSettings;
import dev.slipway.release.Track;
import dev.slipway.release.analysis.Analysis;
import dev.slipway.model.JudgeKind;
import dev.slipway.release.analysis.Judges;
import dev.slipway.release.analysis.Verdict;
import dev.slipway.release.cluster.MetricsUnavailableException;
import dev.slipway.release.cluster.TrackStatus;
import dev.slipway.release.cluster.TrafficSample;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus holding a synthetic half hour of history, backfilled with promtool before it starts: in
 * production the api canary fails 10 % of its requests and is twice as slow as its stable track (1 %); in staging
 * the api canary is as healthy as its stable track, and the web canary never fails at all (it has no 500 series).
 */
@Timeout(60)
class PrometheusBackfillTest {

    /**
     * The default settings with both judges, looking every 30 s: each interval's counts come from increase() over
     * it, which needs two samples of the history (one every 10 s) in the window.
     */
    static final CanaryAnalysis BOTH_JUDGES = withInterval(CanaryAnalysis.builtIn()
            .withJudges(List.of(JudgeKind.THRESHOLD, JudgeKind.STATISTICAL)), Duration.ofSeconds(30));

    private static CanaryAnalysis withInterval(CanaryAnalysis a, Duration interval) {
        return new CanaryAnalysis(a.judges(), a.maxErrorRate(), a.maxLatencyRatio(), a.window(), interval,
                a.falseRollbackRate(), a.latencyTolerance(), a.minRequests(), a.inconclusiveAfter(),
                a.onInconclusive(), a.guardDependents(), a.metrics());
    }

    static final Map<String, String> NAMESPACES = Map.of("production", "shop-production", "staging", "shop-staging");
    static final Duration STEP = Duration.ofSeconds(10);
    static final List<TrackTraffic> HISTORY = List.of(
            new TrackTraffic("api", "shop-production", "stable", 100, 1, false),
            new TrackTraffic("api", "shop-production", "canary", 10, 10, true),
            new TrackTraffic("api", "shop-staging", "stable", 100, 1, false),
            new TrackTraffic("api", "shop-staging", "canary", 10, 1, false),
            new TrackTraffic("web", "shop-staging", "canary", 10, 0, false));

    @TempDir
    static Path dir;
    @AutoClose
    static PrometheusServer prometheus;
    @AutoClose
    static PrometheusMetrics metrics;
    /** The end of the history: a whole 10 s, two minutes ago (Prometheus refuses nothing, but "now" keeps moving). */
    static Instant end;

    @BeforeAll
    static void start() {
        end = Instant.ofEpochSecond(Instant.now().getEpochSecond() / 10 * 10).minus(Duration.ofMinutes(2));
        prometheus = PrometheusServer.start(dir, "global:\n  scrape_interval: 15s\n",
                Optional.of(openMetrics(end.minus(Duration.ofMinutes(30)), end)));
        metrics = new PrometheusMetrics(settings(prometheus.url), NAMESPACES);
    }

    static PrometheusSettings settings(String url) {
        return new PrometheusSettings(Optional.of(url), Optional.empty(), Optional.empty(), false,
                Duration.ofSeconds(5), 1, Map.of(), Map.of());
    }

    /** Every track's counters from zero at {@code start}, a sample every 10 s; families one after the other. */
    static String openMetrics(Instant start, Instant end) {
        List<String> lines = new ArrayList<>();
        lines.add("# TYPE http_requests counter");
        for (TrackTraffic track : HISTORY) {
            for (Instant t = start; !t.isAfter(end); t = t.plus(STEP)) {
                lines.addAll(track.requestLines(Duration.between(start, t).toMillis(), " " + t.getEpochSecond()));
            }
        }
        lines.add("# TYPE http_request_duration_seconds histogram");
        for (TrackTraffic track : HISTORY) {
            for (Instant t = start; !t.isAfter(end); t = t.plus(STEP)) {
                lines.addAll(track.latencyLines(Duration.between(start, t).toMillis(), " " + t.getEpochSecond()));
            }
        }
        lines.add("# EOF");
        return String.join("\n", lines) + "\n";
    }

    static void assertSample(TrafficSample sample, long requests, long errors, double p50, double p95, double p99) {
        assertThat(sample.requests()).as("requests").isCloseTo(requests, within(Math.max(1, requests / 100)));
        assertThat(sample.errors()).as("errors").isCloseTo(errors, within(Math.max(1, errors / 100)));
        assertThat(sample.p50Millis()).as("p50").hasValueCloseTo(p50, within(p50 * 0.02));
        assertThat(sample.p95Millis()).as("p95").hasValueCloseTo(p95, within(p95 * 0.02));
        assertThat(sample.p99Millis()).as("p99").hasValueCloseTo(p99, within(p99 * 0.02));
    }

    @Test
    void aSampleCountsRequestsAndErrorsAndReadsTheLatencyQuantilesOfTheWindow() {
        Instant from = end.minus(Duration.ofMinutes(1));
        assertSample(metrics.sample("production", "api", Track.STABLE, from, end), 6000, 60, 40, 150, 190);
        assertSample(metrics.sample("production", "api", Track.CANARY, from, end), 600, 60, 80, 300, 380);
        assertSample(metrics.sample("staging", "api", Track.CANARY, from, end), 600, 6, 40, 150, 190);
    }

    @Test
    void theJudgeFailsTheBadCanaryAndPassesTheHealthyOne() {
        Verdict bad = judge("production", "api");
        assertThat(bad.outcome()).as(bad.reason()).isEqualTo(Verdict.Outcome.FAIL);
        assertThat(bad.reason()).contains("error rate 10.0% (threshold 5.0%) over 600 requests");

        Verdict healthy = judge("staging", "api");
        assertThat(healthy.outcome()).as(healthy.reason()).isEqualTo(Verdict.Outcome.PASS);
        assertThat(healthy.reason()).contains("error rate 1.0% (threshold 5.0%) over 600 requests");
    }

    /** The canary took traffic ten minutes before the end of the history; the judge looks at the last minute. */
    static Verdict judge(String environment, String service) {
        TrackStatus pods = new TrackStatus(environment, service, Track.CANARY, "2.0.0", 1, 1, 1, 1, 1, 1, 0, false);
        return Judges.forSettings(BOTH_JUDGES).judge(new Analysis(environment, service, "2.0.0", 0, 10,
                end.minus(Duration.ofMinutes(10)), end, Track.CANARY, Track.STABLE, Optional.of(pods), 1, List.of(),
                BOTH_JUDGES, metrics));
    }

    @Test
    void aTrackWithoutErrorSeriesHasNoErrorsButATrackWithoutSeriesHasNoData() {
        Instant from = end.minus(Duration.ofMinutes(1));
        TrafficSample web = metrics.sample("staging", "web", Track.CANARY, from, end);
        assertThat(web.requests()).isCloseTo(600, within(6L));
        assertThat(web.errors()).isZero();

        assertThat(metrics.sample("staging", "web", Track.STABLE, from, end)).isEqualTo(TrafficSample.none());
        assertThat(metrics.sample("production", "cart", Track.CANARY, from, end)).isEqualTo(TrafficSample.none());
        // after the history ends, increase() finds no samples in the window
        assertThat(metrics.sample("production", "api", Track.CANARY, end.plus(Duration.ofMinutes(1)),
                end.plus(Duration.ofMinutes(2)))).isEqualTo(TrafficSample.none());
    }

    @Test
    void aSeriesCutsTheSpanIntoWindowsAndKeepsAShorterLastOne() {
        List<TrafficSample> series = metrics.series("production", "api", Track.CANARY,
                end.minus(Duration.ofSeconds(330)), end, Duration.ofMinutes(1));
        assertThat(series).hasSize(6);
        for (TrafficSample window : series.subList(0, 5)) {
            assertSample(window, 600, 60, 80, 300, 380);
        }
        assertSample(series.get(5), 300, 30, 80, 300, 380);

        // before the history started there is nothing to cut: every window is no data
        assertThat(metrics.series("production", "api", Track.CANARY, end.minus(Duration.ofHours(2)),
                end.minus(Duration.ofMinutes(100)), Duration.ofMinutes(5)))
                .hasSize(4).containsOnly(TrafficSample.none());
    }

    @Test
    void aUserDefinedMetricIsRenderedForTheTrackAndEvaluated() {
        String errorRatio = "sum(increase(http_requests_total{{{selector}},code=~\"5..\"}[{{window}}]))"
                + " / sum(increase(http_requests_total{{{selector}}}[{{window}}]))";
        Instant from = end.minus(Duration.ofMinutes(2));
        assertThat(metrics.query("production", "api", Track.CANARY, "2.0.0", errorRatio, from, end))
                .hasValueCloseTo(0.10, within(0.001));
        assertThat(metrics.query("production", "api", Track.STABLE, "1.0.0", errorRatio, from, end))
                .hasValueCloseTo(0.01, within(0.001));
        // 0 / 0 is NaN in PromQL: no data, not a number to compare with a limit
        assertThat(metrics.query("staging", "web", Track.CANARY, "2.0.0",
                "sum(increase(http_requests_total{{{selector}},code=\"200\"}[{{window}}])) * 0 / 0",
                from, end)).isEqualTo(OptionalDouble.empty());
        assertThat(metrics.query("production", "cart", Track.CANARY, "2.0.0", errorRatio, from, end))
                .isEqualTo(OptionalDouble.empty());
        assertThat(metrics.answersQueries()).isTrue();
    }

    @Test
    void aBadQueryIsRefusedWithPrometheusOwnMessage() {
        assertThatThrownBy(() -> metrics.query("production", "api", Track.CANARY, "2.0.0",
                "sum(rate(http_requests_total{{{selector}}}[{{window}}])", end.minus(Duration.ofMinutes(1)), end))
                .isInstanceOf(MetricsUnavailableException.class)
                .hasMessageContaining("Prometheus at " + prometheus.url + "/ refused the query (HTTP 400 bad_data: ")
                .hasMessageContaining("parse error");
    }
}
