package dev.slipway.release.execute;

import static dev.slipway.release.execute.Harness.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.release.execute.ReleasePhase.PauseReason;
import dev.slipway.release.execute.ReleaseResult.Outcome;
import dev.slipway.release.plan.Plan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A release to an environment that needs approval waits, before anything changes, for its approvers. */
class ApprovalTest {

    private static final ReleaseEngine.Options APPROVAL = ReleaseEngine.Options.DEFAULT.withApproval(true);

    private static Harness pair() {
        return new Harness(Harness.load(service("db", "") + service("api", "", "db", "^1")),
                Map.of("db", "1.0.0", "api", "1.0.0"));
    }

    private static final Map<String, String> RELEASE = Map.of("db", "1.1.0", "api", "1.1.0");

    @Test
    void nothingChangesUntilTheReleaseIsApprovedThenItRunsAsAnyOther() {
        Harness h = pair();
        Plan plan = h.plan(RELEASE, 0);
        ReleaseEngine engine = h.run(plan, APPROVAL);

        assertThat(engine.awaitingApproval()).isTrue();
        assertThat(engine.phase().keyword()).isEqualTo("awaiting-approval");
        assertThat(h.phases).last().isEqualTo(new ReleasePhase.Paused(PauseReason.AWAITING_APPROVAL, List.of(),
                "waiting for approval to release to production"));
        assertThat(h.cluster.calls()).isEmpty();
        assertThat(engine.result()).isEmpty();

        engine.resume(Harness.RELEASE); // opening gates is not approving
        h.clock.runUntilIdle(1000);
        assertThat(engine.awaitingApproval()).isTrue();
        assertThat(h.cluster.calls()).isEmpty();

        engine.approve(Harness.RELEASE, "approved by alice");
        h.clock.runUntilIdle(1000);
        assertThat(engine.result().orElseThrow().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(h.cluster.serving("api")).contains("1.1.0");
        assertThat(h.journal.read(Harness.RELEASE).stream().filter(Transition::ofRelease).map(Transition::to))
                .containsExactly("running", "awaiting-approval", "running", "succeeded");
    }

    @Test
    void aRejectedReleaseEndsRolledBackWithNothingChanged() {
        Harness h = pair();
        ReleaseEngine engine = h.run(h.plan(RELEASE, 0), APPROVAL);

        engine.rollback(Harness.RELEASE, "rejected by bob: not during the sale");
        h.clock.runUntilIdle(1000);

        ReleaseResult result = engine.result().orElseThrow();
        assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_BACK);
        assertThat(result.services()).allSatisfy(s -> assertThat(s.outcome()).isEqualTo(RolloutPhase.CANCELLED));
        assertThat(h.cluster.calls()).isEmpty();
        assertThat(h.cluster.serving("db")).contains("1.0.0");
    }

    @Test
    void aReleaseResumedFromItsJournalStillAwaitsApproval() {
        Harness h = pair();
        Plan plan = h.plan(RELEASE, 0);
        h.run(plan, APPROVAL);

        ReleaseEngine resumed = ReleaseEngine.resume(h.journal, Harness.RELEASE, plan, h.cluster, h.cluster,
                h.clock, APPROVAL, h.listener);
        h.clock.runUntilIdle(1000);
        assertThat(resumed.awaitingApproval()).isTrue();
        assertThat(h.cluster.calls()).isEmpty();

        resumed.approve(Harness.RELEASE, "approved by alice");
        h.clock.runUntilIdle(1000);
        assertThat(resumed.result().orElseThrow().outcome()).isEqualTo(Outcome.SUCCEEDED);
    }
}
