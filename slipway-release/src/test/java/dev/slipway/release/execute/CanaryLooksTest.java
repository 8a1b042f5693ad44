package dev.slipway.release.execute;

import static dev.slipway.release.execute.Harness.CANARY;
import static dev.slipway.release.execute.Harness.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.release.Track;
import dev.slipway.release.analysis.Judgement;
import dev.slipway.release.cluster.Metrics;
import dev.slipway.release.cluster.MetricsUnavailableException;
import dev.slipway.release.cluster.TrafficSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the engine looks at a canary between a step's start and end, and what missing evidence does. */
class CanaryLooksTest {

    // the first look's five requests are evidence enough here: the test is about when a look decides
    private final Harness h = new Harness(Harness.load(service("svc", CANARY + "    analysis:\n      minRequests: 5\n")),
            Map.of("svc", "1.0.0"));
    private final List<Judgement> looks = new ArrayList<>();

    private ReleaseEngine run(Metrics metrics) {
        ReleaseEngine engine = ReleaseEngine.start(Harness.RELEASE, h.plan(Map.of("svc", "2.0.0"), 0),
                h.cluster, metrics, h.journal, h.clock, ReleaseEngine.Options.DEFAULT, new ProgressListener() {
                    @Override
                    public void judged(Judgement judgement) {
                        looks.add(judgement);
                    }
                });
        h.clock.runUntilIdle(1_000_000);
        return engine;
    }

    private List<Transition> transitions() {
        return h.journal.read(Harness.RELEASE).stream().filter(t -> !t.ofRelease()).toList();
    }

    @Test
    void aMetricsOutageIsNoEvidenceSoTheCanaryIsRolledBackNeverPromoted() {
        Metrics down = (environment, service, track, from, to) -> {
            throw new MetricsUnavailableException("connection refused");
        };
        ReleaseResult result = run(down).result().orElseThrow();

        assertThat(result.outcome()).isEqualTo(ReleaseResult.Outcome.ROLLED_BACK);
        assertThat(looks).isNotEmpty().allSatisfy(j -> {
            assertThat(j.verdict().passed()).isFalse();
            assertThat(j.verdict().reason()).isEqualTo("metrics unavailable: connection refused");
        });
        assertThat(transitions()).filteredOn(Transition::failure).singleElement()
                .satisfies(t -> assertThat(t.reason()).contains("inconclusive: metrics unavailable"));
    }

    @Test
    void aStepHeldForEvidenceEndsAtTheFirstLookThatHasIt() {
        Instant trafficFrom = Harness.T0.plusSeconds(100); // the 1-minute step 1 ends at 20 + 60 = 80 s
        Metrics late = new Metrics() {
            @Override
            public TrafficSample sample(String environment, String service, Track track, Instant from, Instant to) {
                return to.isAfter(trafficFrom) ? h.cluster.sample(environment, service, track, trafficFrom, to)
                        : TrafficSample.none();
            }
        };
        ReleaseResult result = run(late).result().orElseThrow();

        assertThat(result.outcome()).isEqualTo(ReleaseResult.Outcome.SUCCEEDED);
        List<Transition> analysing = transitions().stream().filter(t -> t.to().equals("analysing")).toList();
        assertThat(analysing).extracting(Transition::step, Transition::at).startsWith(
                org.assertj.core.groups.Tuple.tuple(0, Harness.T0.plusSeconds(20)),
                org.assertj.core.groups.Tuple.tuple(0, Harness.T0.plusSeconds(80)),   // held: no evidence yet
                org.assertj.core.groups.Tuple.tuple(1, Harness.T0.plusSeconds(105))); // first look with data
        assertThat(looks).filteredOn(Judgement::decisive).first()
                .satisfies(j -> assertThat(j.verdict().passed()).isFalse());
    }
}
