package dev.slipway.release.execute;

import dev.slipway.model.DependencyGraph;
import dev.slipway.release.execute.RolloutState.Pending;
import dev.slipway.release.execute.RolloutState.RollbackQueued;
import dev.slipway.release.plan.Plan;
import dev.slipway.release.plan.PlannedService;
import dev.slipway.release.execute.ReleaseResult.Outcome;
import dev.slipway.release.execute.ReleaseResult.ServiceResult;
import dev.slipway.release.plan.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The services of a release wired into their dependency graph, with what the scheduler asks after every event
 * kept up to date by {@link #enter} on each state change: which pending services may start, which queued rollbacks
 * exist, how many rollouts are in flight and how many have ended. Settling after an event then costs what changed,
 * not a pass over every service (a 10,000-service release settles tens of thousands of times).
 */
final class Runs {

    private final Map<String, Run> byName = new LinkedHashMap<>();
    /** The release's services and what each waits for: the one graph every walk over them uses. */
    private final DependencyGraph graph;
    /** Pending services whose dependencies are all promoted, in start order: longest remaining path first. */
    private final TreeSet<Run> ready = new TreeSet<>(
            Comparator.comparing((Run r) -> r.remaining).reversed().thenComparingInt(r -> r.order));
    /** Services queued for rollback, in plan order. */
    private final TreeSet<Run> rollbackQueued = new TreeSet<>(Comparator.comparingInt(r -> r.order));
    /** Services changed and not promoted: the ones that count against the cap. */
    private int inFlight;
    private int terminal;

    Runs(Plan plan) {
        int order = 0;
        for (PlannedService service : plan.services()) {
            byName.put(service.name(), new Run(service, order++));
        }
        Map<String, List<String>> after = new LinkedHashMap<>();
        plan.services().forEach(s -> after.put(s.name(), s.after()));
        graph = DependencyGraph.of(after);
        for (Run run : byName.values()) {
            run.remaining = Objects.requireNonNullElse(plan.schedule().remaining(run.name()), Duration.ZERO);
            for (String dependency : run.planned.after()) {
                Run other = byName.get(dependency);
                run.waitsFor.add(other);
                other.waiters.add(run);
            }
            run.unpromoted = run.waitsFor.size();
            if (run.unpromoted == 0) {
                ready.add(run);
            }
        }
    }

    Run get(String service) {
        return byName.get(service);
    }

    Collection<Run> all() {
        return byName.values();
    }

    /** Pending services free to start, longest remaining path first. */
    NavigableSet<Run> ready() {
        return ready;
    }

    NavigableSet<Run> rollbackQueued() {
        return rollbackQueued;
    }

    int inFlight() {
        return inFlight;
    }

    boolean allEnded() {
        return terminal == byName.size();
    }

    /** Moves {@code run} to {@code next}, keeping the ready set and the counters in step. */
    void enter(Run run, RolloutState next) {
        RolloutState previous = run.state();
        run.moveTo(next); // first: an illegal move changes nothing
        if (previous.promoted() != next.promoted()) {
            int delta = next.promoted() ? -1 : 1;
            for (Run waiter : run.waiters) {
                waiter.unpromoted += delta;
                placeInReady(waiter);
            }
        }
        inFlight += counts(next) - counts(previous);
        terminal += (next.terminal() ? 1 : 0) - (previous.terminal() ? 1 : 0);
        placeInReady(run);
        if (next instanceof RollbackQueued) {
            rollbackQueued.add(run);
        } else {
            rollbackQueued.remove(run);
        }
    }

    /** Everything that waits for {@code run}, directly or through others, nearest first. */
    List<Run> dependents(Run run) {
        return graph.transitiveDependents(run.name()).stream().map(byName::get).toList();
    }

    /** The release's outcome once every rollout has ended: a failure wins, then all promoted, else rolled back. */
    Outcome outcome() {
        boolean anyFailed = byName.values().stream().anyMatch(r -> r.state() instanceof RolloutState.Failed);
        boolean allPromoted = byName.values().stream().allMatch(r -> r.state().promoted());
        return anyFailed ? Outcome.FAILED : allPromoted ? Outcome.SUCCEEDED : Outcome.ROLLED_BACK;
    }

    /** What became of each service, with times relative to the release's start, and the release's makespan. */
    ReleaseResult result(String releaseId, Instant releaseStart, Outcome outcome) {
        List<ServiceResult> services = new ArrayList<>();
        Map<String, Duration> durations = new LinkedHashMap<>();
        Map<String, List<String>> after = new LinkedHashMap<>();
        Duration makespan = Duration.ZERO;
        for (Run run : byName.values()) {
            Optional<Duration> started = Optional.ofNullable(run.startedAt).map(t -> Duration.between(releaseStart, t));
            Optional<Duration> finished = Optional.ofNullable(run.finishedAt)
                    .map(t -> Duration.between(releaseStart, t));
            services.add(new ServiceResult(run.name(), run.planned.from(), run.planned.to(),
                    run.state().promoted() ? RolloutPhase.PROMOTED : run.state().phase(), started, finished));
            durations.put(run.name(), started.isPresent() && finished.isPresent()
                    ? finished.get().minus(started.get()) : Duration.ZERO);
            after.put(run.name(), run.planned.after());
            if (finished.isPresent() && finished.get().compareTo(makespan) > 0) {
                makespan = finished.get();
            }
        }
        Duration criticalPath = Schedule.of(durations, after, 0).criticalPathLength();
        return new ReleaseResult(releaseId, outcome, services, makespan, criticalPath);
    }

    private static int counts(RolloutState state) {
        return state.changed() && !state.promoted() ? 1 : 0;
    }

    private void placeInReady(Run run) {
        if (run.state() instanceof Pending && run.unpromoted == 0) {
            ready.add(run);
        } else {
            ready.remove(run);
        }
    }
}
