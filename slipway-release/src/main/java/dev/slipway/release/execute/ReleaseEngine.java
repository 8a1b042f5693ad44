package dev.slipway.release.execute;

import dev.slipway.model.CanaryAnalysis;
import dev.slipway.model.OnFailure;
import dev.slipway.release.Deployed;
import dev.slipway.release.Inventory;
import dev.slipway.release.Track;
import dev.slipway.release.cluster.Cluster;
import dev.slipway.release.analysis.Judge;
import dev.slipway.release.analysis.Judges;
import dev.slipway.release.cluster.Metrics;
import dev.slipway.release.cluster.RolloutStatus;
import dev.slipway.release.cluster.TrackStatus;
import dev.slipway.release.execute.Action.StartTimer;
import dev.slipway.release.execute.ReleasePhase.Ended;
import dev.slipway.release.execute.ReleasePhase.Paused;
import dev.slipway.release.execute.ReleasePhase.Running;
import dev.slipway.release.execute.ReleaseResult.Outcome;
import dev.slipway.release.execute.RolloutEvent.TimerFired;
import dev.slipway.release.execute.RolloutMachine.Decision;
import dev.slipway.release.execute.RolloutState.Analysing;
import dev.slipway.release.plan.Plan;
import dev.slipway.release.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Runs a planned release, event-driven on one clock: a service starts the moment every service it waits for is
 * promoted (with a cap, the one with the longest remaining path first); its rollout's state machine moves on
 * cluster observations, timers, verdicts and a person's commands; a failure is rolled back with its dependents per
 * {@link OnFailure}. Nothing polls.
 * <p>
 * Every transition is appended to the {@link Journal} before its actions are performed, and a state's actions
 * depend on the state alone, so {@link #resume(Journal, String, Plan, Cluster, Metrics, Clock, Options,
 * ProgressListener)} rebuilds the engine from the journal, re-issues each rollout's last actions (idempotent) and
 * carries on. Single-threaded: every method and callback runs on the clock's thread.
 * <p>
 * The engine is the event loop and the journal's writer; the rest is in its parts: {@link RolloutMachine} (what an
 * event does to one rollout), {@link Looks} (a canary's looks at its evidence), {@link Coordinator} (scheduling,
 * cascade, coordinated rollback over the dependency graph) and {@link Replay} (the journal read back on resume).
 * It tells its listeners each rollout's progress and the release's {@link ReleasePhase}.
 */
public final class ReleaseEngine {

    /**
     * @param maxParallel how many services may be rolling out at once; 0 for no cap
     * @param manualGates canary services that wait at a manual gate before promotion
     * @param judges      the judge of a canary with the given analysis settings
     * @param approval    nothing starts until {@link #approve} (the environment needs approval)
     */
    public record Options(int maxParallel, OnFailure onFailure, Set<String> manualGates,
                          Function<CanaryAnalysis, Judge> judges, boolean approval) {
        public static final Options DEFAULT = new Options(0, OnFailure.ROLLBACK_DEPENDENTS, Set.of(),
                Judges::forSettings, false);

        public Options {
            if (maxParallel < 0) {
                throw new IllegalArgumentException("maxParallel must be 0 (no cap) or positive, got " + maxParallel);
            }
            manualGates = Set.copyOf(manualGates);
        }

        public Options withMaxParallel(int cap) {
            return new Options(cap, onFailure, manualGates, judges, approval);
        }

        public Options withOnFailure(OnFailure policy) {
            return new Options(maxParallel, policy, manualGates, judges, approval);
        }

        public Options withManualGates(Set<String> services) {
            return new Options(maxParallel, onFailure, services, judges, approval);
        }

        public Options withJudges(Function<CanaryAnalysis, Judge> factory) {
            return new Options(maxParallel, onFailure, manualGates, factory, approval);
        }

        public Options withApproval(boolean required) {
            return new Options(maxParallel, onFailure, manualGates, judges, required);
        }
    }


    private record Queued(Run run, RolloutEvent event) {
    }

    private final String releaseId;
    private final Plan plan;
    private final Cluster cluster;
    private final Metrics metrics;
    private final Journal journal;
    private final Clock clock;
    private final Options options;
    private final ProgressListener listener;
    private final String environment;
    private final Runs runs;
    private final Map<String, TrackStatus> observed = new HashMap<>();
    private final Looks looks;
    private final Coordinator coordinator;
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private long sequence;
    private Instant releaseStart;
    /** The release's own state, as the journal records it (records of {@link Transition#RELEASE}). */
    private ReleasePhase phase = new Running();
    /** What the listener was last told: the phase, or a pause at gates while nothing else can move. */
    private ReleasePhase told = phase;
    private boolean draining;
    private boolean dead;
    private ReleaseResult result;

