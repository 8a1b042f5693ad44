package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.slipway.release.ShopFixture.NEXT;
import static dev.slipway.release.ShopFixture.RUNNING;
import dev.slipway.release.ShopFixture;

import dev.slipway.model.SystemSpec;
import dev.slipway.release.Deployed;
import dev.slipway.release.Inventory;
import dev.slipway.release.execute.InMemoryJournal;
import dev.slipway.model.OnFailure;
import dev.slipway.release.execute.ProgressListener;
import dev.slipway.release.execute.ReleaseEngine;
import dev.slipway.release.execute.ReleaseResult;
import dev.slipway.release.execute.Transition;
import dev.slipway.release.plan.Plan;
import dev.slipway.release.plan.PlanRenderer;
import dev.slipway.release.plan.PlanResult;
import dev.slipway.release.plan.Planner;
import dev.slipway.release.plan.ReleaseRequest;
import dev.slipway.release.time.VirtualClock;
import dev.slipway.sandbox.Fault;
import dev.slipway.sandbox.Faults;
import dev.slipway.sandbox.SandboxCluster;
import dev.slipway.sandbox.SandboxOptions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The engine on the real sandbox (not a fake cluster): the 12-service shop (the example plus a search service)
 * installed, then a release of every service whose catalog canary fails, rolled back the coordinated way.
 */
class ShopReleaseOnSandboxTest {

    static final String ENV = "production";




    final SystemSpec spec = ShopFixture.spec();
    final VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
    final SandboxCluster cluster = SandboxCluster.of(spec, clock, SandboxOptions.defaults(7));
    final InMemoryJournal journal = new InMemoryJournal();


    ReleaseResult release(String id, Map<String, String> versions, OnFailure onFailure) {
        PlanResult planned = Planner.plan(spec, cluster.inventory(ENV), new ReleaseRequest(ENV, versions));
        assertThat(planned).as(() -> PlanRenderer.text(planned)).isInstanceOf(Plan.class);
        ReleaseEngine engine = ReleaseEngine.start(id, (Plan) planned, cluster, cluster, journal, clock,
                ReleaseEngine.Options.DEFAULT.withOnFailure(onFailure), ProgressListener.NONE);
        clock.runUntilIdle(10_000_000);
        return engine.result().orElseThrow(() -> new AssertionError(id + " did not end"));
    }

    @Test
    void aFailedCanaryRollsBackEveryChangedServiceInReverseDependencyOrder() {
        assertThat(spec.services()).hasSize(12);
        assertThat(release("r1", RUNNING, OnFailure.ROLLBACK_DEPENDENTS).outcome())
                .isEqualTo(ReleaseResult.Outcome.SUCCEEDED);
        cluster.inject(Faults.of(Fault.errors("catalog", "2.0.0", 0.3)));

        ReleaseResult result = release("r2", NEXT, OnFailure.ROLLBACK_ALL);

        assertThat(result.outcome()).isEqualTo(ReleaseResult.Outcome.ROLLED_BACK);
        assertThat(result.service("catalog").orElseThrow().outcome()).isEqualTo(dev.slipway.release.execute.RolloutPhase.ROLLED_BACK);
        for (String dependent : List.of("checkout", "recommendations", "search", "frontend")) {
            assertThat(result.service(dependent).orElseThrow().outcome()).as(dependent).isEqualTo(dev.slipway.release.execute.RolloutPhase.CANCELLED);
        }
        // what had been promoted is rolled back too, dependents before their dependencies
        List<Transition> transitions = journal.read("r2");
        Map<String, Instant> rollbackStarted = new LinkedHashMap<>();
        Map<String, Instant> rolledBack = new LinkedHashMap<>();
        for (Transition t : transitions) {
            if (t.to().equals("rolling-back")) {
                rollbackStarted.putIfAbsent(t.service(), t.at());
            }
            if (t.to().equals("rolled-back")) {
                rolledBack.put(t.service(), t.at());
            }
        }
        assertThat(rolledBack.keySet()).contains("catalog", "cart", "payments", "postgres", "redis", "rabbitmq");
        spec.services().forEach(service -> service.dependsOn().forEach(d -> {
            if (rolledBack.containsKey(service.name()) && rollbackStarted.containsKey(d.service())) {
                assertThat(rolledBack.get(service.name())).as(service.name() + " back before " + d.service())
                        .isBeforeOrEqualTo(rollbackStarted.get(d.service()));
            }
        }));
        assertThat(transitions.getLast().to()).isEqualTo("rolled-back");
        assertConsistent(RUNNING);
    }

    @Test
    void withTheDefaultPolicyIndependentBranchesGoOn() {
        release("r1", RUNNING, OnFailure.ROLLBACK_DEPENDENTS);
        cluster.inject(Faults.of(Fault.errors("catalog", "2.0.0", 0.3)));

        ReleaseResult result = release("r2", NEXT, OnFailure.ROLLBACK_DEPENDENTS);

        assertThat(result.outcome()).isEqualTo(ReleaseResult.Outcome.ROLLED_BACK);
        Map<String, String> expected = new LinkedHashMap<>(NEXT);
        for (String back : List.of("catalog", "checkout", "recommendations", "search", "frontend")) {
            expected.put(back, RUNNING.get(back));
        }
        assertThat(result.service("cart").orElseThrow().outcome()).isEqualTo(dev.slipway.release.execute.RolloutPhase.PROMOTED);
        assertConsistent(expected);
    }

    /** Every service runs the expected version alone, healthy, and every recorded range is met. */
    private void assertConsistent(Map<String, String> expected) {
        Inventory inventory = cluster.inventory(ENV);
        assertThat(inventory.services().keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (Deployed d : inventory.services().values()) {
            assertThat(d.version()).as(d.service()).isEqualTo(expected.get(d.service()));
            assertThat(d.trafficSplit()).as(d.service() + " split").isFalse();
            assertThat(d.tracks()).as(d.service()).hasSize(1);
            assertThat(d.healthy()).as(d.service()).isTrue();
            d.ranges().orElseThrow().forEach((dependency, range) -> assertThat(range
                    .isSatisfiedBy(inventory.deployed(dependency).orElseThrow().version()))
                    .as(d.service() + " needs " + dependency + " " + range).isTrue());
        }
    }
}
