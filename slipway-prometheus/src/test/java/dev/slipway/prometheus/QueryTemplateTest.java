package dev.slipway.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.release.Track;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueryTemplateTest {

    static final QueryTarget CANARY = new QueryTarget("api", "shop-production", Track.CANARY, Optional.empty(),
            Duration.ofSeconds(30));

    @Test
    void theBuiltInQueriesSelectTheTrackUnderTheDefaultLabelNames() {
        String selector = "app_kubernetes_io_name=\"api\",namespace=\"shop-production\",slipway_dev_track=\"canary\"";
        MetricQueries q = MetricQueries.BUILT_IN;
        assertThat(QueryTemplate.render(q.requests(), LabelNames.DEFAULT, CANARY))
                .isEqualTo("sum(increase(http_requests_total{" + selector + "}[30s]))");
        assertThat(QueryTemplate.render(q.errors(), LabelNames.DEFAULT, CANARY))
                .isEqualTo("sum(increase(http_requests_total{" + selector + ",code=~\"5..\"}[30s]))");
        assertThat(QueryTemplate.render(q.latencyP95(), LabelNames.DEFAULT, CANARY))
                .isEqualTo("1000 * histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{"
                        + selector + "}[30s])))");
        assertThat(q.latencyP50()).hasValueSatisfying(p50 -> assertThat(p50).contains("histogram_quantile(0.5,"));
        assertThat(q.latencyP99()).contains("histogram_quantile(0.99,");
    }

    @Test
    void aQueryAboutOneVersionsPodsSelectsTheVersionLabelTooSoARollingUpdatesNewPodsAreToldFromItsOld() {
        QueryTarget fresh = new QueryTarget("api", "shop-production", Track.STABLE, Optional.of("2.0.0"),
                Duration.ofSeconds(5), true);
        assertThat(QueryTemplate.render(MetricQueries.BUILT_IN.requests(), LabelNames.DEFAULT, fresh))
                .isEqualTo("sum(increase(http_requests_total{app_kubernetes_io_name=\"api\",namespace=\"shop-production\","
                        + "slipway_dev_track=\"stable\",app_kubernetes_io_version=\"2.0.0\"}[5s]))");
        assertThat(QueryTemplate.render("up{{{selector}}}", LabelNames.of(Map.of("version", "version")), fresh))
                .endsWith(",version=\"2.0.0\"}");
        assertThat(QueryTemplate.render("up{{{selector}}}", LabelNames.DEFAULT, new QueryTarget("api", "ns",
                Track.CANARY, Optional.of("2.0.0"), Duration.ofSeconds(5))))
                .as("a user-defined metric knows the version but selects the track alone").doesNotContain("version");
    }

    @Test
    void labelNamesAreOverriddenKeyByKey() {
        LabelNames labels = LabelNames.of(Map.of("service", "app", "track", "track"));
        assertThat(labels).isEqualTo(new LabelNames("app", "namespace", "track", "app_kubernetes_io_version"));
        assertThat(QueryTemplate.render("up{{{selector}}}", labels, CANARY))
                .isEqualTo("up{app=\"api\",namespace=\"shop-production\",track=\"canary\"}");
        assertThatThrownBy(() -> LabelNames.of(Map.of("pod", "pod"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metrics.prometheus.labels.pod is not a label Slipway selects on; known: service, "
                        + "namespace, track, version");
    }

    @Test
    void valuesAreEscapedForADoubleQuotedString() {
        QueryTarget odd = new QueryTarget("a\"pi\\", "ns\nx", Track.STABLE, Optional.of("1.0.0\"} or up{x=\""),
                Duration.ofMillis(1500));
        assertThat(QueryTemplate.render("m{{{selector}},v=\"{{version}}\"}[{{window}}]", LabelNames.DEFAULT, odd))
                .isEqualTo("m{app_kubernetes_io_name=\"a\\\"pi\\\\\",namespace=\"ns\\nx\",slipway_dev_track=\"stable\","
                        + "v=\"1.0.0\\\"} or up{x=\\\"\"}[1500ms]");
        assertThat(QueryTemplate.render("{{ service }}/{{track}}", LabelNames.DEFAULT, CANARY))
                .isEqualTo("api/canary");
    }

    @Test
    void windowsAreWholeSecondsOrMilliseconds() {
        assertThat(QueryTemplate.duration(Duration.ofMinutes(5))).isEqualTo("300s");
        assertThat(QueryTemplate.duration(Duration.ofMillis(250))).isEqualTo("250ms");
    }

    @Test
    void unknownPlaceholdersAndAVersionWithoutOneAreRefused() {
        assertThatThrownBy(() -> QueryTemplate.render("x{{{selecter}}}", LabelNames.DEFAULT, CANARY))
                .hasMessage("unknown placeholder {{selecter}} in x{{{selecter}}}; known: {{service}}, {{namespace}}, "
                        + "{{track}}, {{version}}, {{selector}}, {{window}}");
        assertThatThrownBy(() -> QueryTemplate.render("x{v=\"{{version}}\"}", LabelNames.DEFAULT, CANARY))
                .hasMessageStartingWith("{{version}} is only known to user-defined metrics");
    }

    @Test
    void overriddenQueriesAreCheckedAndReplaceTheBuiltInOnes() {
        MetricQueries q = MetricQueries.of(Map.of("latencyP95", "p95_ms{{{selector}}}",
                "errors", "sum(increase(grpc_server_handled_total{{{selector}},grpc_code!=\"OK\"}[{{window}}]))"));
        assertThat(q.latencyP95()).isEqualTo("p95_ms{{{selector}}}");
        assertThat(q.errors()).startsWith("sum(increase(grpc_server_handled_total");
        assertThat(q.requests()).isEqualTo(MetricQueries.REQUESTS);
        // a median from the built-in histogram would not belong with another p95
        assertThat(q.latencyP50()).isEmpty();
        assertThat(MetricQueries.of(Map.of("requests", "x")).latencyP50()).isPresent();

        assertThatThrownBy(() -> MetricQueries.of(Map.of("errors", "x{{{slector}}}")))
                .hasMessage("metrics.prometheus.queries.errors uses an unknown placeholder {{slector}}; known: "
                        + "{{service}}, {{namespace}}, {{track}}, {{selector}}, {{window}}");
        assertThatThrownBy(() -> MetricQueries.of(Map.of("latencyP50", "x")))
                .hasMessage("metrics.prometheus.queries.latencyP50 is not a built-in metric; known: requests, errors, "
                        + "latencyP95, latencyP99");
    }
}
