package dev.slipway.prometheus;

import static dev.slipway.prometheus.PrometheusStub.error;
import static dev.slipway.prometheus.PrometheusStub.matrix;
import static dev.slipway.prometheus.PrometheusStub.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.slipway.model.PrometheusSettings;
import dev.slipway.release.Track;
import dev.slipway.release.cluster.MetricsUnavailableException;
import dev.slipway.release.cluster.TrafficSample;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the adapter does with answers a real Prometheus cannot be made to give on cue: the requests it sends (token,
 * range queries, rendered templates), retries and their limits, and the no-data rules for NaN, infinities and
 * missing series.
 */
@Timeout(30)
class PrometheusMetricsTest {

    static final String TOKEN = "tok-3f9a1c77e2-secret";
    static final Instant T0 = Instant.ofEpochSecond(1_700_000_000);
    static final Map<String, String> NAMESPACES = Map.of("production", "shop-production");

    final PrometheusStub stub = PrometheusStub.http();

    @AfterEach
    void stop() {
        stub.close();
    }

    static PrometheusSettings settings(String url, Duration timeout, int retries, Optional<String> tokenEnv) {
        return new PrometheusSettings(Optional.of(url), tokenEnv, Optional.empty(), false, timeout, retries, Map.of(),
                Map.of());
    }

    PrometheusMetrics metrics(int retries) {
        return new PrometheusMetrics(settings(stub.url(), Duration.ofSeconds(2), retries, Optional.empty()),
                NAMESPACES);
    }

    PrometheusMetrics withToken(Function<String, String> environment) {
        return new PrometheusMetrics(settings(stub.url(), Duration.ofSeconds(2), 1, Optional.of("PROM_TOKEN")),
                NAMESPACES, environment);
    }

    static String everything(Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }

    TrafficSample sample(PrometheusMetrics metrics) {
        return metrics.sample("production", "api", Track.CANARY, T0, T0.plusSeconds(60));
    }

    @Test
    void theBearerTokenIsSentFromItsVariable() {
        try (PrometheusMetrics metrics = withToken(name -> name.equals("PROM_TOKEN") ? TOKEN + "\n" : null)) {
            metrics.checkReachable();
        }
        assertThat(stub.requests).hasSize(1);
        assertThat(stub.requests.getFirst().authorization()).contains("Bearer " + TOKEN);
        assertThat(stub.requests.getFirst().path()).isEqualTo("/api/v1/query");

        try (PrometheusMetrics metrics = metrics(0)) {
            metrics.checkReachable();
        }
        assertThat(stub.requests.get(1).authorization()).isEmpty();
    }

    @Test
    void theTokenNeverAppearsInAFailureEvenWhenTheServerEchoesIt() {
        for (int status : List.of(401, 400, 503)) {
            stub.answer(r -> error(status, "unauthorized", "no access for " + r.authorization().orElse("")));
            try (PrometheusMetrics metrics = withToken(name -> TOKEN)) {
                MetricsUnavailableException e = catchThrowableOfType(MetricsUnavailableException.class,
                        () -> sample(metrics));
                assertThat(e).hasMessageContaining("HTTP " + status + " unauthorized: no access for Bearer [bearer "
                        + "token]");
                assertThat(everything(e)).doesNotContain(TOKEN);
            }
        }
    }

    @Test
    void aMissingOrUnsendableTokenIsNamedAndNothingIsSent() {
        try (PrometheusMetrics metrics = withToken(name -> null)) {
            assertThatThrownBy(() -> sample(metrics)).isInstanceOf(MetricsUnavailableException.class)
                    .hasMessage("the bearer token for Prometheus is missing: environment variable PROM_TOKEN "
                            + "(metrics.prometheus.bearerTokenEnv) is not set");
        }
        try (PrometheusMetrics metrics = withToken(name -> " ")) {
            assertThatThrownBy(metrics::checkReachable).hasMessageEndingWith("is empty");
        }
        try (PrometheusMetrics metrics = withToken(name -> "tok en\u00e9" + TOKEN)) {
            MetricsUnavailableException e = catchThrowableOfType(MetricsUnavailableException.class,
                    metrics::checkReachable);
            assertThat(e).hasMessageContaining("environment variable PROM_TOKEN (metrics.prometheus.bearerTokenEnv) "
                    + "holds characters an HTTP header cannot carry");
            assertThat(everything(e)).doesNotContain(TOKEN);
        }
        assertThat(stub.requests).isEmpty();
    }

