package dev.slipway.release.execute;

import static dev.slipway.release.execute.Harness.CANARY;
import static dev.slipway.release.execute.Harness.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.release.analysis.Judge;
import dev.slipway.release.analysis.Judgement;
import dev.slipway.release.analysis.Verdict;
import dev.slipway.release.cluster.MetricsUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The analysis scheduler on its own, with a judge that answers what each test needs (the judges themselves are
 * tested in analysis/): what a look during a step decides, and that every look is told.
 */
class LooksTest {

    private final Harness h = new Harness(Harness.load(service("svc", CANARY)), Map.of("svc", "1.0.0"));
    private final List<Judgement> told = new ArrayList<>();
    private Verdict next;

    private Looks looks() {
        Judge judge = analysis -> {
            if (next == null) {
                throw new MetricsUnavailableException("Prometheus did not answer");
            }
            return next;
        };
        ProgressListener listener = new ProgressListener() {
            @Override
            public void judged(Judgement judgement) {
                told.add(judgement);
            }
        };
        return new Looks("r", FakeCluster.ENV, h.clock, h.cluster, settings -> judge, listener, new HashMap<>(),
                new Runs(h.plan(Map.of("svc", "2.0.0"), 0)));
    }

    private Run canary() {
        Runs runs = new Runs(h.plan(Map.of("svc", "2.0.0"), 0));
        Run run = runs.get("svc");
        run.rollout = Rollout.of(FakeCluster.ENV, run.planned, h.cluster.inventory(FakeCluster.ENV).deployed("svc"),
                Optional.empty(), false);
        runs.enter(run, new RolloutState.Deploying());
        run.entered(h.clock.now());
        return run;
    }

    /** The run in {@code state}, as the engine would have moved it there. */
    private static Run in(Run run, RolloutState state) {
        run.moveTo(state);
        return run;
    }

    @Test
    void aFailingLookDecidesAtOnceAndAnInconclusiveOneLooksAgainAfterTheInterval() {
        Looks looks = looks();
        Run run = canary();
        RolloutState.Analysing step = new RolloutState.Analysing(0, 10, 0);

        next = Verdict.inconclusive("too few requests", List.of());
        assertThat(looks.during(in(run, step), true)).isEqualTo(new Looks.During.LookAgain(
                new Action.StartTimer(TimerPurpose.CHECK, 0, run.rollout.analysis().interval())));

        next = Verdict.fail("error rate 30%", List.of());
        assertThat(looks.during(in(run, step), true)).isEqualTo(new Looks.During.Decided(
                new RolloutEvent.Judged(0, next)));

        assertThat(told).extracting(Judgement::decisive).containsExactly(false, true);
    }

    @Test
    void aPassEndsAHeldStepOnlyWhileTheReleaseRuns() {
        Looks looks = looks();
        Run run = canary();
        RolloutState.Analysing held = new RolloutState.Analysing(1, 50, 1);
        next = Verdict.pass("ok", List.of());

        assertThat(looks.during(in(run, new RolloutState.Analysing(1, 50, 0)), true))
                .as("a step that still runs is decided at its end").isInstanceOf(Looks.During.LookAgain.class);
        assertThat(looks.during(in(run, held), false)).as("a paused release only fails")
                .isInstanceOf(Looks.During.LookAgain.class);
        assertThat(looks.during(in(run, held), true)).isEqualTo(new Looks.During.Decided(new RolloutEvent.Judged(1,
                next)));
    }

    @Test
    void aMetricsOutageIsNoEvidenceNeverAPass() {
        Looks looks = looks();
        Run run = canary();
        next = null;
        h.clock.runUntil(h.clock.now().plus(Duration.ofMinutes(1)));

        RolloutEvent end = looks.atEnd(in(run, new RolloutState.Analysing(2, 100, 0)));

        assertThat(end).isInstanceOfSatisfying(RolloutEvent.Judged.class, judged -> {
            assertThat(judged.verdict().outcome()).isEqualTo(Verdict.Outcome.INCONCLUSIVE);
            assertThat(judged.verdict().reason()).contains("metrics unavailable", "Prometheus did not answer");
        });
        assertThat(told).singleElement().satisfies(j -> assertThat(j.decisive()).isTrue());
    }
}
