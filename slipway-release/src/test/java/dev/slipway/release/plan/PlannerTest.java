package dev.slipway.release.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.model.Dependency;
import dev.slipway.model.Service;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.VersionRange;
import dev.slipway.release.Deployed;
import dev.slipway.release.Inventory;
import dev.slipway.release.plan.RangeCheck.Moment;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlannerTest {

    private static final String ENV = "production";

    private static Inventory running(Deployed... deployed) {
        Inventory inventory = Inventory.empty(ENV);
        for (Deployed d : deployed) {
            inventory = inventory.with(d);
        }
        return inventory;
    }

    private static Deployed run(String service, String version, String... dependencyThenRange) {
        Map<String, VersionRange> ranges = new LinkedHashMap<>();
        for (int i = 0; i < dependencyThenRange.length; i += 2) {
            ranges.put(dependencyThenRange[i], VersionRange.parse(dependencyThenRange[i + 1]).orElseThrow());
        }
        return Deployed.stable(service, version).withRanges(ranges);
    }

    private static ReleaseRequest release(String... serviceThenVersion) {
        Map<String, String> versions = new LinkedHashMap<>();
        for (int i = 0; i < serviceThenVersion.length; i += 2) {
            versions.put(serviceThenVersion[i], serviceThenVersion[i + 1]);
        }
        return new ReleaseRequest(ENV, versions);
    }

    private static VersionRange range(String text) {
        return VersionRange.parse(text).orElseThrow();
    }

    private static Plan planned(PlanResult result) {
        assertThat(result).as(() -> PlanRenderer.text(result)).isInstanceOf(Plan.class);
        return (Plan) result;
    }

    private static List<String> errors(PlanResult result) {
        assertThat(result).as(() -> PlanRenderer.text(result)).isInstanceOf(Rejected.class);
        return ((Rejected) result).errors().stream().map(PlanError::format).toList();
    }

    /** backend ← frontend, frontend's new version needing backend in {@code range}. */
    private static SystemSpec frontendNeedsBackend(String range) {
        return TestSpecs.system().service("backend").service("frontend", "backend", range).build();
    }

    // ---- selection

    @Test
    void aRequestedVersionThatAlreadyRunsIsLeftOutWithANote() {
        PlanResult result = Planner.plan(frontendNeedsBackend(">=1.0.0"),
                running(run("backend", "1.0.0"), run("frontend", "1.0.0", "backend", ">=1.0.0")),
                release("backend", "v1.0.0", "frontend", "1.1.0"));

        Plan plan = planned(result);
        assertThat(plan.services()).extracting(PlannedService::name).containsExactly("frontend");
        assertThat(plan.services().getFirst().from()).contains("1.0.0");
        assertThat(plan.services().getFirst().after()).isEmpty();
        assertThat(plan.notes()).containsExactly("backend 1.0.0 already runs in production: left out of the release");
        assertThat(plan.checks()).containsExactly(
                new RangeCheck("frontend", "1.1.0", "backend", range(">=1.0.0"), "1.0.0", true, Moment.RELEASED));
    }

    @Test
    void aPinnedDigestIsKeptPerServiceInThePlan() {
        String digest = "sha256:" + "12".repeat(32);
        Plan plan = planned(Planner.plan(frontendNeedsBackend(">=1.0.0"),
                running(run("backend", "1.0.0"), run("frontend", "1.0.0", "backend", ">=1.0.0")),
                new ReleaseRequest("production", Map.of("backend", "1.1.0", "frontend", "1.1.0"),
                        Map.of("backend", digest))));

        assertThat(plan.service("backend").orElseThrow().digest()).contains(digest);
        assertThat(plan.service("frontend").orElseThrow().digest()).isEmpty();
    }

    @Test
    void aDigestForAVersionThatAlreadyRunsAsAnotherImageIsNotedNotDeployed() {
        String digest = "sha256:" + "34".repeat(32);
        Plan plan = planned(Planner.plan(frontendNeedsBackend(">=1.0.0"), running(run("backend", "1.0.0")),
                new ReleaseRequest("production", Map.of("backend", "1.0.0"), Map.of("backend", digest))));
        assertThat(plan.services()).isEmpty();
        assertThat(plan.notes()).contains("backend 1.0.0 runs an unpinned image, not " + digest
                + ": a version is released once; give a rebuild a new version");
    }

    // ---- rollback order

    private static PlanResult rollback(SystemSpec spec, Inventory inventory, ReleaseRequest request) {
        return Planner.rollbackPlan(spec, inventory, request, Planner.Options.DEFAULT);
    }

    @Test
    void aRollbackTakesDependentsBackBeforeWhatTheyDependOn() {
        SystemSpec spec = frontendNeedsBackend(">=1.0.0");
        Inventory now = running(run("backend", "2.0.0"), run("frontend", "2.0.0", "backend", ">=1.0.0"));
        ReleaseRequest back = release("backend", "1.0.0", "frontend", "1.0.0");

        Plan release = planned(Planner.plan(spec, now, back));
        assertThat(release.services()).as("planned as a release: dependencies first")
                .extracting(PlannedService::name).containsExactly("backend", "frontend");

        Plan plan = planned(rollback(spec, now, back));
        assertThat(plan.services()).extracting(PlannedService::name).containsExactly("frontend", "backend");
        assertThat(plan.service("frontend").orElseThrow().after()).isEmpty();
        assertThat(plan.service("backend").orElseThrow().after()).containsExactly("frontend");
        assertThat(plan.checks()).allMatch(RangeCheck::ok).contains(
                new RangeCheck("frontend", "1.0.0", "backend", range(">=1.0.0"), "2.0.0", true, Moment.NEW_BEFORE_DEPENDENCY),
                new RangeCheck("frontend", "1.0.0", "backend", range(">=1.0.0"), "1.0.0", true, Moment.RELEASED));
    }

    @Test
    void aRollbackWhoseDependentCannotGoFirstTakesTheDependencyBackFirstWhenTheRunningDependentAcceptsIt() {
        // frontend 1.0.0 needs backend below 2; the running frontend 2.0.0 accepts any backend
        Plan plan = planned(rollback(frontendNeedsBackend("<2.0.0"),
                running(run("backend", "2.0.0"), run("frontend", "2.0.0", "backend", "*")),
                release("backend", "1.0.0", "frontend", "1.0.0")));
        assertThat(plan.services()).extracting(PlannedService::name).containsExactly("backend", "frontend");
        assertThat(plan.service("frontend").orElseThrow().after()).containsExactly("backend");
        assertThat(plan.notes()).contains("backend goes back before frontend: its target 1.0.0 needs backend <2.0.0,"
                + " which the running backend 2.0.0 does not satisfy");
    }

    @Test
    void aRollbackWithNoSafeOrderIsRefusedNamingBothServices() {
        assertThat(errors(rollback(frontendNeedsBackend("<2.0.0"),
                running(run("backend", "2.0.0"), run("frontend", "2.0.0", "backend", ">=2.0.0")),
                release("backend", "1.0.0", "frontend", "1.0.0")))).containsExactly(
                "frontend cannot go back to 1.0.0 before backend: its target 1.0.0 needs backend <2.0.0, which the"
                        + " running backend 2.0.0 does not satisfy; and backend cannot go back to 1.0.0 first, since"
                        + " frontend 2.0.0 (running) needs backend >=2.0.0 (hint: roll back in two steps, or deploy"
                        + " versions of frontend and backend that accept each other)");
    }

    @Test
    void aRollbackChecksTheRangesTheOlderVersionDeclaredNotTheSpecs() {
        // the spec (frontend 2.x) needs backend >=2; frontend 1.0.0 declared backend <2 when it ran
        SystemSpec spec = frontendNeedsBackend(">=2.0.0");
        Inventory now = running(run("backend", "2.0.0"), run("frontend", "2.0.0", "backend", ">=2.0.0"));
        ReleaseRequest back = new ReleaseRequest("production", Map.of("frontend", "1.0.0"), Map.of(),
                Map.of("frontend", VersionRange.parseAll(Map.of("backend", "<2.0.0"))));

        assertThat(errors(rollback(spec, now, back))).containsExactly("frontend 1.0.0 needs backend <2.0.0, but "
                + "backend 2.0.0 runs in production and is not in the release (hint: release backend at a version in"
                + " <2.0.0, or widen frontend's range for backend in slipway.yaml)");
        // with backend going back too (first: the running frontend accepts any backend), the plan carries the
        // declared ranges, for the deployment to record
        Inventory lenient = running(run("backend", "2.0.0"), run("frontend", "2.0.0", "backend", "*"));
        Plan both = planned(rollback(spec, lenient, new ReleaseRequest("production", Map.of("frontend", "1.0.0",
                "backend", "1.0.0"), Map.of(), back.ranges())));
        assertThat(both.services()).extracting(PlannedService::name).containsExactly("backend", "frontend");
        assertThat(VersionRange.texts(both.service("frontend").orElseThrow().ranges()))
                .isEqualTo(Map.of("backend", "<2.0.0"));
        assertThat(planned(rollback(spec, now, release("frontend", "1.0.0"))).service("frontend").orElseThrow()
                .ranges()).as("without recorded ranges, the spec's").isEqualTo(VersionRange.parseAll(Map.of("backend",
                ">=2.0.0")));
    }

    @Test
    void nothingToReleaseIsAnEmptyPlan() {
        Plan plan = planned(Planner.plan(frontendNeedsBackend(">=1.0.0"), running(run("backend", "1.0.0")),
                release("backend", "1.0.0")));
        assertThat(plan.services()).isEmpty();
        assertThat(plan.makespan()).isZero();
        assertThat(plan.notes()).containsExactly("backend 1.0.0 already runs in production: left out of the release",
                "nothing to release: every requested version already runs in production");
    }

    @Test
    void anUnknownServiceIsAnErrorWithADidYouMean() {
        assertThat(errors(Planner.plan(frontendNeedsBackend("*"), running(), release("bakend", "2.0.0",
                "zzzzzzzz", "1.0.0")))).containsExactly(
                "service \"bakend\" is not in the spec (hint: did you mean \"backend\"?)",
                "service \"zzzzzzzz\" is not in the spec (hint: known services: backend, frontend)");
    }

    @Test
    void anUnknownEnvironmentIsAnErrorListingTheKnownOnes() {
        SystemSpec spec = frontendNeedsBackend("*");
        assertThat(errors(Planner.plan(spec, Inventory.empty("prod"),
                new ReleaseRequest("prod", Map.of("backend", "1.0.0"))))).containsExactly(
                "environment \"prod\" is not in the spec (hint: known environments: dev, staging, production)");
        assertThat(errors(Planner.plan(spec, Inventory.empty("productoin"),
                new ReleaseRequest("productoin", Map.of("backend", "1.0.0"))))).containsExactly(
                "environment \"productoin\" is not in the spec (hint: did you mean \"production\"? "
                        + "known environments: dev, staging, production)");
    }

    @Test
    void everyMistakeIsReportedTogether() {
        assertThat(errors(Planner.plan(frontendNeedsBackend("*"), Inventory.empty("prod"),
                new ReleaseRequest("prod", Map.of("bakend", "1.0.0"))))).hasSize(2);
    }

    @Test
    void anInventoryOfAnotherEnvironmentIsAProgrammingError() {
        assertThatThrownBy(() -> Planner.plan(frontendNeedsBackend("*"), Inventory.empty("dev"),
                release("backend", "1.0.0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("inventory of dev for a release to production");
    }

    @Test
    void aCycleInTheSpecIsReportedWithItsPath() {
        SystemSpec acyclic = TestSpecs.system().service("a", "b", "*").service("b").build();
        Service b = acyclic.service("b").orElseThrow();
        Service cyclicB = new Service(b.name(), b.path(), b.language(), b.buildTool(), b.dockerfile(), b.image(),
                b.port(), b.healthPath(), b.replicas(), b.resources(), b.env(),
                List.of(new Dependency("a", VersionRange.any())), b.strategy(), b.stateful(), b.analysis());
        SystemSpec cyclic = new SystemSpec(acyclic.system(), acyclic.ci(), acyclic.environments(),
                acyclic.defaults(), List.of(acyclic.service("a").orElseThrow(), cyclicB), acyclic.prometheus(),
                acyclic.notifications());

        assertThat(errors(Planner.plan(cyclic, running(), release("a", "1.0.0")))).containsExactly(
                "dependency cycle a -> b -> a (hint: remove one of these dependsOn edges in slipway.yaml)");
    }

    // ---- both in the release

    @Test
    void theDependentWaitsForItsDependencyWhenItsRunningVersionAcceptsTheNewOne() {
        Plan plan = planned(Planner.plan(frontendNeedsBackend("^2.0.0"),
                running(run("backend", "1.5.0"), run("frontend", "1.0.0", "backend", "^1.0.0 || ^2.0.0")),
                release("frontend", "2.0.0", "backend", "2.0.0")));

        assertThat(plan.services()).extracting(PlannedService::name).containsExactly("backend", "frontend");
        assertThat(plan.service("frontend").orElseThrow().after()).containsExactly("backend");
        assertThat(plan.service("backend").orElseThrow().after()).isEmpty();
        assertThat(plan.service("frontend").orElseThrow().start()).isEqualTo(Duration.ofSeconds(20));
        assertThat(plan.checks()).containsExactly(
                new RangeCheck("frontend", "2.0.0", "backend", range("^2.0.0"), "2.0.0", true, Moment.RELEASED),
                new RangeCheck("frontend", "1.0.0", "backend", range("^1.0.0 || ^2.0.0"), "2.0.0", true,
                        Moment.RUNNING_DURING_DEPENDENCY_ROLLOUT));
        assertThat(plan.notes()).isEmpty();
    }

    @Test
    void theNewDependentMustAcceptTheNewDependency() {
        assertThat(errors(Planner.plan(frontendNeedsBackend("^2.0.0"),
                running(run("backend", "1.5.0"), run("frontend", "1.0.0", "backend", "^1.0.0")),
                release("backend", "1.6.0", "frontend", "2.0.0")))).containsExactly(
                "frontend 2.0.0 needs backend ^2.0.0, but the release brings backend 1.6.0 (hint: release backend"
                        + " at a version in ^2.0.0, or widen frontend's range for backend in slipway.yaml)");
    }

    @Test
    void whenTheRunningDependentRejectsTheNewDependencyTheDependentGoesFirstIfItsNewVersionAcceptsBoth() {
        PlanResult result = Planner.plan(frontendNeedsBackend(">=1.5.0 <3.0.0"),
                running(run("backend", "1.5.0"), run("frontend", "1.0.0", "backend", "^1.0.0")),
                release("backend", "2.0.0", "frontend", "2.0.0"));

        Plan plan = planned(result);
        assertThat(plan.services()).extracting(PlannedService::name).containsExactly("frontend", "backend");
        assertThat(plan.service("backend").orElseThrow().after()).containsExactly("frontend");
        assertThat(plan.service("frontend").orElseThrow().after()).isEmpty();
        assertThat(plan.notes()).containsExactly("frontend rolls out before backend: its running 1.0.0 needs"
                + " backend ^1.0.0, which 2.0.0 does not satisfy, and its new 2.0.0 accepts backend 1.5.0 and 2.0.0");
        assertThat(plan.checks()).containsExactly(
                new RangeCheck("frontend", "2.0.0", "backend", range(">=1.5.0 <3.0.0"), "2.0.0", true, Moment.RELEASED),
                new RangeCheck("frontend", "1.0.0", "backend", range("^1.0.0"), "2.0.0", false,
                        Moment.RUNNING_DURING_DEPENDENCY_ROLLOUT),
                new RangeCheck("frontend", "2.0.0", "backend", range(">=1.5.0 <3.0.0"), "1.5.0", true,
                        Moment.NEW_BEFORE_DEPENDENCY));
    }

    @Test
    void whenNeitherOrderKeepsTheRangesMetThePlanIsRefusedNamingBothServicesRangesAndVersions() {
        assertThat(errors(Planner.plan(frontendNeedsBackend("^2.0.0"),
                running(run("backend", "1.5.0"), run("frontend", "1.0.0", "backend", "^1.0.0")),
                release("backend", "2.0.0", "frontend", "2.0.0")))).containsExactly(
                "frontend 1.0.0 (running) needs backend ^1.0.0, but backend 2.0.0 would serve it while backend"
                        + " rolls out; and frontend 2.0.0 cannot go first because it needs backend ^2.0.0, which"
                        + " the running backend 1.5.0 does not satisfy (hint: first release a version of frontend"
                        + " that accepts both backend 1.5.0 and 2.0.0, or keep backend within ^1.0.0)");
    }

    @Test
    void whenTheRunningVersionsRangesAreUnknownThatCheckIsSkippedWithANote() {
        Plan plan = planned(Planner.plan(frontendNeedsBackend("^2.0.0"),
                running(run("backend", "1.5.0"), Deployed.stable("frontend", "1.0.0")),
                release("backend", "2.0.0", "frontend", "2.0.0")));

        assertThat(plan.service("frontend").orElseThrow().after()).containsExactly("backend");
        assertThat(plan.notes()).containsExactly("frontend 1.0.0 (running) has no recorded ranges: its calls to"
                + " backend 2.0.0 while backend rolls out are not checked");
        assertThat(plan.checks()).extracting(RangeCheck::moment).containsExactly(Moment.RELEASED);
    }

    @Test
    void aDependentWhoseNewVersionNoLongerCallsTheDependencyGoesFirstIfItsRunningVersionRejectsTheNewOne() {
        SystemSpec spec = TestSpecs.system().service("backend").service("frontend").build();
        Plan plan = planned(Planner.plan(spec,
                running(run("backend", "1.0.0"), run("frontend", "1.0.0", "backend", "^1.0.0")),
                release("backend", "2.0.0", "frontend", "2.0.0")));

        assertThat(plan.service("backend").orElseThrow().after()).containsExactly("frontend");
        assertThat(plan.notes()).containsExactly("frontend rolls out before backend: its running 1.0.0 needs"
                + " backend ^1.0.0, which 2.0.0 does not satisfy, and its new 2.0.0 no longer calls backend");
    }

    @Test
    void goingFirstCanContradictTheDependencyOrderAndThenNoOrderIsSafe() {
        SystemSpec spec = TestSpecs.system()
                .service("backend")
                .service("gateway", "backend", ">=1.0.0")
                .service("frontend", "backend", ">=1.0.0 <3.0.0", "gateway", ">=1.0.0")
                .build();
        assertThat(errors(Planner.plan(spec,
                running(run("backend", "1.0.0"), run("gateway", "1.0.0", "backend", ">=1.0.0"),
                        run("frontend", "1.0.0", "backend", "^1.0.0", "gateway", ">=1.0.0")),
                release("backend", "2.0.0", "gateway", "2.0.0", "frontend", "2.0.0")))).containsExactly(
                "no rollout order keeps every range met: backend -> frontend -> gateway -> backend (each must"
                        + " wait for the next) (hint: split the release in two: first the services whose new"
                        + " versions accept both versions of their dependencies, then the rest)");
    }

    // ---- dependency outside the release

    @Test
    void theNewDependentMustAcceptTheRunningDependency() {
        assertThat(errors(Planner.plan(frontendNeedsBackend("^2.0.0"),
                running(run("backend", "1.5.0"), run("frontend", "1.0.0", "backend", "^1.0.0")),
                release("frontend", "2.0.0")))).containsExactly(
                "frontend 2.0.0 needs backend ^2.0.0, but backend 1.5.0 runs in production and is not in the"
                        + " release (hint: release backend at a version in ^2.0.0, or widen frontend's range for"
                        + " backend in slipway.yaml)");
    }

    @Test
    void aDependencyThatDoesNotRunAndIsNotReleasedIsAnError() {
        assertThat(errors(Planner.plan(frontendNeedsBackend("^2.0.0"), running(), release("frontend", "2.0.0"))))
                .containsExactly("frontend 2.0.0 needs backend ^2.0.0, but backend does not run in production and"
                        + " is not in the release (hint: add backend to the release: --set backend=VERSION)");
    }

    // ---- unchanged dependents

    @Test
    void downgradingADependencyBelowWhatAnUnchangedServiceNeedsIsRefused() {
        assertThat(errors(Planner.plan(frontendNeedsBackend(">=2.0.0"),
                running(run("backend", "2.1.0"), run("frontend", "1.4.0", "backend", ">=2.0.0")),
                release("backend", "1.9.0")))).containsExactly(
                "frontend 1.4.0 (unchanged) needs backend >=2.0.0, but the release brings backend 1.9.0 (hint:"
                        + " release backend at a version in >=2.0.0, or add frontend to the release at a version"
                        + " that accepts backend 1.9.0)");
    }

    @Test
    void withoutRecordedRangesTheSpecsRangesAreUsed() {
        PlanResult result = Planner.plan(frontendNeedsBackend(">=2.0.0"),
                running(run("backend", "2.1.0"), Deployed.stable("frontend", "1.4.0")), release("backend", "1.9.0"));
        assertThat(errors(result)).containsExactly(
                "frontend 1.4.0 (unchanged) needs backend >=2.0.0, but the release brings backend 1.9.0 (hint:"
                        + " release backend at a version in >=2.0.0, or add frontend to the release at a version"
                        + " that accepts backend 1.9.0)");
        assertThat(result.notes()).containsExactly(
                "frontend 1.4.0 (unchanged) has no recorded ranges: checked with the spec's");
    }

    @Test
    void aRunningServiceThatLeftTheSpecStillCounts() {
        assertThat(errors(Planner.plan(frontendNeedsBackend("*"),
                running(run("backend", "2.1.0"), run("legacy-admin", "0.9.0", "backend", "^2.0.0")),
                release("backend", "3.0.0")))).containsExactly(
                "legacy-admin 0.9.0 (unchanged) needs backend ^2.0.0, but the release brings backend 3.0.0 (hint:"
                        + " release backend at a version in ^2.0.0, or add legacy-admin to the release at a version"
                        + " that accepts backend 3.0.0)");
    }

    @Test
    void anUpgradeWithinTheRangeIsCheckedAndPasses() {
        Plan plan = planned(Planner.plan(frontendNeedsBackend(">=2.0.0"),
                running(run("backend", "2.1.0"), run("frontend", "1.4.0", "backend", ">=2.0.0")),
                release("backend", "2.2.0")));
        assertThat(plan.checks()).containsExactly(
                new RangeCheck("frontend", "1.4.0", "backend", range(">=2.0.0"), "2.2.0", true, Moment.UNCHANGED));
    }

    // ---- semantic versions

    private static final String SEMVER_HINT = " (hint: use MAJOR.MINOR.PATCH, e.g. 2.1.0 (a leading v is allowed))";

    @Test
    void aVersionThatMustMeetARangeMustBeSemver() {
        Inventory inventory = running(run("backend", "2.1.0"), run("frontend", "1.4.0", "backend", ">=2.0.0"));
        assertThat(errors(Planner.plan(frontendNeedsBackend(">=2.0.0"), inventory, release("backend", "latest"))))
                .containsExactly("backend version \"latest\" is not a semantic version, so frontend's range >=2.0.0"
                        + " cannot be checked against it" + SEMVER_HINT);
        assertThat(errors(Planner.plan(frontendNeedsBackend(">=2.0.0"), inventory, release("backend", "2.1"))))
                .containsExactly("backend version \"2.1\" is not a semantic version, so frontend's range >=2.0.0"
                        + " cannot be checked against it" + SEMVER_HINT);
    }

    @Test
    void aLeadingVIsAccepted() {
        Plan plan = planned(Planner.plan(frontendNeedsBackend(">=2.0.0"),
                running(run("backend", "2.1.0"), run("frontend", "1.4.0", "backend", ">=2.0.0")),
                release("backend", "v2.2.0")));
        assertThat(plan.checks()).extracting(RangeCheck::version, RangeCheck::ok)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("v2.2.0", true));
    }

    @Test
    void aVersionNoRangeIsCheckedAgainstNeedNotBeSemver() {
        Plan plan = planned(Planner.plan(frontendNeedsBackend(">=2.0.0"),
                running(run("backend", "2.1.0"), run("frontend", "1.4.0", "backend", ">=2.0.0")),
                release("frontend", "latest")));
        assertThat(plan.services()).extracting(PlannedService::to).containsExactly("latest");
    }

    @Test
    void aRunningVersionThatIsNotSemverIsReportedToo() {
        assertThat(errors(Planner.plan(frontendNeedsBackend(">=2.0.0"), running(run("backend", "stable")),
                release("frontend", "2.0.0")))).containsExactly("backend version \"stable\" is not a semantic"
                + " version, so frontend's range >=2.0.0 cannot be checked against it" + SEMVER_HINT);
    }

    // ---- estimates

    private final SystemSpec threeTier = TestSpecs.load(TestSpecs.HEADER + TestSpecs.THREE_TIER);

    @Test
    void aFreshInstallRunsInDependencyOrderWithTheCriticalPathThroughEveryService() {
        Plan plan = planned(Planner.plan(threeTier, Inventory.empty(ENV),
                release("web", "1.0.0", "api", "2.1.0", "db", "16.4.0")));

        assertThat(plan.services()).extracting(PlannedService::name, PlannedService::estimate,
                        PlannedService::start)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("db", Duration.ofSeconds(20), Duration.ZERO),
                        org.assertj.core.groups.Tuple.tuple("api", Duration.ofSeconds(40), Duration.ofSeconds(20)),
                        org.assertj.core.groups.Tuple.tuple("web", Duration.ofSeconds(40), Duration.ofSeconds(60)));
        assertThat(plan.services()).allSatisfy(s -> assertThat(s.from()).isEmpty());
        // nothing runs yet: every service is installed rolling (2 replicas, 1 pod at a time), not as its canary
        assertThat(plan.services()).allSatisfy(s -> assertThat(s.strategy()).isInstanceOf(
                dev.slipway.model.Strategy.Rolling.class));
        assertThat(plan.criticalPath()).containsExactly("db", "api", "web");
        assertThat(plan.makespan()).isEqualTo(Duration.ofSeconds(100));
    }

    @Test
    void aParallelismCapSerialisesIndependentServices() {
        SystemSpec independent = TestSpecs.system().service("a").service("b").service("c").build();
        Plan capped = planned(Planner.plan(independent, running(), release("a", "1.0.0", "b", "1.0.0", "c", "1.0.0"),
                new Planner.Options(RolloutEstimate.DEFAULT, 2)));
        Plan free = planned(Planner.plan(independent, running(), release("a", "1.0.0", "b", "1.0.0", "c", "1.0.0")));

        assertThat(capped.makespan()).isEqualTo(Duration.ofSeconds(40));
        assertThat(free.makespan()).isEqualTo(Duration.ofSeconds(20));
    }
}