    private ReleaseEngine(String releaseId, Plan plan, Cluster cluster, Metrics metrics, Journal journal, Clock clock,
                          Options options, ProgressListener listener) {
        this.releaseId = releaseId;
        this.plan = plan;
        this.cluster = cluster;
        this.metrics = metrics;
        this.journal = journal;
        this.clock = clock;
        this.options = options;
        this.listener = listener;
        this.environment = plan.environment();
        this.runs = new Runs(plan);
        this.looks = new Looks(releaseId, environment, clock, metrics, options.judges(), listener, observed);
        this.coordinator = new Coordinator(runs, options.maxParallel(), options.onFailure(),
                new Coordinator.Release() {
                    @Override
                    public ReleasePhase phase() {
                        return phase;
                    }

                    @Override
                    public void enter(ReleasePhase next, String reason) {
                        recordRelease(next, reason);
                    }

                    @Override
                    public void queue(Run run, RolloutEvent event) {
                        queue.add(new Queued(run, event));
                    }
                });
    }

    /** Starts a new release; its id must not be in the journal yet. */
    public static ReleaseEngine start(String releaseId, Plan plan, Cluster cluster, Metrics metrics,
                                      Journal journal, Clock clock, Options options, ProgressListener listener) {
        if (!journal.read(releaseId).isEmpty()) {
            throw new IllegalStateException("release " + releaseId + " is already in the journal: resume it");
        }
        ReleaseEngine engine = new ReleaseEngine(releaseId, plan, cluster, metrics, journal, clock, options, listener);
        Inventory inventory = cluster.inventory(plan.environment());
        for (Run run : engine.runs.all()) {
            run.rollout = engine.rollout(run, inventory.deployed(run.name()), Optional.empty());
        }
        engine.releaseStart = clock.now();
        engine.guard(() -> {
            engine.recordRelease(new Running(), "release of " + plan.services().size() + " services to "
                    + plan.environment());
            if (options.approval()) {
                engine.recordRelease(new Paused(ReleasePhase.PauseReason.AWAITING_APPROVAL, List.of(),
                        "waiting for approval to release to " + plan.environment()), "approval required");
            }
            cluster.watch(engine.environment, engine::observe);
        });
        return engine;
    }

    /**
     * Rebuilds a release's engine from the journal after it stopped (the plan is the one it started with, whatever
     * the spec says now), re-issues each rollout's last actions and carries on.
     */
    public static ReleaseEngine resume(Journal journal, String releaseId, Plan plan, Cluster cluster,
                                       Metrics metrics, Clock clock, Options options, ProgressListener listener) {
        List<Transition> transitions = journal.read(releaseId);
        ReleaseEngine engine = new ReleaseEngine(releaseId, plan, cluster, metrics, journal, clock, options, listener);
        Replay replay = Replay.of(releaseId, transitions, engine.runs);
        engine.releaseStart = replay.releaseStart;
        engine.sequence = replay.nextSequence;
        engine.phase = replay.phase;
        engine.told = replay.phase;
        Inventory inventory = cluster.inventory(plan.environment());
        for (Run run : engine.runs.all()) {
            run.rollout = engine.rollout(run, inventory.deployed(run.name()), replay.tracks(run.name()));
        }
        engine.guard(() -> {
            if (engine.phase instanceof Ended ended) {
                engine.result = engine.runs.result(engine.releaseId, engine.releaseStart, ended.outcome());
                return;
            }
            for (Run run : engine.runs.all()) {
                engine.perform(run, sinceEntered(RolloutMachine.actions(run.rollout, run.state()),
                        replay.inState(run.name(), clock.now())));
            }
            // a failure's cascade may have been cut short by the interruption: decide it again (idempotent)
            for (Transition failure : replay.failures) {
                engine.coordinator.cascade(engine.runs.get(failure.service()), failure.reason(),
                        failure.sequence() > replay.lastReleaseRecord);
            }
            if (engine.phase instanceof ReleasePhase.RollingBack) {
                engine.coordinator.rollbackEverything("the release is rolling back");
            }
            cluster.watch(engine.environment, engine::observe);
        });
        return engine;
    }

