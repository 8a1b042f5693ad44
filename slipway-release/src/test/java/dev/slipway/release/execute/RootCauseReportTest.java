package dev.slipway.release.execute;

import static dev.slipway.release.execute.Harness.CANARY;
import static dev.slipway.release.execute.Harness.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.release.analysis.Judgement;
import dev.slipway.release.analysis.Measurement;
import dev.slipway.release.analysis.Measurement.StatisticKind;
import dev.slipway.release.analysis.Verdict;

import dev.slipway.release.report.EvidenceRecorder;
import dev.slipway.release.report.ReportJson;
import dev.slipway.release.report.ReportText;
import dev.slipway.release.report.RootCauseReport;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A failing canary decides at its first look, not at the end of its step, and leaves evidence from which the
 * root-cause report names the service, the metric, the values, when it was detected and what was undone.
 */
class RootCauseReportTest {


    // the first look's five requests are evidence enough for the raw threshold: the test is about what the report says
    private final Harness h = new Harness(Harness.load(service("db", "")
            + service("api", CANARY + "    analysis:\n      judges: [threshold]\n      minRequests: 5\n", "db", ">=1")
            + service("web", "", "api", ">=2")), Map.of("db", "1.0.0", "api", "1.0.0", "web", "1.0.0"));

    private ReleaseResult release(InMemoryEvidence evidence) {
        h.cluster.errorRate("api", "2.0.0", 0.2);
        ReleaseEngine engine = ReleaseEngine.start(Harness.RELEASE, h.plan(Map.of("db", "1.1.0", "api", "2.0.0",
                        "web", "2.0.0"), 0), h.cluster, h.cluster, h.journal, h.clock, ReleaseEngine.Options.DEFAULT,
                ProgressListener.both(h.listener, new EvidenceRecorder(evidence, Harness.RELEASE, h.clock)));
        h.clock.runUntilIdle(1_000_000);
        return engine.result().orElseThrow();
    }

    private RootCauseReport report(ReleaseResult result, InMemoryEvidence evidence) {
        List<RootCauseReport.Released> services = result.services().stream().map(s -> new RootCauseReport.Released(
                s.name(), s.from(), s.to(), s.outcome().keyword(), h.spec.service(s.name()).orElseThrow().dependsOn().stream()
                .map(d -> d.service()).toList())).toList();
        return RootCauseReport.of(Harness.RELEASE, FakeCluster.ENV, result.outcome().keyword(), services,
                h.journal.read(Harness.RELEASE), evidence.read(Harness.RELEASE));
    }

