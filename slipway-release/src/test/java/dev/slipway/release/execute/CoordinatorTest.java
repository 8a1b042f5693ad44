package dev.slipway.release.execute;

import static dev.slipway.release.execute.Harness.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.OnFailure;
import dev.slipway.release.plan.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scheduling and the coordinated rollback on their own: what the coordinator queues, and what it journals. */
class CoordinatorTest {

    /** db ← api ← web, and a lone worker: all four running at 1.0.0 and released at 2.0.0. */
    private static final Harness H = new Harness(Harness.load(service("db", "") + service("api", "", "db", "*")
            + service("web", "", "api", "*") + service("worker", "")),
            Map.of("db", "1.0.0", "api", "1.0.0", "web", "1.0.0", "worker", "1.0.0"));

    private final List<String> queued = new ArrayList<>();
    private final List<ReleasePhase> entered = new ArrayList<>();
    private ReleasePhase phase = new ReleasePhase.Running();

    private Coordinator coordinator(Runs runs, int cap, OnFailure policy) {
        return new Coordinator(runs, cap, policy, new Coordinator.Release() {
            @Override
            public ReleasePhase phase() {
                return phase;
            }

            @Override
            public void enter(ReleasePhase next, String reason) {
                phase = next;
                entered.add(next);
            }

            @Override
            public void queue(Run run, RolloutEvent event) {
                queued.add(run.name() + " " + event.getClass().getSimpleName());
            }
        });
    }

    private static Runs runs(int cap) {
        Plan plan = H.plan(Map.of("db", "2.0.0", "api", "2.0.0", "web", "2.0.0", "worker", "2.0.0"), cap);
        return new Runs(plan);
    }

    private static void enter(Runs runs, String service, RolloutState state) {
        Run run = runs.get(service);
        runs.enter(run, state);
    }

    @Test
    void onlyServicesWhoseDependenciesArePromotedStartAndTheCapHolds() {
        Runs runs = runs(0);
        coordinator(runs, 0, OnFailure.ROLLBACK_DEPENDENTS).settle();
        assertThat(queued).containsExactlyInAnyOrder("db Start", "worker Start");

        queued.clear();
        Runs capped = runs(1);
        coordinator(capped, 1, OnFailure.ROLLBACK_DEPENDENTS).settle();
        assertThat(queued).as("the longest remaining path goes first: db has two services waiting on it")
                .containsExactly("db Start");
    }

    @Test
    void aFailureCancelsPendingDependentsRollsBackChangedOnesAndPausesUnderThePausePolicy() {
        Runs runs = runs(0);
        enter(runs, "db", new RolloutState.Promoted());
        enter(runs, "api", new RolloutState.Deploying());
        Coordinator coordinator = coordinator(runs, 0, OnFailure.PAUSE);

        coordinator.cascade(runs.get("db"), "crash loop", true);

        assertThat(queued).containsExactlyInAnyOrder("api RollbackRequested", "web Cancel");
        assertThat(entered).singleElement().isEqualTo(new ReleasePhase.Paused(
                ReleasePhase.PauseReason.FAILURE_POLICY, List.of(), "db failed: crash loop"));

        queued.clear();
        coordinator.settle();
        assertThat(queued).as("a paused release starts nothing").doesNotContain("worker Start");
    }

    @Test
    void rollingBackEverythingIsJournaledOnceAndWithdrawsEveryService() {
        Runs runs = runs(0);
        enter(runs, "db", new RolloutState.Promoted());
        Coordinator coordinator = coordinator(runs, 0, OnFailure.ROLLBACK_ALL);

        coordinator.rollbackEverything("operator");
        coordinator.rollbackEverything("operator again");

        assertThat(entered).containsExactly(new ReleasePhase.RollingBack("operator"));
        assertThat(queued).contains("db RollbackRequested", "api Cancel", "web Cancel", "worker Cancel");
    }
}
