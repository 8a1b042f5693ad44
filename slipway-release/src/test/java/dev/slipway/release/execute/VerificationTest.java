package dev.slipway.release.execute;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.LoadResult;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.load.SpecLoader;
import dev.slipway.release.Track;
import dev.slipway.release.analysis.Judgement;
import dev.slipway.release.execute.ReleaseResult.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every deployment is validated, not only canaries: a rolling update is judged while it proceeds (its new pods
 * against its old ones), every rolling and blue-green rollout for a verification window after it completes (the new
 * version against the previous one before the release), a blue-green rollout by its smoke tests before it switches.
 * On the fake cluster: 10 requests/s, split by weights and, during a rolling update, by the share of ready pods; a
 * wave of pods takes 20 s; looks every 5 s; a 5-minute window; the default panel (pods, limits, dependents' guard).
 */
class VerificationTest {

    private static final Duration WINDOW = Duration.ofMinutes(5);

    /** svc (rolling, 4 pods replaced one per wave, or as {@code strategy} says) and web, which calls it. */
    private static Harness world(String strategy, String extra) {
        String yaml = Harness.HEADER.replace("verify: {window: 0}", "verify: {window: 5m}") + """
                  svc:
                    path: svc
                    language: go
                    port: 8080
                    replicas: 4
                """ + strategy + extra + """
                  web:
                    path: web
                    language: go
                    port: 8080
                    replicas: 1
                    dependsOn: {svc: '>=2.0.0'}
                """;
        LoadResult loaded = SpecLoader.load(yaml, "slipway.yaml");
        assertThat(loaded.problems()).as("the test spec loads").isEmpty();
        SystemSpec spec = loaded.orThrow();
        Harness h = new Harness(spec, Map.of("svc", "1.0.0"));
        h.cluster.install("web", "1.0.0", 1, Map.of());
        return h;
    }

    private static final String ROLLING = "";
    private static final String BLUE_GREEN = "    strategy: {type: blue-green, scaleDownDelay: 1m}\n";

    private final List<Judgement> looks = new ArrayList<>();

    private ReleaseResult release(Harness h) {
        ProgressListener listener = new ProgressListener() {
            @Override
            public void progressed(Progress p) {
                h.listener.progressed(p);
            }

            @Override
            public void phase(String release, ReleasePhase phase) {
                h.listener.phase(release, phase);
            }

            @Override
            public void judged(Judgement judgement) {
                looks.add(judgement);
            }
        };
        ReleaseEngine engine = ReleaseEngine.start(Harness.RELEASE, h.plan(Map.of("svc", "2.0.0", "web", "2.0.0"), 0),
                h.cluster, h.cluster, h.journal, h.clock, ReleaseEngine.Options.DEFAULT, listener);
        h.clock.runUntilIdle(1_000_000);
        return engine.result().orElseThrow();
    }

    private static Transition failure(Harness h) {
        return h.journal.read(Harness.RELEASE).stream().filter(Transition::failure).findFirst().orElseThrow();
    }

    private static List<String> states(Harness h, String service) {
        return h.journal.read(Harness.RELEASE).stream().filter(t -> t.service().equals(service))
                .map(Transition::to).toList();
    }

    private static Instant at(long seconds) {
        return Harness.T0.plusSeconds(seconds);
    }

    @Test
    void thePlanCountsEachWindowInItsServicesEstimateAndSaysSo() {
        Harness h = world(ROLLING, "");
        dev.slipway.release.plan.Plan plan = h.plan(Map.of("svc", "2.0.0", "web", "2.0.0"), 0);
        // four waves of 20 s, then the window; web starts only after it
        assertThat(plan.service("svc").orElseThrow().estimate()).isEqualTo(Duration.ofSeconds(80).plus(WINDOW));
        assertThat(plan.service("web").orElseThrow().start()).isEqualTo(Duration.ofSeconds(80).plus(WINDOW));
        assertThat(dev.slipway.release.plan.PlanRenderer.text(plan)).contains(
                "Verified after their rollout, before their dependents start (in the estimates): svc 5m, web 5m");
    }

    // ---- rolling ----------------------------------------------------------------------------------------------

    @Test
    void aRollingUpdateFailingHalfItsRequestsIsStoppedDuringTheRolloutAndThePreviousTemplateReApplied() {
        Harness h = world(ROLLING, "");
        h.cluster.errorRate("svc", "2.0.0", 0.5);
        ReleaseResult result = release(h);

        assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_BACK);
        Transition failed = failure(h);
        assertThat(failed.reason()).startsWith("during the rollout: ").contains("error rate");
        assertThat(failed.from()).isEqualTo("deploying");
        // four waves of 20 s: caught before the last pods are up, from the new pods' share of the traffic
        assertThat(failed.at()).isBefore(at(80));
        assertThat(h.cluster.calls("svc")).containsExactly("apply stable 2.0.0", "apply stable 1.0.0");
        assertThat(h.cluster.serving("svc")).contains("1.0.0");
        assertThat(states(h, "web")).containsExactly("cancelled");
        // the looks compared the new pods with the old ones over the same time
        assertThat(looks).filteredOn(j -> j.service().equals("svc") && j.verdict().failed()).first()
                .satisfies(j -> assertThat(j.canaryStart()).isEqualTo(Harness.T0));
    }

    @Test
    void aRollingUpdateTooFastToJudgeIsCaughtInItsVerificationWindowAgainstTheVersionBeforeTheRelease() {
        // one wave: the new pods take traffic only once the rollout is complete; 8 % errors against 1 % before
        Harness h = world(ROLLING, "    strategy: {type: rolling, maxSurge: '100%'}\n");
        h.cluster.errorRate("svc", "1.0.0", 0.01).errorRate("svc", "2.0.0", 0.08);
        ReleaseResult result = release(h);

        assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_BACK);
        assertThat(states(h, "svc")).containsExactly("deploying", "verifying", "rolling-back", "rolled-back");
        Transition failed = failure(h);
        assertThat(failed.reason()).startsWith("in verification: ").contains("error rate 8.0%");
        assertThat(failed.at()).isAfter(at(20)).isBefore(at(20).plus(WINDOW));
        assertThat(h.cluster.serving("svc")).contains("1.0.0");
        assertThat(states(h, "web")).as("the dependent waits for the verification: it never started")
                .containsExactly("cancelled");
    }

    @Test
    void aHealthyRollingUpdateIsPromotedWhenItsWindowPassesAndOnlyThenItsDependentStarts() {
        Harness h = world(ROLLING, "");
        h.cluster.errorRate("svc", "1.0.0", 0.01).errorRate("svc", "2.0.0", 0.01);
        ReleaseResult result = release(h);

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(states(h, "svc")).containsExactly("deploying", "verifying", "promoted");
        Transition verified = h.journal.read(Harness.RELEASE).stream()
                .filter(t -> t.service().equals("svc") && t.to().equals("promoted")).findFirst().orElseThrow();
        assertThat(verified.at()).isEqualTo(at(80).plus(WINDOW));
        assertThat(verified.reason()).startsWith("verification window (300s) passed");
        assertThat(result.service("web").orElseThrow().startedAt()).contains(Duration.ofSeconds(80).plus(WINDOW));
        assertThat(looks).filteredOn(j -> j.service().equals("svc")).allMatch(j -> !j.verdict().failed());
    }

    @Test
    void aPodRestartingDuringTheRolloutOrInTheWindowRollsBackAndSaysWhere() {
        Harness during = world(ROLLING, "");
        during.cluster.crashLoops("svc", "2.0.0");
        assertThat(release(during).outcome()).isEqualTo(Outcome.ROLLED_BACK);
        assertThat(failure(during).reason()).startsWith("during the rollout: stable 2.0.0: crash loop");

        Harness after = world(ROLLING, "");
        after.cluster.crashesAfter("svc", "2.0.0", Duration.ofMinutes(1));
        assertThat(release(after).outcome()).isEqualTo(Outcome.ROLLED_BACK);
        assertThat(failure(after).reason()).startsWith("in verification: ");
        assertThat(failure(after).at()).isAfter(at(80)).isBefore(at(80).plus(WINDOW));
        assertThat(after.cluster.serving("svc")).contains("1.0.0");
    }

    @Test
    void withoutTrafficTheWindowIsNotJudgedAndOnInconclusiveDecides() {
        Harness rollback = world(ROLLING, "");
        rollback.cluster.silent("svc");
        assertThat(release(rollback).outcome()).isEqualTo(Outcome.ROLLED_BACK);
        assertThat(failure(rollback).reason()).startsWith("in verification, inconclusive: not judged: no traffic");
        assertThat(states(rollback, "svc")).containsExactly("deploying", "verifying", "verifying", "rolling-back",
                "rolled-back");

        Harness pause = world(ROLLING, "    analysis: {onInconclusive: pause}\n");
        pause.cluster.silent("svc");
        ReleaseEngine engine = ReleaseEngine.start(Harness.RELEASE, pause.plan(Map.of("svc", "2.0.0"), 0),
                pause.cluster, pause.cluster, pause.journal, pause.clock, ReleaseEngine.Options.DEFAULT,
                pause.listener);
        pause.clock.runUntilIdle(1_000_000);
        assertThat(engine.result()).isEmpty();
        assertThat(engine.state("svc")).isInstanceOf(RolloutState.Paused.class);
        assertThat(pause.phases.getLast()).isInstanceOfSatisfying(ReleasePhase.Paused.class, p ->
                assertThat(p.reason()).isEqualTo(ReleasePhase.PauseReason.INCONCLUSIVE_ANALYSIS));
        engine.resume(Harness.RELEASE);
        pause.clock.runUntilIdle(1_000_000);
        assertThat(engine.result().orElseThrow().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(states(pause, "svc").getLast()).isEqualTo("promoted");
    }

    @Test
    void theRootCauseReportSaysTheFailureWasFoundInVerificationAndWhatWasComparedWithWhat() {
        Harness h = world(ROLLING, "    strategy: {type: rolling, maxSurge: '100%'}\n");
        h.cluster.errorRate("svc", "1.0.0", 0.01).errorRate("svc", "2.0.0", 0.08);
        InMemoryEvidence evidence = new InMemoryEvidence();
        ReleaseEngine engine = ReleaseEngine.start(Harness.RELEASE, h.plan(Map.of("svc", "2.0.0", "web", "2.0.0"), 0),
                h.cluster, h.cluster, h.journal, h.clock, ReleaseEngine.Options.DEFAULT,
                ProgressListener.both(h.listener, new dev.slipway.release.report.EvidenceRecorder(evidence,
                        Harness.RELEASE, h.clock)));
        h.clock.runUntilIdle(1_000_000);
        ReleaseResult result = engine.result().orElseThrow();
        List<dev.slipway.release.report.RootCauseReport.Released> services = result.services().stream()
                .map(s -> new dev.slipway.release.report.RootCauseReport.Released(s.name(), s.from(), s.to(),
                        s.outcome().keyword(), s.name().equals("web") ? List.of("svc") : List.of())).toList();
        var report = dev.slipway.release.report.RootCauseReport.of(Harness.RELEASE, FakeCluster.ENV,
                result.outcome().keyword(), services, h.journal.read(Harness.RELEASE), evidence.read(Harness.RELEASE));

        var failure = report.failure().orElseThrow();
        assertThat(failure.foundIn()).isEqualTo("verification");
        assertThat(failure.compared()).isEqualTo("2.0.0 since its rollout completed against 1.0.0's own traffic"
                + " before the release");
        assertThat(failure.measurement().orElseThrow().metric()).isEqualTo("error-rate");
        assertThat(dev.slipway.release.report.ReportText.render(report)).contains(
                "found in    verification: 2.0.0 since its rollout completed", "after the window opened");
        assertThat(dev.slipway.release.report.ReportJson.render(report)).contains("\"foundIn\" : \"verification\"");
    }

    // ---- blue-green -------------------------------------------------------------------------------------------

    @Test
    void aBlueGreenRolloutFailingASmokeTestNeverSwitches() {
        Harness h = world(BLUE_GREEN, "");
        h.cluster.smokeFails("svc", "2.0.0");
        assertThat(release(h).outcome()).isEqualTo(Outcome.ROLLED_BACK);
        assertThat(failure(h).reason()).isEqualTo("in a smoke test on green: GET /healthz → 2xx: no 2xx answer");
        assertThat(h.cluster.calls("svc")).doesNotContain("route {green=100, stable=0}");
        assertThat(h.cluster.serving("svc")).contains("1.0.0");
    }

    @Test
    void smokeTestsRunInOrderAndTheFirstFailureAnswers() {
        Harness h = world(BLUE_GREEN, "    smoke: [{path: /healthz}, {path: /api/cart, status: 200, contains: items}]\n");
        assertThat(release(h).outcome()).isEqualTo(Outcome.ROLLED_BACK);
        // the fake cluster only probes for a 2xx: a test that asks for a body is refused, saying why
        assertThat(h.cluster.calls("svc")).containsSubsequence("probe green /healthz", "probe green /api/cart");
        assertThat(failure(h).reason()).isEqualTo("in a smoke test on green: GET /api/cart → 200 containing \"items\":"
                + " this cluster can only check for a 2xx on a GET");
    }

    @Test
    void aBlueGreenRolloutBadAfterTheSwitchIsSwitchedBackToBlueInVerification() {
        Harness h = world(BLUE_GREEN, "");
        h.cluster.errorRate("svc", "1.0.0", 0.01).errorRate("svc", "2.0.0", 0.5);
        assertThat(release(h).outcome()).isEqualTo(Outcome.ROLLED_BACK);
        assertThat(states(h, "svc")).containsExactly("deploying", "smoke-testing", "verifying", "rolling-back",
                "rolled-back");
        Transition failed = failure(h);
        assertThat(failed.reason()).startsWith("in verification: ").contains("error rate");
        // green's four pods up in waves at 80 s, smoke-tested by 90 s, switched then; caught within a minute
        assertThat(failed.at()).isAfter(at(90)).isBefore(at(150));
        assertThat(h.cluster.calls("svc")).containsExactly("apply green 2.0.0", "probe green /healthz",
                "route {green=100, stable=0}", "apply stable 1.0.0", "route {stable=100, green=0}", "remove green");
        assertThat(h.cluster.tracks("svc")).containsExactly(Track.STABLE);
    }

    @Test
    void aHealthyBlueGreenRolloutKeepsBlueThroughItsWindowThenScalesItDownAfterTheDelay() {
        Harness h = world(BLUE_GREEN, "");
        ReleaseResult result = release(h);
        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(states(h, "svc")).containsExactly("deploying", "smoke-testing", "verifying", "switched",
                "promoted");
        // switched at 90 s (green up at 80 s, smoke test 10 s): web starts when the window passed
        assertThat(result.service("web").orElseThrow().startedAt()).contains(Duration.ofSeconds(90).plus(WINDOW));
        assertThat(h.cluster.calls("svc")).containsExactly("apply green 2.0.0", "probe green /healthz",
                "route {green=100, stable=0}", "route {green=100, stable=0}", "remove stable");
        assertThat(h.clock.now()).isAfterOrEqualTo(at(90).plus(WINDOW).plus(Duration.ofMinutes(1)));
    }
}