    /**
     * The state's actions as they stand {@code elapsed} after it was entered: a timer started then keeps its due
     * time (a step interrupted half-way lasts its interval, not one and a half), and fires at once if overdue.
     */
    static List<Action> sinceEntered(List<Action> actions, Duration elapsed) {
        return actions.stream().map(action -> action instanceof StartTimer timer && elapsed.isPositive()
                ? (Action) new StartTimer(timer.purpose(), timer.step(), max(Duration.ZERO, timer.delay().minus(elapsed)))
                : action).toList();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private Rollout rollout(Run run, Optional<Deployed> running, Optional<Track[]> tracks) {
        return Rollout.of(environment, run.planned, running, tracks, options.manualGates().contains(run.name()));
    }

    public String releaseId() {
        return releaseId;
    }

    /** Present once every rollout has ended. */
    public Optional<ReleaseResult> result() {
        return Optional.ofNullable(result);
    }

    /** The state of one service's rollout. */
    public RolloutState state(String service) {
        return runs.get(service).state();
    }

    /** True once an action failed (its journal refused a step): the engine does nothing more. */
    public boolean stopped() {
        return dead;
    }

    /** The release's own state: running, paused by its failure policy, rolling back, or ended. */
    public ReleasePhase phase() {
        return phase;
    }

    /**
     * A person resumes the release: opens manual gates and lets paused canaries and pending services go on. It does
     * not stand in for an approval: a release awaiting approval goes on waiting for {@link #approve}.
     */
    public void resume(String release) {
        checkId(release);
        guard(() -> {
            if (awaitingApproval()) {
                return;
            }
            if (phase instanceof Paused) {
                recordRelease(new Running(), "resumed");
            }
            for (Run run : runs.all()) {
                if (run.state() instanceof RolloutState.Paused) {
                    queue.add(new Queued(run, new RolloutEvent.Resume()));
                }
            }
        });
    }

    /** The approvers have approved: a release awaiting approval starts its rollouts; otherwise nothing happens. */
    public void approve(String release, String reason) {
        checkId(release);
        guard(() -> {
            if (awaitingApproval()) {
                recordRelease(new Running(), reason);
            }
        });
    }

    /** True while the release waits for its approvers. */
    public boolean awaitingApproval() {
        return phase instanceof Paused p && p.reason() == ReleasePhase.PauseReason.AWAITING_APPROVAL;
    }

    /** A person rolls the whole release back: every changed service in reverse dependency order. */
    public void rollback(String release, String reason) {
        checkId(release);
        guard(() -> coordinator.rollbackEverything(reason));
    }

    private void checkId(String release) {
        if (!release.equals(releaseId)) {
            throw new IllegalArgumentException("this engine runs release " + releaseId + ", not " + release);
        }
    }

    // ---- the event loop -------------------------------------------------------------------------------------

    /** Runs {@code work}, then every event it caused; an exception (the journal failing) stops the engine for good. */
    private void guard(Runnable work) {
        if (dead) {
            return;
        }
        boolean outer = !draining;
        draining = true;
        try {
            work.run();
            if (outer) {
                drain();
                tellWaiting();
            }
        } catch (RuntimeException e) {
            dead = true;
            throw e;
        } finally {
            if (outer) {
                draining = false;
            }
        }
    }

    private void submit(Run run, RolloutEvent event) {
        guard(() -> queue.add(new Queued(run, event)));
    }

    private void drain() {
        do {
            while (!queue.isEmpty()) {
                Queued next = queue.poll();
                handle(next.run(), next.event());
            }
            coordinator.settle();
            if (queue.isEmpty() && result == null && runs.allEnded()) {
                finish();
            }
        } while (!queue.isEmpty());
    }

    private void observe(TrackStatus status) {
        if (dead || result != null || !status.environment().equals(environment)) {
            return;
        }
        observed.put(Looks.key(status.service(), status.track()), status);
        listener.observed(status);
        Run run = runs.get(status.service());
        if (run != null) {
            submit(run, new RolloutEvent.TrackObserved(status));
        }
    }

    private void handle(Run run, RolloutEvent event) {
        if (result != null) {
            return;
        }
        if (event instanceof TimerFired t && t.purpose() == TimerPurpose.STEP) {
            if (!(run.state() instanceof Analysing a) || a.step() != t.step()) {
                return;
            }
            event = phase instanceof Paused ? new RolloutEvent.Hold("the release is paused") : looks.atStepEnd(run, a);
        }
        if (event instanceof TimerFired t && t.purpose() == TimerPurpose.CHECK) {
            if (!(run.state() instanceof Analysing a) || a.step() != t.step()) {
                return;
            }
            switch (looks.during(run, a, phase instanceof Running)) {
                case Looks.During.Decided decided -> event = decided.event();
                case Looks.During.LookAgain again -> {
                    perform(run, List.of(again.timer()));
                    return;
                }
            }
        }
        Optional<Decision> decision = RolloutMachine.next(run.rollout, run.state(), event);
        if (decision.isEmpty()) {
            return;
        }
        Decision d = decision.get();
        record(run, d);
        perform(run, d.actions());
        if (d.failure()) {
            coordinator.cascade(run, d.reason(), true);
        }
    }

    /** Appends the transition, then moves the rollout: the journal always knows at least what was done. */
    private void record(Run run, Decision d) {
        Instant now = clock.now();
        Rollout r = run.rollout;
        journal.append(new Transition(releaseId, sequence, now, run.name(), run.state().keyword(),
                d.next().keyword(), d.next().step(), d.next().weight(), r.track().keyword(), r.baseline().keyword(),
                d.reason(), d.failure()));
        sequence++;
        runs.enter(run, d.next());
        run.entered(now);
        if (run.state().terminal()) {
            run.timers.values().forEach(Clock.Timer::cancel);
            run.timers.clear();
        }
        listener.progressed(progress(run));
    }

    private Progress progress(Run run) {
        RolloutState s = run.state();
        int step = s instanceof Analysing a ? a.step() + 1 : s instanceof RolloutState.Paused p ? Math.min(p.step() + 1,
                run.rollout.steps().size()) : 0;
        Duration elapsed = run.startedAt == null ? Duration.ZERO
                : Duration.between(run.startedAt, run.finishedAt != null ? run.finishedAt : clock.now());
        return new Progress(releaseId, run.name(), s.phase(), step, run.rollout.steps().size(), s.weight(), elapsed);
    }

    private void recordRelease(ReleasePhase next, String reason) {
        journal.append(ReleaseJournal.transition(releaseId, sequence, clock.now(), sequence == 0 ? null : phase, next,
                reason));
        sequence++;
        phase = next;
        tell(next);
    }

    private void tell(ReleasePhase reported) {
        if (!reported.equals(told)) {
            told = reported;
            listener.phase(releaseId, reported);
        }
    }

    /**
     * Once the events have settled: when nothing can move without a person (every rollout still, one held), the
     * listeners hear that the release waits and why; they never have to guess it from quiet.
     */
    private void tellWaiting() {
        if (dead || result != null) {
            return;
        }
        List<String> held = runs.all().stream().filter(r -> r.state() instanceof RolloutState.Paused)
                .map(Run::name).toList();
        boolean still = runs.all().stream().allMatch(r -> r.state().phase().still());
        if (phase instanceof Paused paused) {
            tell(new Paused(paused.reason(), held, paused.detail()));
        } else if (phase instanceof Running && still && !held.isEmpty()) {
            Run first = runs.get(held.getFirst());
            boolean atGate = first.state().step() >= first.rollout.steps().size();
            tell(new Paused(atGate ? ReleasePhase.PauseReason.MANUAL_GATE
                    : ReleasePhase.PauseReason.INCONCLUSIVE_ANALYSIS, held, atGate
                    ? "waiting at the manual gate: every canary step passed" : "the canary's evidence is inconclusive"));
        } else {
            tell(phase);
        }
    }

    private void perform(Run run, List<Action> actions) {
        String service = run.name();
        for (Action action : actions) {
            switch (action) {
                case Action.Apply apply -> {
                    cluster.apply(apply.spec());
                    // an apply that changes nothing brings no new status: what was seen already is the answer
                    // (not for a track scaled to its traffic share: applied with all its replicas, it changes)
                    TrackStatus seen = observed.get(Looks.key(service, apply.spec().track()));
                    if (seen != null && seen.version().equals(apply.spec().version()) && seen.scaledTo().isEmpty()
                            && RolloutStatus.of(seen, apply.spec().replicas()) == RolloutStatus.COMPLETE) {
                        queue.add(new Queued(run, new RolloutEvent.TrackObserved(seen)));
                    }
                }
                case Action.Route route -> cluster.route(environment, service, route.weights());
                case Action.Remove remove -> {
                    cluster.remove(environment, service, remove.track());
                    observed.remove(Looks.key(service, remove.track()));
                }
                case Action.Probe probe -> cluster.probe(environment, service, probe.track(), probe.path(),
                        healthy -> callback(run, new RolloutEvent.SmokeResult(healthy)));
                case Action.StartTimer timer -> {
                    Clock.Timer previous = run.timers.remove(timer.purpose());
                    if (previous != null) {
                        previous.cancel();
                    }
                    run.timers.put(timer.purpose(), clock.after(timer.delay(),
                            () -> callback(run, new TimerFired(timer.purpose(), timer.step()))));
                }
            }
        }
    }

    private void callback(Run run, RolloutEvent event) {
        if (!dead) {
            submit(run, event);
        }
    }

    // ---- the end ---------------------------------------------------------------------------------------------

    private void finish() {
        Outcome outcome = runs.outcome();
        recordRelease(new Ended(outcome), "every rollout has ended");
        runs.all().forEach(r -> r.timers.values().forEach(Clock.Timer::cancel));
        result = runs.result(releaseId, releaseStart, outcome);
        listener.finished(result);
    }
}