    @Test
    void aFailingLookDecidesAtOnceAndTheReportNamesServiceMetricValuesAndDetectionTime() {
        InMemoryEvidence evidence = new InMemoryEvidence();
        ReleaseResult result = release(evidence);

        assertThat(result.outcome()).isEqualTo(ReleaseResult.Outcome.ROLLED_BACK);
        // db: 20 s; api's canary up 20 s later; the first look 5 s into the 1-minute step fails
        Transition failed = h.journal.read(Harness.RELEASE).stream().filter(Transition::failure).findFirst()
                .orElseThrow();
        assertThat(failed.at()).isEqualTo(Harness.T0.plusSeconds(20 + 20 + 5));

        // db's rolling update was looked at too (new pods against old); api's canary once
        List<Judgement> looks = evidence.read(Harness.RELEASE).judgements().stream()
                .filter(j -> j.service().equals("api")).toList();
        assertThat(looks).hasSize(1);
        assertThat(looks.getFirst().verdict().outcome()).isEqualTo(Verdict.Outcome.FAIL);
        assertThat(looks.getFirst().decisive()).isTrue();
        assertThat(looks.getFirst().canaryStart()).isEqualTo(Harness.T0.plusSeconds(40));

        RootCauseReport report = report(result, evidence);
        RootCauseReport.Failure failure = report.failure().orElseThrow();
        assertThat(failure.service()).isEqualTo("api");
        assertThat(failure.version()).isEqualTo("2.0.0");
        assertThat(failure.detectedAfterSeconds()).isEqualTo(5.0);
        assertThat(failure.weight()).isEqualTo(10);
        assertThat(failure.measurement().orElseThrow().metric()).isEqualTo("error-rate");
        assertThat(failure.measurement().orElseThrow().canary().getAsDouble()).isEqualTo(0.2);
        assertThat(report.dependentsAffected()).extracting(RootCauseReport.Affected::service,
                RootCauseReport.Affected::outcome).containsExactly(org.assertj.core.groups.Tuple.tuple("web", "cancelled"));
        assertThat(report.rolledBack()).extracting(RootCauseReport.Undone::service, RootCauseReport.Undone::to)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("api", Optional.of("1.0.0")));
        assertThat(report.cancelled()).containsExactly("web");
        assertThat(ReportText.render(report)).contains("Root cause: api 2.0.0", "20.00% over 5 requests",
                "5.0 s after its first request", "web: cancelled");
    }

    @Test
    void theJsonReportIsTheDocumentedContract() {
        InMemoryEvidence evidence = new InMemoryEvidence();
        JsonNode json = JsonMapper.builder().build().readTree(ReportJson.render(report(release(evidence), evidence)));

        assertThat(json.propertyNames()).containsExactly("release", "environment", "outcome", "failure",
                "podEvents", "dependentsAffected", "rolledBack", "cancelled", "judgements");
        JsonNode failure = json.get("failure");
        assertThat(failure.get("service").asString()).isEqualTo("api");
        assertThat(failure.get("metric").asString()).isEqualTo("error-rate");
        assertThat(failure.get("canary").asDouble()).isEqualTo(0.2);
        assertThat(failure.get("detectedAfterSeconds").asDouble()).isEqualTo(5.0);
        assertThat(failure.get("step").asInt()).isEqualTo(1);
        assertThat(json.get("rolledBack").get(0).get("service").asString()).isEqualTo("api");
        assertThat(json.get("judgements").get(0).get("measurements").valueStream().map(m -> m.get("metric").asString()))
                .contains("error-rate");
    }

    @Test
    void aSucceededReleaseHasNoFailure() {
        InMemoryEvidence evidence = new InMemoryEvidence();
        ReleaseEngine engine = ReleaseEngine.start(Harness.RELEASE, h.plan(Map.of("api", "2.0.0"), 0),
                h.cluster, h.cluster, h.journal, h.clock, ReleaseEngine.Options.DEFAULT,
                new EvidenceRecorder(evidence, Harness.RELEASE, h.clock));
        h.clock.runUntilIdle(1_000_000);
        RootCauseReport report = report(engine.result().orElseThrow(), evidence);

        assertThat(report.failure()).isEmpty();
        assertThat(report.judgements()).isEmpty(); // only a failing service's looks are listed
        assertThat(evidence.read(Harness.RELEASE).judgements()).hasSizeGreaterThan(3)
                .allSatisfy(j -> assertThat(j.verdict().outcome()).isEqualTo(Verdict.Outcome.PASS));
        assertThat(ReportText.render(report)).contains("No service failed.");
    }

    private static OptionalDouble confidence(StatisticKind kind, String name, double value) {
        Measurement m = new Measurement("a judge", "error-rate", Verdict.Outcome.FAIL, OptionalDouble.of(0.2),
                OptionalDouble.of(0.01), 100, 1000, kind, name, OptionalDouble.of(value), OptionalDouble.of(1),
                "detail");
        return new RootCauseReport.Failure("api", "2.0.0", "detail", Harness.T0, 0, 10, Optional.of(m), 5,
                "canary analysis", "canary against baseline").confidence();
    }

    @Test
    void theConfidenceFollowsTheStatisticsKindNotItsName() {
        assertThat(confidence(StatisticKind.LIKELIHOOD_RATIO, "Λ", 40).getAsDouble())
                .isCloseTo(0.975, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(confidence(StatisticKind.P_VALUE, "U test", 0.01).getAsDouble())
                .isCloseTo(0.99, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(confidence(StatisticKind.OBSERVED, "likelihood ratio p-value", 0.01)).isEmpty();
        assertThat(confidence(StatisticKind.LIKELIHOOD_RATIO, "mixture likelihood ratio", 0.5))
                .as("a ratio below 1 is no evidence against the canary").isEmpty();
    }
}