    @Test
    void aBadQueryIsRefusedAtOnceWithPrometheusMessage() {
        stub.answer(r -> error(400, "bad_data", "1:5: parse error: unexpected end of input"));
        try (PrometheusMetrics metrics = metrics(3)) {
            assertThatThrownBy(() -> sample(metrics)).isInstanceOf(MetricsUnavailableException.class)
                    .hasMessageStartingWith("Prometheus at " + stub.url() + "/ refused the query (HTTP 400 bad_data: "
                            + "1:5: parse error: unexpected end of input): sum(increase(http_requests_total{");
        }
        assertThat(stub.requests).hasSize(1);
    }

    @Test
    void serverErrorsAndThrottlingAreTriedAgainUpToTheRetries() {
        stub.answer(r -> error(503, "unavailable", "query queue full"));
        try (PrometheusMetrics metrics = metrics(2)) {
            assertThatThrownBy(() -> sample(metrics)).isInstanceOf(MetricsUnavailableException.class)
                    .hasMessage("Prometheus at " + stub.url() + "/ did not answer after 3 attempts: HTTP 503 "
                            + "unavailable: query queue full");
        }
        assertThat(stub.requests).hasSize(3);

        AtomicInteger calls = new AtomicInteger();
        stub.answer(r -> calls.incrementAndGet() == 1 ? new PrometheusStub.Answer(429, "slow down") : vector("42"));
        try (PrometheusMetrics metrics = metrics(1)) {
            assertThat(metrics.query("production", "api", Track.CANARY, "2.0.0", "vector(42)", T0,
                    T0.plusSeconds(60))).hasValue(42);
        }
        assertThat(calls).hasValue(2);
    }

