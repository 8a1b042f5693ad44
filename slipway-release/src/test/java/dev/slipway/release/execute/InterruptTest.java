package dev.slipway.release.execute;

import dev.slipway.model.OnFailure;
import static dev.slipway.release.ShopFixture.NEXT;
import static dev.slipway.release.ShopFixture.RUNNING;
import static dev.slipway.release.ShopFixture.SEARCH;
import static dev.slipway.release.ShopFixture.shopYaml;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.Service;
import dev.slipway.model.SystemSpec;
import dev.slipway.release.execute.ReleaseResult.Outcome;
import dev.slipway.release.plan.Plan;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The engine stops right after its N-th journal append (the transition is written, none of its actions done), for
 * every N of a 12-service release with canaries and a failure; a new engine resumes from the journal against the
 * same cluster. Every run must end as the uninterrupted one does: no split traffic, no version running with an
 * unmet range, the journal complete and in order, and no cluster call the uninterrupted run did not make.
 */
class InterruptTest {

    /** The example shop plus a search service; in 2.0.0 checkout needs catalog 2 and frontend needs checkout 2. */

    static final SystemSpec RUNNING_SPEC = load(shopYaml() + SEARCH);
    static final SystemSpec NEW_SPEC = load(shopYaml().replace("      catalog: '*'\n      payments: '*'",
            "      catalog: '>=2.0.0'\n      payments: '*'").replace("      checkout: '*'", "      checkout: '>=2.0.0'")
            + SEARCH);



    private static final class Crash extends RuntimeException {
        Crash() {
            super("interrupted", null, false, false);
        }
    }

    /** Keeps the first {@code limit} transitions, and stops the engine right after storing the last of them. */
    private static final class InterruptingJournal implements Journal {
        final InMemoryJournal stored = new InMemoryJournal();
        long limit;

        InterruptingJournal(long limit) {
            this.limit = limit;
        }

        @Override
        public void append(Transition transition) {
            stored.append(transition);
            if (--limit == 0) {
                throw new Crash();
            }
        }

        @Override
        public List<Transition> read(String release) {
            return stored.read(release);
        }
    }

    private record Run(Harness harness, ReleaseEngine engine, List<Transition> journal) {
    }

    private static Harness world(Consumer<FakeCluster> faults) {
        Harness h = new Harness(NEW_SPEC, Map.of());
        RUNNING.forEach((name, version) -> {
            Service service = RUNNING_SPEC.service(name).orElseThrow();
            h.cluster.install(name, version, Math.max(1, service.replicas()), Harness.specRanges(service));
        });
        faults.accept(h.cluster);
        return h;
    }

    /** Interrupted after {@code appends} journal appends (never when 0), then resumed once. */
    private static Run run(Consumer<FakeCluster> faults, ReleaseEngine.Options options, long appends) {
        return run(faults, options, appends, Duration.ZERO);
    }

    /** As above, with the engine down for {@code downtime} of cluster time before it resumes. */
    private static Run run(Consumer<FakeCluster> faults, ReleaseEngine.Options options, long appends,
                           Duration downtime) {
        Harness h = world(faults);
        Plan plan = h.plan(NEXT, 0);
        InterruptingJournal journal = new InterruptingJournal(appends);
        ReleaseEngine engine = null;
        boolean crashed = false;
        try {
            engine = ReleaseEngine.start(Harness.RELEASE, plan, h.cluster, h.cluster, journal, h.clock,
                    options, ProgressListener.NONE);
            h.clock.runUntilIdle(1_000_000);
        } catch (Crash crash) {
            crashed = true;
        }
        if (crashed) {
            h.clock.runUntil(h.clock.now().plus(downtime));
            engine = ReleaseEngine.resume(journal, Harness.RELEASE, plan, h.cluster, h.cluster, h.clock,
                    options, ProgressListener.NONE);
            h.clock.runUntilIdle(1_000_000);
        }
        assertThat(crashed).as("interrupted after %d appends", appends).isEqualTo(appends > 0);
        return new Run(h, engine, journal.read(Harness.RELEASE));
    }

    @Test
    void aFailedCanaryWithDependentsCancelledEndsTheSameAfterAnInterruptionAtAnyTransition() {
        Consumer<FakeCluster> faults = c -> c.errorRate("catalog", "2.0.0", 0.3);
        Run reference = run(faults, ReleaseEngine.Options.DEFAULT, 0);
        ReleaseResult result = reference.engine().result().orElseThrow();
        assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_BACK);
        assertThat(result.services()).filteredOn(s -> s.outcome() == RolloutPhase.CANCELLED).extracting(s -> s.name())
                .containsExactlyInAnyOrder("checkout", "recommendations", "search", "frontend");
        assertConsistent(reference, reference, "uninterrupted");
        assertThat(reference.journal()).hasSizeGreaterThan(25);

