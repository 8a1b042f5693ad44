package dev.slipway.release.execute;

import dev.slipway.model.VersionRange;
import dev.slipway.model.OnFailure;
import static dev.slipway.release.execute.Harness.BLUE_GREEN;
import static dev.slipway.release.execute.Harness.CANARY;
import static dev.slipway.release.execute.Harness.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.SystemSpec;
import dev.slipway.release.execute.ReleaseResult.Outcome;
import dev.slipway.release.execute.ReleaseResult.ServiceResult;
import dev.slipway.release.plan.Plan;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReleaseEngineTest {

    private static final ReleaseEngine.Options DEFAULT = ReleaseEngine.Options.DEFAULT;

    private static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }

    private static ServiceResult of(ReleaseResult result, String name) {
        return result.service(name).orElseThrow();
    }

    // ---- scheduling ---------------------------------------------------------------------------------------------

    /** db → api → web, db → worker, api → admin: every rolling update takes 20 s on the fake. */
    private static final SystemSpec TREE = Harness.load(service("db", "") + service("api", "", "db", "^1")
            + service("web", "", "api", "^1") + service("worker", "", "db", "^1") + service("admin", "", "api", "^1"));

    private static Harness tree() {
        return new Harness(TREE, Map.of("db", "1.0.0", "api", "1.0.0", "web", "1.0.0", "worker", "1.0.0",
                "admin", "1.0.0"));
    }

    private static final Map<String, String> TREE_RELEASE = Map.of("db", "1.1.0", "api", "1.1.0", "web", "1.1.0",
            "worker", "1.1.0", "admin", "1.1.0");

    @Test
    void servicesStartTheMomentTheirDependenciesArePromotedSoTheMakespanIsTheCriticalPath() {
        Harness h = tree();
        Plan plan = h.plan(TREE_RELEASE, 0);
        ReleaseResult result = h.run(plan, DEFAULT).result().orElseThrow();

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(of(result, "db").startedAt()).contains(seconds(0));
        assertThat(of(result, "api").startedAt()).contains(seconds(20));
        assertThat(of(result, "worker").startedAt()).contains(seconds(20));
        assertThat(of(result, "web").startedAt()).contains(seconds(40));
        assertThat(of(result, "admin").startedAt()).contains(seconds(40));
        assertThat(of(result, "web").finishedAt()).contains(seconds(60));
        assertThat(result.makespan()).isEqualTo(plan.makespan()).isEqualTo(seconds(60));
        assertThat(result.criticalPath()).isEqualTo(plan.schedule().criticalPathLength());
        assertThat(h.cluster.calls()).startsWith("apply db stable 1.1.0");
        for (String name : TREE_RELEASE.keySet()) {
            assertThat(h.cluster.serving(name)).contains("1.1.0");
        }
    }

    @Test
    void withACapTheReadyServiceWithTheLongestRemainingPathGoesFirst() {
        Harness h = tree();
        // worker (20 s left) and api (60 s left: api → web) are ready together after db; cap 1 picks api
        ReleaseEngine engine = h.run(h.plan(TREE_RELEASE, 1), DEFAULT.withMaxParallel(1));
        ReleaseResult result = engine.result().orElseThrow();

        assertThat(of(result, "api").startedAt()).contains(seconds(20));
        assertThat(of(result, "worker").startedAt().orElseThrow()).isGreaterThanOrEqualTo(seconds(40));
        assertThat(result.makespan()).isEqualTo(seconds(100)); // all 5 × 20 s one after the other
        // never two rollouts at once: each starts when the previous one is promoted
        List<Duration> starts = result.services().stream().map(s -> s.startedAt().orElseThrow()).sorted().toList();
        assertThat(starts).containsExactly(seconds(0), seconds(20), seconds(40), seconds(60), seconds(80));
    }

    // ---- strategies -------------------------------------------------------------------------------------------------

    private static Harness single(String strategy) {
        return new Harness(Harness.load(service("svc", strategy)), Map.of("svc", "1.0.0"));
    }

    @Test
    void aRollingUpdateAppliesTheStableTrackAndIsDoneWhenTheRolloutIsComplete() {
        Harness h = single("");
        ReleaseResult result = h.run(h.plan(Map.of("svc", "2.0.0"), 0), DEFAULT).result().orElseThrow();

        assertThat(h.cluster.calls("svc")).containsExactly("apply stable 2.0.0");
        assertThat(of(result, "svc").finishedAt()).contains(seconds(20));
        assertThat(h.journal.read(Harness.RELEASE)).extracting(Transition::to)
                .containsExactly("running", "deploying", "promoted", "succeeded");
    }

    @Test
    void aBlueGreenRolloutSmokeTestsGreenSwitchesAndScalesBlueDownAfterTheDelay() {
        Harness h = single(BLUE_GREEN);
        ReleaseResult result = h.run(h.plan(Map.of("svc", "2.0.0"), 0), DEFAULT).result().orElseThrow();

        assertThat(h.cluster.calls("svc")).containsExactly("apply green 2.0.0", "probe green /healthz",
                "route {green=100, stable=0}", "remove stable");
        assertThat(h.journal.read(Harness.RELEASE)).extracting(Transition::to)
                .containsExactly("running", "deploying", "smoke-testing", "switched", "promoted", "succeeded");
        assertThat(of(result, "svc").finishedAt()).contains(seconds(30)); // promoted at the switch
        assertThat(h.clock.now()).isEqualTo(Harness.T0.plus(seconds(30 + 300)));
        assertThat(h.cluster.tracks("svc")).containsExactly(dev.slipway.release.Track.GREEN);
    }

    @Test
    void aBlueGreenRolloutWhoseSmokeTestFailsGoesBackToBlue() {
        Harness h = single(BLUE_GREEN);
        h.cluster.smokeFails("svc", "2.0.0");
        ReleaseResult result = h.run(h.plan(Map.of("svc", "2.0.0"), 0), DEFAULT).result().orElseThrow();

        assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_BACK);
        assertThat(h.cluster.calls("svc")).containsExactly("apply green 2.0.0", "probe green /healthz",
                "apply stable 1.0.0", "route {stable=100, green=0}", "remove green");
        assertThat(h.cluster.serving("svc")).contains("1.0.0");
    }

    @Test
    void aCanaryShiftsWeightStepByStepThenPromotesTheStableTrack() {
        Harness h = single(CANARY);
        ReleaseResult result = h.run(h.plan(Map.of("svc", "2.0.0"), 0), DEFAULT).result().orElseThrow();

        assertThat(h.cluster.calls("svc")).containsExactly("apply canary 2.0.0",
                "route {stable=90, canary=10}", "route {stable=50, canary=50}", "route {stable=0, canary=100}",
                "apply stable 2.0.0", "route {stable=100, canary=0}", "remove canary");
        // 20 s up + 3 steps × 1 min + 20 s for stable
        assertThat(of(result, "svc").finishedAt()).contains(seconds(20 + 180 + 20));
        assertThat(h.progress).filteredOn(p -> p.state() == RolloutPhase.ANALYSING)
                .extracting(Progress::step, Progress::weight)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 10), org.assertj.core.groups.Tuple.tuple(2, 50),
                        org.assertj.core.groups.Tuple.tuple(3, 100));
    }

    @Test
    void aCanaryWithErrorsFailsItsFirstStepAndReturnsAllTrafficToStable() {
        Harness h = single(CANARY);
        h.cluster.errorRate("svc", "2.0.0", 0.2);
        ReleaseResult result = h.run(h.plan(Map.of("svc", "2.0.0"), 0), DEFAULT).result().orElseThrow();

        assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_BACK);
        assertThat(h.cluster.calls("svc")).containsExactly("apply canary 2.0.0", "route {stable=90, canary=10}",
                "apply stable 1.0.0", "route {stable=100, canary=0}", "remove canary");
        Transition failure = h.journal.read(Harness.RELEASE).stream().filter(Transition::failure).findFirst().orElseThrow();
        assertThat(failure.reason()).startsWith("step 1/3 (10%) failed: error rate 20.0%");
    }

    @Test
    void noTrafficWaitsForEvidenceUpToTheLimitThenRollsBackByDefault() {
        Harness h = single(CANARY);
        h.cluster.silent("svc");
        ReleaseResult result = h.run(h.plan(Map.of("svc", "2.0.0"), 0), DEFAULT).result().orElseThrow();

        assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_BACK);
        assertThat(h.journal.read(Harness.RELEASE)).extracting(Transition::to)
                .containsExactly("running", "deploying", "analysing", "analysing", "rolling-back", "rolled-back",
                        "rolled-back");
        // the first step (1m) ended without evidence, then waited inconclusiveAfter (5m by default) for it
        assertThat(of(result, "svc").finishedAt()).contains(seconds(20 + 60 + 300));
        assertThat(h.journal.read(Harness.RELEASE).get(4).reason()).startsWith("step 1/3 (10%) inconclusive: ");
    }

    @Test
    void anInconclusiveCanaryPausesForAPersonWhenTheServiceSaysSo() {
        Harness h = single(CANARY + "    analysis:\n      onInconclusive: pause\n      inconclusiveAfter: 2m\n");
        h.cluster.silent("svc");
        ReleaseEngine engine = h.run(h.plan(Map.of("svc", "2.0.0"), 0), DEFAULT);

        assertThat(engine.result()).isEmpty();
        assertThat(engine.state("svc")).isEqualTo(new RolloutState.Paused(0, 10));
        assertThat(h.cluster.calls("svc")).doesNotContain("apply stable 2.0.0");
    }

    @Test
    void aManualGateHoldsTheCanaryBeforePromotionUntilAPersonResumes() {
        Harness h = single(CANARY);
        ReleaseEngine engine = h.run(h.plan(Map.of("svc", "2.0.0"), 0), DEFAULT.withManualGates(Set.of("svc")));

        assertThat(engine.result()).isEmpty();
        assertThat(engine.state("svc")).isEqualTo(new RolloutState.Paused(3, 100));
        assertThat(h.cluster.calls("svc")).doesNotContain("apply stable 2.0.0");
        // the engine says it waits, and why, the moment nothing else can move: nobody has to guess from quiet
        assertThat(h.phases).last().isEqualTo(new ReleasePhase.Paused(ReleasePhase.PauseReason.MANUAL_GATE,
                List.of("svc"), "waiting at the manual gate: every canary step passed"));
        assertThat(engine.phase()).as("in the journal the release runs; the canary is held")
                .isEqualTo(new ReleasePhase.Running());

        h.clock.runUntil(h.clock.now().plus(Duration.ofHours(1)));
        engine.resume(Harness.RELEASE);
        h.clock.runUntilIdle(1000);

        assertThat(engine.result().orElseThrow().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(h.phases).containsExactly(
                new ReleasePhase.Paused(ReleasePhase.PauseReason.MANUAL_GATE, List.of("svc"),
                        "waiting at the manual gate: every canary step passed"),
                new ReleasePhase.Running(), new ReleasePhase.Ended(Outcome.SUCCEEDED));
        assertThat(h.cluster.serving("svc")).contains("2.0.0");
        assertThat(h.cluster.tracks("svc")).containsExactly(dev.slipway.release.Track.STABLE);
    }

    @Test
    void aServiceThatDoesNotRunYetIsInstalledAndOnFailureRemoved() {
        Harness h = new Harness(Harness.load(service("svc", CANARY)), Map.of());
        h.cluster.crashLoops("svc", "1.0.0");
        ReleaseResult result = h.run(h.plan(Map.of("svc", "1.0.0"), 0), DEFAULT).result().orElseThrow();

        assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_BACK);
        assertThat(h.cluster.calls("svc")).containsExactly("apply stable 1.0.0", "remove stable");
        assertThat(h.cluster.serving("svc")).isEmpty();
    }

    // ---- failure and coordinated rollback -----------------------------------------------------------------------

    /**
     * db → api → web → late, and late also waits for long (an independent 10-minute canary); db crash-loops
     * 100 s after it came up, when api and web are promoted and late has not started.
     */
    private static final SystemSpec CHAIN = Harness.load(service("db", "") + service("api", "", "db", "^1")
            + service("web", "", "api", "^1")
            + service("long", "    strategy:\n      type: canary\n      steps: [10, 100]\n      stepInterval: 5m\n")
            + service("late", "", "web", "^1", "long", "^1"));

    private static Harness chain() {
        Harness h = new Harness(CHAIN, Map.of("db", "1.0.0", "api", "1.0.0", "web", "1.0.0", "long", "1.0.0",
                "late", "1.0.0"));
        h.cluster.crashesAfter("db", "1.1.0", seconds(100));
        return h;
    }

    private static final Map<String, String> CHAIN_RELEASE = Map.of("db", "1.1.0", "api", "1.1.0", "web", "1.1.0",
            "long", "1.1.0", "late", "1.1.0");

    @Test
    void aFailedServiceIsRolledBackThenItsChangedDependentsInReverseOrderAndItsPendingOnesAreCancelled() {
        Harness h = chain();
        ReleaseResult result = h.run(h.plan(CHAIN_RELEASE, 0), DEFAULT).result().orElseThrow();

        assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_BACK);
        // db up at 20 s, crashes at 120 s; api (promoted at 40 s) and web (at 60 s) go back, web first
        assertThat(h.cluster.calls()).containsSubsequence("apply db stable 1.0.0", "apply web stable 1.0.0",
                "apply api stable 1.0.0");
        assertThat(of(result, "db").finishedAt()).contains(seconds(140));
        assertThat(of(result, "web").finishedAt()).contains(seconds(140));
        assertThat(of(result, "api").finishedAt()).contains(seconds(160));
        assertThat(of(result, "late").outcome()).isEqualTo(RolloutPhase.CANCELLED);
        assertThat(of(result, "late").startedAt()).isEmpty();
        // the independent branch carried on
        assertThat(of(result, "long").outcome()).isEqualTo(RolloutPhase.PROMOTED);
        assertThat(h.cluster.serving("long")).contains("1.1.0");
        for (String name : List.of("db", "api", "web", "late")) {
            assertThat(h.cluster.serving(name)).as(name).contains("1.0.0");
        }
        assertThat(h.journal.read(Harness.RELEASE)).filteredOn(t -> t.service().equals("web"))
                .extracting(Transition::to).containsExactly("deploying", "promoted", "rollback-queued",
                        "rolling-back", "rolled-back");
    }

    @Test
    void rollbackAllAlsoRollsBackTheIndependentBranches() {
        Harness h = chain();
        ReleaseResult result = h.run(h.plan(CHAIN_RELEASE, 0), DEFAULT.withOnFailure(OnFailure.ROLLBACK_ALL))
                .result().orElseThrow();

        assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_BACK);
        assertThat(of(result, "long").outcome()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(h.cluster.calls("long")).endsWith("route {stable=100, canary=0}", "remove canary");
        for (String name : CHAIN_RELEASE.keySet()) {
            assertThat(h.cluster.serving(name)).as(name).contains("1.0.0");
            assertThat(h.cluster.split(name)).as(name).isFalse();
        }
    }

    @Test
    void pauseHoldsTheIndependentCanaryUntilAPersonResumes() {
        Harness h = chain();
        ReleaseEngine engine = h.run(h.plan(CHAIN_RELEASE, 0), DEFAULT.withOnFailure(OnFailure.PAUSE));

        assertThat(engine.result()).isEmpty();
        assertThat(engine.phase()).isInstanceOf(ReleasePhase.Paused.class);
        assertThat(h.phases).last().satisfies(phase -> {
            assertThat(phase).isInstanceOf(ReleasePhase.Paused.class);
            ReleasePhase.Paused paused = (ReleasePhase.Paused) phase;
            assertThat(paused.reason()).isEqualTo(ReleasePhase.PauseReason.FAILURE_POLICY);
            assertThat(paused.services()).containsExactly("long");
            assertThat(paused.detail()).startsWith("db failed: ");
        });
        assertThat(engine.state("long")).isEqualTo(new RolloutState.Paused(0, 10));
        assertThat(engine.state("db")).isEqualTo(new RolloutState.RolledBack());
        assertThat(engine.state("late")).isEqualTo(new RolloutState.Cancelled());
        assertThat(h.cluster.split("long")).isTrue(); // held where it was

        engine.resume(Harness.RELEASE);
        h.clock.runUntilIdle(1000);

        ReleaseResult result = engine.result().orElseThrow();
        assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_BACK);
        assertThat(of(result, "long").outcome()).isEqualTo(RolloutPhase.PROMOTED);
        assertThat(h.cluster.split("long")).isFalse();
    }

    @Test
    void aPersonCanRollBackTheWholeReleaseInReverseDependencyOrder() {
        Harness h = tree();
        ReleaseEngine engine = h.start(h.plan(TREE_RELEASE, 0), DEFAULT);
        h.clock.runUntil(Harness.T0.plus(seconds(50))); // db, api, worker promoted; web and admin deploying
        engine.rollback(Harness.RELEASE, "operator");
        h.clock.runUntilIdle(1000);

        assertThat(engine.result().orElseThrow().outcome()).isEqualTo(Outcome.ROLLED_BACK);
        List<String> rollbacks = h.cluster.calls().stream().filter(c -> c.endsWith("1.0.0")).toList();
        assertThat(rollbacks.indexOf("apply api stable 1.0.0")).isGreaterThan(rollbacks.indexOf("apply web stable 1.0.0"))
                .isGreaterThan(rollbacks.indexOf("apply admin stable 1.0.0"));
        assertThat(rollbacks.getLast()).isEqualTo("apply db stable 1.0.0");
        for (String name : TREE_RELEASE.keySet()) {
            assertThat(h.cluster.serving(name)).as(name).contains("1.0.0");
        }
    }

    @Test
    void theResultRendersAsTheJsonContract() {
        Harness h = single("");
        ReleaseResult result = h.run(h.plan(Map.of("svc", "2.0.0"), 0), DEFAULT).result().orElseThrow();

        assertThat(ReleaseJson.render(result)).isEqualTo("""
                {
                  "release" : "r1",
                  "outcome" : "succeeded",
                  "services" : [ {
                    "name" : "svc",
                    "from" : "1.0.0",
                    "to" : "2.0.0",
                    "outcome" : "promoted",
                    "startedAt" : 0,
                    "finishedAt" : 20
                  } ],
                  "makespanSeconds" : 20,
                  "criticalPathSeconds" : 20
                }
                """);
        assertThat(Optional.of(result.makespan())).contains(seconds(20));
    }

    // ---- digests ------------------------------------------------------------------------------------------------

    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @Test
    void aPinnedDigestIsDeployedAsThatExactImage() {
        Harness h = single(CANARY);
        Plan plan = h.plan(new dev.slipway.release.plan.ReleaseRequest(FakeCluster.ENV, Map.of("svc", "2.0.0"),
                Map.of("svc", DIGEST)), 0);
        h.run(plan, DEFAULT);

        // the canary and the promoted stable track both run the scanned image, never the tag
        assertThat(h.cluster.applied).extracting(t -> t.track().keyword() + " " + t.image() + " " + t.digest())
                .containsExactly("canary ghcr.io/acme/test/svc@" + DIGEST + " Optional[" + DIGEST + "]",
                        "stable ghcr.io/acme/test/svc@" + DIGEST + " Optional[" + DIGEST + "]");
    }

    @Test
    void withoutADigestTheVersionTagIsDeployed() {
        Harness h = single("");
        h.run(h.plan(Map.of("svc", "2.0.0"), 0), DEFAULT);

        assertThat(h.cluster.applied).extracting(t -> t.image() + " " + t.digest())
                .containsExactly("ghcr.io/acme/test/svc:2.0.0 Optional.empty");
    }

    @Test
    void aTargetWithDeclaredRangesIsDeployedRecordingThemNotTheSpecs() {
        Harness h = new Harness(Harness.load(service("db", "") + service("api", "", "db", ">=2")),
                Map.of("db", "2.0.0", "api", "2.0.0"));
        Plan plan = h.plan(new dev.slipway.release.plan.ReleaseRequest(FakeCluster.ENV, Map.of("api", "1.0.0"),
                Map.of(), Map.of("api", VersionRange.parseAll(Map.of("db", ">=1 <3")))), 0);
        h.run(plan, DEFAULT);

        assertThat(h.cluster.applied).extracting(t -> t.version() + " " + t.ranges())
                .containsExactly("1.0.0 {db=>=1 <3}");
    }

    @Test
    void aRollbackReappliesThePreviousVersionPinnedToTheDigestItRanWith() {
        SystemSpec spec = Harness.load(service("svc", ""));
        String previous = "sha256:" + "cd".repeat(32);
        dev.slipway.release.Deployed running = dev.slipway.release.Deployed.stable("svc", "1.0.0")
                .withDigest(previous);
        dev.slipway.release.plan.PlannedService planned = ((dev.slipway.release.plan.Plan) dev.slipway.release.plan
                .Planner.plan(spec, dev.slipway.release.Inventory.empty(FakeCluster.ENV).with(running),
                        new dev.slipway.release.plan.ReleaseRequest(FakeCluster.ENV, Map.of("svc", "2.0.0"),
                                Map.of("svc", DIGEST)))).service("svc").orElseThrow();
        Rollout rollout = Rollout.of(FakeCluster.ENV, planned, Optional.of(running), Optional.empty(), false);

        assertThat(rollout.newVersion(dev.slipway.release.Track.STABLE).image())
                .isEqualTo("ghcr.io/acme/test/svc@" + DIGEST);
        assertThat(rollout.previousVersion().image()).isEqualTo("ghcr.io/acme/test/svc@" + previous);
        assertThat(rollout.previousVersion().digest()).contains(previous);
        assertThat(rollout.previousVersion().version()).isEqualTo("1.0.0");
    }
}