    @Test
    void aSlowServerTimesOutOnEveryAttemptWithinABoundedTime() {
        stub.answer(r -> new PrometheusStub.Answer(200, "{}", Duration.ofSeconds(5)));
        try (PrometheusMetrics metrics = new PrometheusMetrics(settings(stub.url(), Duration.ofMillis(300), 1,
                Optional.empty()), NAMESPACES)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> sample(metrics)).isInstanceOf(MetricsUnavailableException.class)
                    .hasMessageEndingWith("did not answer after 2 attempts: no answer within 300ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(600),
                    Duration.ofMillis(2500));
        }
    }

    @Test
    void aServerThatIsNotThereFailsAfterTheRetriesWithinABoundedTime() {
        String nowhere = "http://127.0.0.1:" + PrometheusServer.freePort();
        try (PrometheusMetrics metrics = new PrometheusMetrics(settings(nowhere, Duration.ofSeconds(2), 2,
                Optional.empty()), NAMESPACES)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> sample(metrics)).isInstanceOf(MetricsUnavailableException.class)
                    .hasMessage("Prometheus at " + nowhere + "/ did not answer after 3 attempts: connection refused");
            // two backoffs of at most 100 and 200 ms, and refused connections answer at once
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
    }

    /** The built-in queries told apart by what they select: 5xx codes, or one of the quantiles. */
    static Function<PrometheusStub.Request, PrometheusStub.Answer> answers(String requests, String errors,
                                                                          String p95) {
        return r -> {
            String q = r.query();
            if (q.contains("histogram_quantile(0.95")) {
                return vector(p95);
            }
            if (q.contains("histogram_quantile")) {
                return vector("12.5");
            }
            return vector(q.contains("code=~\"5..\"") ? errors : requests);
        };
    }

    @ParameterizedTest(name = "requests {0}, errors {1}, p95 {2} -> {3} requests, {4} errors, p95 {5}")
    @CsvSource({
        // no requests data is no data, whatever else there is
        "none, 5, 100, 0, 0, none",
        "NaN, 5, 100, 0, 0, none",
        "+Inf, 5, 100, 0, 0, none",
        "0.3, 0, 100, 0, 0, none",
        // requests without a 5xx series: no errors happened
        "99.6, none, 100, 100, 0, 100",
        // a NaN or infinite error count is not "no errors"
        "100, NaN, 100, 0, 0, none",
        "100, +Inf, 100, 0, 0, none",
        // extrapolated counters may put errors a little above requests
        "100, 100.4, 100, 100, 100, 100",
        // a latency without a finite value is left out; the counts stand
        "100, 7, NaN, 100, 7, none",
        "100, 7, +Inf, 100, 7, none",
        "100, 7, none, 100, 7, none",
    })
    void noDataIsNeverAPassNorZeroErrors(String requests, String errors, String p95, long wantRequests,
                                         long wantErrors, String wantP95) {
        stub.answer(answers(requests, errors, p95));
        try (PrometheusMetrics metrics = metrics(0)) {
            TrafficSample sample = sample(metrics);
            assertThat(sample.requests()).isEqualTo(wantRequests);
            assertThat(sample.errors()).isEqualTo(wantErrors);
            assertThat(sample.p95Millis()).isEqualTo(wantP95.equals("none") ? OptionalDouble.empty()
                    : OptionalDouble.of(Double.parseDouble(wantP95)));
            if (wantRequests > 0) {
                assertThat(sample.p50Millis()).hasValue(12.5);
            } else {
                assertThat(sample).isEqualTo(TrafficSample.none());
            }
        }
    }

    @Test
    void aSampleWithoutRequestsAsksNothingMoreAndAnEmptyWindowAsksNothing() {
        stub.answer(answers("none", "1", "1"));
        try (PrometheusMetrics metrics = metrics(0)) {
            assertThat(sample(metrics)).isEqualTo(TrafficSample.none());
            assertThat(stub.requests).hasSize(1);
            assertThat(metrics.sample("production", "api", Track.CANARY, T0, T0)).isEqualTo(TrafficSample.none());
        }
        assertThat(stub.requests).hasSize(1);
        Map<String, String> form = stub.requests.getFirst().form();
        assertThat(form).containsEntry("time", "1700000060.000").containsEntry("timeout", "2s")
                .containsEntry("query", "sum(increase(http_requests_total{app_kubernetes_io_name=\"api\","
                        + "namespace=\"shop-production\",slipway_dev_track=\"canary\"}[60s]))");
    }

    @Test
    void aSeriesIsOneRangeQueryPerMetricAndAShorterLastWindowOneSample() {
        long t = T0.getEpochSecond();
        // the third window has no point: Prometheus found no samples there
        stub.answer(r -> {
            if (r.path().equals("/api/v1/query")) {
                return answers("300", "3", "90").apply(r);
            }
            String q = r.query();
            String value = q.contains("histogram_quantile(0.95") ? "80" : q.contains("histogram_quantile") ? "20"
                    : q.contains("code=~") ? "6" : "600";
            return matrix(Map.of(t + 60, value, t + 120, value, t + 240, value, t + 300, value));
        });
        List<TrafficSample> series;
        try (PrometheusMetrics metrics = metrics(0)) {
            series = metrics.series("production", "api", Track.CANARY, T0, T0.plusSeconds(330),
                    Duration.ofMinutes(1));
        }
        TrafficSample full = new TrafficSample(600, 6, OptionalDouble.of(20), OptionalDouble.of(80),
                OptionalDouble.of(20));
        TrafficSample last = new TrafficSample(300, 3, OptionalDouble.of(12.5), OptionalDouble.of(90),
                OptionalDouble.of(12.5));
        assertThat(series).containsExactly(full, full, TrafficSample.none(), full, full, last);

        List<PrometheusStub.Request> ranges = stub.requests.stream()
                .filter(r -> r.path().equals("/api/v1/query_range")).toList();
        assertThat(ranges).hasSize(5); // requests, errors, p50, p95, p99
        assertThat(ranges).allSatisfy(r -> assertThat(r.form())
                .containsEntry("start", "1700000060.000").containsEntry("end", "1700000300.000")
                .containsEntry("step", "60.000"));
        // each window counted from the counters' samples: growth since the last sample a window earlier
        assertThat(ranges.getFirst().query()).startsWith("sum((http_requests_total{").contains(" offset 60s) >= 0 or ");
        List<PrometheusStub.Request> instants = stub.requests.stream()
                .filter(r -> r.path().equals("/api/v1/query")).toList();
        assertThat(instants).hasSize(5).allSatisfy(r -> assertThat(r.form()).containsEntry("time", "1700000330.000"));
        assertThat(instants.getFirst().query()).endsWith("[30s]))");
    }

    @Test
    void aSeriesWithoutRequestsIsOneQuery() {
        stub.answer(r -> matrix(Map.of()));
        try (PrometheusMetrics metrics = metrics(0)) {
            assertThat(metrics.series("production", "api", Track.CANARY, T0, T0.plusSeconds(180),
                    Duration.ofMinutes(1))).containsExactly(TrafficSample.none(), TrafficSample.none(),
                    TrafficSample.none());
        }
        assertThat(stub.requests).hasSize(1);
    }

    @Test
    void aUserDefinedMetricIsRenderedForTheTrackAndVersionAndMustBeOneNumber() {
        stub.answer(r -> vector("0.25"));
        String template = "max(my_queue_depth{{{selector}},pod_version=\"{{version}}\",svc=\"{{service}}\","
                + "ns=\"{{namespace}}\",t=\"{{track}}\"}[{{window}}])";
        try (PrometheusMetrics metrics = metrics(0)) {
            assertThat(metrics.query("production", "api", Track.CANARY, "2.0.0+build.7", template, T0,
                    T0.plusMillis(90_500))).hasValue(0.25);
            assertThat(stub.requests.getFirst().query()).isEqualTo("max(my_queue_depth{app_kubernetes_io_name=\"api\","
                    + "namespace=\"shop-production\",slipway_dev_track=\"canary\",pod_version=\"2.0.0+build.7\","
                    + "svc=\"api\",ns=\"shop-production\",t=\"canary\"}[90500ms])");
            assertThat(stub.requests.getFirst().form()).containsEntry("time", "1700000090.500");

            stub.answer(r -> new PrometheusStub.Answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":"
                    + "\"vector\",\"result\":[{\"metric\":{\"pod\":\"a\"},\"value\":[1,\"1\"]},{\"metric\":{\"pod\":"
                    + "\"b\"},\"value\":[1,\"2\"]}]}}"));
            assertThatThrownBy(() -> metrics.query("production", "api", Track.CANARY, "2.0.0", "up", T0,
                    T0.plusSeconds(60))).isInstanceOf(MetricsUnavailableException.class)
                    .hasMessage("the query gave 2 series where one number was expected; aggregate them in the query "
                            + "(e.g. sum(...)): up");

            int sent = stub.requests.size();
            assertThatThrownBy(() -> metrics.query("production", "api", Track.CANARY, "2.0.0",
                    "sum(x{{{selectr}}})", T0, T0.plusSeconds(60))).isInstanceOf(MetricsUnavailableException.class)
                    .hasMessageStartingWith("a metric's query cannot be rendered: unknown placeholder {{selectr}}");
            assertThat(stub.requests).hasSize(sent);

            stub.answer(r -> vector("NaN"));
            assertThat(metrics.query("production", "api", Track.CANARY, "2.0.0", "vector(0) / 0", T0,
                    T0.plusSeconds(60))).isEmpty();
            stub.answer(r -> new PrometheusStub.Answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":"
                    + "\"scalar\",\"result\":[1700000060,\"-Inf\"]}}"));
            assertThat(metrics.query("production", "api", Track.CANARY, "2.0.0", "-1 / 0", T0,
                    T0.plusSeconds(60))).isEmpty();
        }
    }

    @Test
    void aServerThatAnswersNonsenseIsUnavailable() {
        stub.answer(r -> new PrometheusStub.Answer(200, "<html>login</html>"));
        try (PrometheusMetrics metrics = metrics(0)) {
            assertThatThrownBy(() -> sample(metrics)).isInstanceOf(MetricsUnavailableException.class)
                    .hasMessage("Prometheus answered something that is not JSON: <html>login</html>");
        }
    }

    @Test
    void settingsThatCannotWorkAreRefusedNamingTheirKey() {
        PrometheusSettings ok = settings(stub.url(), Duration.ofSeconds(1), 0, Optional.empty());
        assertThatThrownBy(() -> new PrometheusMetrics(PrometheusSettings.builtIn(), NAMESPACES))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("metrics.prometheus.url is not set");
        assertThatThrownBy(() -> new PrometheusMetrics(settings("ftp://user:pw@host/", Duration.ofSeconds(1), 0,
                Optional.empty()), NAMESPACES)).hasMessage("the Prometheus URL must be http:// or https:// with a "
                + "host, got ftp://host/");
        assertThatThrownBy(() -> new PrometheusMetrics(new PrometheusSettings(ok.url(), Optional.empty(),
                Optional.empty(), false, ok.timeout(), 0, Map.of(), Map.of("requests",
                "sum(increase(x{version=\"{{version}}\"}[{{window}}]))")), NAMESPACES))
                .hasMessageStartingWith("metrics.prometheus.queries.requests uses {{version}}");
        assertThatThrownBy(() -> new PrometheusMetrics(new PrometheusSettings(ok.url(), Optional.empty(),
                Optional.of("/no/such/ca.pem"), false, ok.timeout(), 0, Map.of(), Map.of()), NAMESPACES))
                .hasMessageStartingWith("metrics.prometheus.caFile /no/such/ca.pem cannot be read");
        try (PrometheusMetrics metrics = new PrometheusMetrics(ok, NAMESPACES)) {
            assertThatThrownBy(() -> metrics.sample("qa", "api", Track.CANARY, T0, T0.plusSeconds(1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("no namespace known for environment qa; known: [production]");
        }
    }

    @Test
    void messagesShowTheServerWithoutItsUserInfo() {
        try (PrometheusMetrics metrics = new PrometheusMetrics(settings(stub.url().replace("//", "//admin:hunter2@")
                + "/prometheus", Duration.ofSeconds(1), 0, Optional.empty()), NAMESPACES)) {
            assertThat(metrics.server()).isEqualTo(stub.url() + "/prometheus/");
            metrics.checkReachable();
        }
        assertThat(stub.requests.getFirst().path()).isEqualTo("/prometheus/api/v1/query");
    }
}