        for (long n = 1; n <= reference.journal().size(); n++) {
            Run interrupted = run(faults, ReleaseEngine.Options.DEFAULT, n);
            assertConsistent(interrupted, reference, "interrupted after " + n + " appends");
            assertThat(interrupted.engine().result().orElseThrow().services()).extracting(s -> s.outcome())
                    .as("interrupted after %d appends", n).isEqualTo(result.services().stream().map(s -> s.outcome()).toList());
        }
    }

    @Test
    void aCrashAfterPromotionRolledBackWithEverythingEndsTheSameAfterAnInterruptionAtAnyTransition() {
        // payments (blue-green) crash-loops five minutes after it came up, while blue is still kept
        Consumer<FakeCluster> faults = c -> c.crashesAfter("payments", "2.0.0", Duration.ofMinutes(5));
        ReleaseEngine.Options options = ReleaseEngine.Options.DEFAULT.withOnFailure(OnFailure.ROLLBACK_ALL);
        Run reference = run(faults, options, 0);
        assertThat(reference.engine().result().orElseThrow().outcome()).isEqualTo(Outcome.ROLLED_BACK);
        assertConsistent(reference, reference, "uninterrupted");
        for (String name : RUNNING.keySet()) {
            assertThat(reference.harness().cluster.serving(name)).as(name).contains(RUNNING.get(name));
        }

        for (long n = 1; n <= reference.journal().size(); n++) {
            assertConsistent(run(faults, options, n), reference, "interrupted after " + n + " appends");
        }
    }

    @Test
    void aRollingUpdateStoppedDuringItsRolloutEndsTheSameAfterAnInterruptionAtAnyTransition() {
        // frontend replaces its three pods in three waves: its new pods fail half their requests
        Consumer<FakeCluster> faults = c -> c.errorRate("frontend", "2.0.0", 0.5);
        Run reference = run(faults, ReleaseEngine.Options.DEFAULT, 0);
        assertThat(reference.engine().result().orElseThrow().outcome()).isEqualTo(Outcome.ROLLED_BACK);
        assertThat(reference.journal()).filteredOn(Transition::failure).first()
                .satisfies(t -> assertThat(t.reason()).startsWith("during the rollout: "));
        assertConsistent(reference, reference, "uninterrupted");
        for (long n = 1; n <= reference.journal().size(); n++) {
            assertConsistent(run(faults, ReleaseEngine.Options.DEFAULT, n), reference,
                    "interrupted after " + n + " appends");
        }
    }

    @Test
    void aRollingUpdateCaughtInItsVerificationWindowEndsTheSameAfterAnInterruptionAtAnyTransition() {
        // postgres has one pod: its rollout completes before any look; 8 % errors against 1 % before the release
        Consumer<FakeCluster> faults = c -> c.errorRate("postgres", "16.4.0", 0.01).errorRate("postgres", "16.6.0", 0.08);
        ReleaseEngine.Options options = ReleaseEngine.Options.DEFAULT.withOnFailure(OnFailure.ROLLBACK_ALL);
        Run reference = run(faults, options, 0);
        assertThat(reference.engine().result().orElseThrow().outcome()).isEqualTo(Outcome.ROLLED_BACK);
        assertThat(reference.journal()).filteredOn(Transition::failure).first().satisfies(t -> {
            assertThat(t.service()).isEqualTo("postgres");
            assertThat(t.from()).isEqualTo("verifying");
            assertThat(t.reason()).startsWith("in verification: ");
        });
        assertConsistent(reference, reference, "uninterrupted");
        for (long n = 1; n <= reference.journal().size(); n++) {
            assertConsistent(run(faults, options, n), reference, "interrupted after " + n + " appends");
        }
    }

    @Test
    void aVerificationWindowInterruptedHalfWayEndsWhenItWasDue() {
        Consumer<FakeCluster> healthy = c -> { };
        Run reference = run(healthy, ReleaseEngine.Options.DEFAULT, 0);
        List<Transition> postgres = reference.journal().stream().filter(t -> t.service().equals("postgres")).toList();
        Transition window = postgres.stream().filter(t -> t.to().equals("verifying")).findFirst().orElseThrow();
        Transition next = postgres.get(postgres.indexOf(window) + 1);
        assertThat(next.to()).isEqualTo("promoted");
        assertThat(Duration.between(window.at(), next.at())).isEqualTo(Duration.ofMinutes(5));

        Run interrupted = run(healthy, ReleaseEngine.Options.DEFAULT, window.sequence() + 1, Duration.ofMinutes(2));

        List<Transition> resumed = interrupted.journal().stream().filter(t -> t.service().equals("postgres")).toList();
        Transition same = resumed.stream().filter(t -> t.sequence() == window.sequence()).findFirst().orElseThrow();
        Transition after = resumed.get(resumed.indexOf(same) + 1);
        assertThat(after.to()).isEqualTo("promoted");
        assertThat(after.at()).as("the window keeps its due time across the interruption").isEqualTo(next.at());
    }

    @Test
    void aCanaryStepInterruptedHalfWayEndsWhenItWasDueNotAStepIntervalAfterTheResume() {
        Consumer<FakeCluster> healthy = c -> { };
        Run reference = run(healthy, ReleaseEngine.Options.DEFAULT, 0);
        List<Transition> catalog = reference.journal().stream().filter(t -> t.service().equals("catalog")).toList();
        Transition step = catalog.stream().filter(t -> t.to().startsWith("analysing")).findFirst().orElseThrow();
        Transition next = catalog.get(catalog.indexOf(step) + 1);
        Duration interval = Duration.between(step.at(), next.at());
        assertThat(interval).isPositive();

        Run interrupted = run(healthy, ReleaseEngine.Options.DEFAULT, step.sequence() + 1, interval.dividedBy(2));

        List<Transition> resumed = interrupted.journal().stream().filter(t -> t.service().equals("catalog")).toList();
        Transition sameStep = resumed.stream().filter(t -> t.sequence() == step.sequence()).findFirst().orElseThrow();
        Transition after = resumed.get(resumed.indexOf(sameStep) + 1);
        assertThat(after.to()).isEqualTo(next.to());
        assertThat(after.at()).as("the step keeps its due time across the interruption").isEqualTo(next.at());
    }

    private static void assertConsistent(Run run, Run reference, String label) {
        FakeCluster cluster = run.harness().cluster;
        ReleaseResult result = run.engine().result().orElseThrow(() -> new AssertionError(label + ": not finished"));
        assertThat(result.outcome()).as(label).isEqualTo(reference.engine().result().orElseThrow().outcome());

        for (String name : RUNNING.keySet()) {
            assertThat(cluster.split(name)).as("%s: %s has split traffic", label, name).isFalse();
            assertThat(cluster.tracks(name)).as("%s: %s has one track left", label, name).hasSize(1);
            assertThat(cluster.serving(name)).as("%s: %s runs what it ran uninterrupted", label, name)
                    .isEqualTo(reference.harness().cluster.serving(name));
            String version = cluster.serving(name).orElseThrow();
            SystemSpec spec = version.equals(NEXT.get(name)) ? NEW_SPEC : RUNNING_SPEC;
            Harness.specRanges(spec.service(name).orElseThrow()).forEach((dependency, range) -> {
                String running = cluster.serving(dependency).orElseThrow();
                assertThat(range.isSatisfiedBy(running))
                        .as("%s: %s %s needs %s %s, runs with %s", label, name, version, dependency, range, running)
                        .isTrue();
            });
        }

        List<Transition> journal = run.journal();
        Map<String, String> last = new LinkedHashMap<>();
        for (int i = 0; i < journal.size(); i++) {
            Transition t = journal.get(i);
            assertThat(t.sequence()).as(label).isEqualTo(i);
            if (i > 0) {
                assertThat(t.at()).as(label).isAfterOrEqualTo(journal.get(i - 1).at());
            }
            String previous = last.getOrDefault(t.service(), t.ofRelease() ? "new" : "pending");
            assertThat(t.from()).as("%s: transition %d of %s", label, i, t.service()).isEqualTo(previous);
            last.put(t.service(), t.to());
        }
        assertThat(last.get(Transition.RELEASE)).as(label).isEqualTo(result.outcome().keyword());
        for (String name : NEXT.keySet()) {
            assertThat(last.getOrDefault(name, "pending")).as("%s: %s ends", label, name)
                    .isIn("promoted", "rolled-back", "failed", "cancelled");
        }

        Set<String> allowed = new LinkedHashSet<>(reference.harness().cluster.calls());
        assertThat(cluster.calls()).as("%s: calls the uninterrupted run never made", label)
                .allMatch(allowed::contains);
    }

    private static SystemSpec load(String yaml) {
        dev.slipway.model.LoadResult result = dev.slipway.model.load.SpecLoader.load(yaml, "slipway.yaml");
        if (!result.ok()) {
            throw new AssertionError("spec does not load: " + result.errors());
        }
        return result.orThrow();
    }

}
