package dev.slipway.release.execute;

import dev.slipway.model.CanaryAnalysis;
import dev.slipway.model.OnFailure;
import dev.slipway.release.Deployed;
import dev.slipway.release.Inventory;
import dev.slipway.release.Track;
import dev.slipway.release.cluster.Cluster;
import dev.slipway.release.analysis.Analysis;
import dev.slipway.release.analysis.Judge;
import dev.slipway.release.analysis.Judgement;
import dev.slipway.release.analysis.Judges;
import dev.slipway.release.analysis.Verdict;
import dev.slipway.release.cluster.Metrics;
import dev.slipway.release.cluster.MetricsUnavailableException;
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
import dev.slipway.release.execute.RolloutState.Pending;
import dev.slipway.release.execute.RolloutState.RollbackQueued;
import dev.slipway.release.execute.RolloutState.RollingBack;
import dev.slipway.release.plan.Plan;
import dev.slipway.release.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
 */
public final class ReleaseEngine {

    /**
     * @param maxParallel how many services may be rolling out at once; 0 for no cap
     * @param manualGates canary services that wait at a manual gate before promotion
     * @param judges      the judge of a canary with the given analysis settings
     */
    public record Options(int maxParallel, OnFailure onFailure, Set<String> manualGates,
                          Function<CanaryAnalysis, Judge> judges) {
        public static final Options DEFAULT = new Options(0, OnFailure.ROLLBACK_DEPENDENTS, Set.of(),
                Judges::forSettings);

        public Options {
            if (maxParallel < 0) {
                throw new IllegalArgumentException("maxParallel must be 0 (no cap) or positive, got " + maxParallel);
            }
            manualGates = Set.copyOf(manualGates);
        }

        public Options withMaxParallel(int cap) {
            return new Options(cap, onFailure, manualGates, judges);
        }

        public Options withOnFailure(OnFailure policy) {
            return new Options(maxParallel, policy, manualGates, judges);
        }

        public Options withManualGates(Set<String> services) {
            return new Options(maxParallel, onFailure, services, judges);
        }

        public Options withJudges(Function<CanaryAnalysis, Judge> factory) {
            return new Options(maxParallel, onFailure, manualGates, factory);
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
        if (transitions.isEmpty()) {
            throw new IllegalArgumentException("release " + releaseId + " is not in the journal");
        }
        ReleaseEngine engine = new ReleaseEngine(releaseId, plan, cluster, metrics, journal, clock, options, listener);
        engine.releaseStart = transitions.getFirst().at();
        engine.sequence = transitions.getLast().sequence() + 1;
        Map<String, Track[]> tracks = new HashMap<>();
        Map<String, Instant> enteredAt = new HashMap<>();
        List<Transition> failures = new ArrayList<>();
        long lastReleaseRecord = -1;
        for (Transition t : transitions) {
            if (t.ofRelease()) {
                engine.phase = ReleaseJournal.phase(t);
                engine.told = engine.phase;
                lastReleaseRecord = t.sequence();
                continue;
            }
            Run run = engine.runs.get(t.service());
            if (run == null) {
                throw new IllegalArgumentException("the journal of " + releaseId + " names " + t.service()
                        + ", which is not in the plan");
            }
            tracks.putIfAbsent(t.service(), new Track[] {track(t.track()), track(t.baseline())});
            engine.runs.enter(run, RolloutState.parse(t.to(), t.step(), t.weight(), run.state));
            engine.times(run, t.at());
            enteredAt.put(t.service(), t.at());
            if (t.failure()) {
                failures.add(t);
            }
        }
        Inventory inventory = cluster.inventory(plan.environment());
        for (Run run : engine.runs.all()) {
            run.rollout = engine.rollout(run, inventory.deployed(run.name()),
                    Optional.ofNullable(tracks.get(run.name())));
        }
        long handled = lastReleaseRecord;
        engine.guard(() -> {
            if (engine.phase instanceof Ended ended) {
                engine.result = engine.runs.result(engine.releaseId, engine.releaseStart, ended.outcome());
                return;
            }
            for (Run run : engine.runs.all()) {
                Duration elapsed = Optional.ofNullable(enteredAt.get(run.name()))
                        .map(at -> Duration.between(at, clock.now())).orElse(Duration.ZERO);
                engine.perform(run, sinceEntered(RolloutMachine.actions(run.rollout, run.state), elapsed));
            }
            // a failure's cascade may have been cut short by the interruption: decide it again (idempotent)
            for (Transition failure : failures) {
                engine.cascade(engine.runs.get(failure.service()), failure.reason(), failure.sequence() > handled);
            }
            if (engine.phase instanceof ReleasePhase.RollingBack) {
                engine.rollbackEverything("the release is rolling back");
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

    private static Track track(String keyword) {
        return Track.valueOf(keyword.toUpperCase(java.util.Locale.ROOT));
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
        return runs.get(service).state;
    }

    /** True once an action failed (its journal refused a step): the engine does nothing more. */
    public boolean stopped() {
        return dead;
    }

    /** The release's own state: running, paused by its failure policy, rolling back, or ended. */
    public ReleasePhase phase() {
        return phase;
    }

    /** A person resumes the release: opens manual gates and lets paused canaries and pending services go on. */
    public void resume(String release) {
        checkId(release);
        guard(() -> {
            if (phase instanceof Paused) {
                recordRelease(new Running(), "resumed");
            }
            for (Run run : runs.all()) {
                if (run.state instanceof RolloutState.Paused) {
                    queue.add(new Queued(run, new RolloutEvent.Resume()));
                }
            }
        });
    }

    /** A person rolls the whole release back: every changed service in reverse dependency order. */
    public void rollback(String release, String reason) {
        checkId(release);
        guard(() -> rollbackEverything(reason));
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
            settle();
        } while (!queue.isEmpty());
    }

    private void observe(TrackStatus status) {
        if (dead || result != null || !status.environment().equals(environment)) {
            return;
        }
        observed.put(key(status.service(), status.track()), status);
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
        if (event instanceof TimerFired t && t.purpose().equals(StartTimer.STEP)) {
            if (!(run.state instanceof Analysing a) || a.step() != t.step()) {
                return;
            }
            event = phase instanceof Paused ? new RolloutEvent.Hold("the release is paused")
                    : new RolloutEvent.Judged(a.step(), judge(run, a, true));
        }
        if (event instanceof TimerFired t && t.purpose().equals(StartTimer.CHECK)) {
            if (!(run.state instanceof Analysing a) || a.step() != t.step()) {
                return;
            }
            Optional<RolloutEvent> decided = look(run, a);
            if (decided.isEmpty()) {
                return;
            }
            event = decided.get();
        }
        Optional<Decision> decision = RolloutMachine.next(run.rollout, run.state, event);
        if (decision.isEmpty()) {
            return;
        }
        Decision d = decision.get();
        record(run, d);
        perform(run, d.actions());
        if (d.failure()) {
            cascade(run, d.reason(), true);
        }
    }

    /**
     * A look between a step's start and end: a failure decides at once; so does a pass once the step's time is
     * over and it was only waiting for evidence. Otherwise the next look is armed. A paused release only fails.
     */
    private Optional<RolloutEvent> look(Run run, Analysing step) {
        Verdict verdict = judge(run, step, false);
        boolean decides = verdict.failed() || verdict.passed() && step.holds() > 0 && phase instanceof Running;
        if (decides) {
            return Optional.of(new RolloutEvent.Judged(step.step(), verdict));
        }
        perform(run, List.of(new StartTimer(StartTimer.CHECK, step.step(), run.rollout.analysis().interval())));
        return Optional.empty();
    }

    /** Asks the service's judges about its canary; every answer is recorded. A metrics outage is no evidence. */
    private Verdict judge(Run run, Analysing step, boolean stepEnd) {
        Rollout r = run.rollout;
        Instant now = clock.now();
        if (run.judge == null) {
            run.judge = options.judges().apply(r.analysis());
        }
        Instant canaryStart = run.canaryStart == null ? run.since : run.canaryStart;
        Optional<TrackStatus> canary = Optional.ofNullable(observed.get(key(run.name(), r.track())));
        // a canary scaled to its traffic share (replica-ratio routing) should have that many pods ready
        int desired = canary.map(status -> RolloutStatus.desired(status, r.replicas())).orElse(r.replicas());
        Analysis analysis = new Analysis(environment, run.name(), r.to(), step.step(), step.weight(), canaryStart,
                now, r.track(), r.baseline(), canary, desired, run.planned.execution().callers(), r.analysis(), metrics);
        Verdict verdict;
        try {
            verdict = run.judge.judge(analysis);
        } catch (MetricsUnavailableException e) {
            verdict = Verdict.inconclusive("metrics unavailable: " + e.getMessage(), List.of());
        }
        boolean decisive = stepEnd || verdict.failed() || verdict.passed() && step.holds() > 0;
        listener.judged(new Judgement(releaseId, run.name(), r.to(), canaryStart, now, step.step(), step.weight(),
                decisive, verdict));
        return verdict;
    }

    /** Appends the transition, then moves the rollout: the journal always knows at least what was done. */
    private void record(Run run, Decision d) {
        Instant now = clock.now();
        Rollout r = run.rollout;
        journal.append(new Transition(releaseId, sequence, now, run.name(), run.state.keyword(),
                d.next().keyword(), d.next().step(), d.next().weight(), r.track().keyword(), r.baseline().keyword(),
                d.reason(), d.failure()));
        sequence++;
        runs.enter(run, d.next());
        times(run, now);
        if (run.state.terminal()) {
            run.timers.values().forEach(Clock.Timer::cancel);
            run.timers.clear();
        }
        listener.progressed(progress(run));
    }

    private void times(Run run, Instant at) {
        run.since = at;
        if (run.state instanceof Analysing && run.canaryStart == null) {
            run.canaryStart = at;
        }
        if (run.state instanceof RolloutState.Deploying && run.startedAt == null) {
            run.startedAt = at;
        }
        if (run.finishedAt == null && (run.state.promoted() || run.state.terminal())) {
            run.finishedAt = at;
        } else if (!run.state.promoted() && !run.state.terminal()) {
            run.finishedAt = null; // a promoted service that is rolled back finishes again later
        }
    }

    private Progress progress(Run run) {
        RolloutState s = run.state;
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
        List<String> held = runs.all().stream().filter(r -> r.state instanceof RolloutState.Paused)
                .map(Run::name).toList();
        boolean still = runs.all().stream().allMatch(r -> r.state.phase().still());
        if (phase instanceof Paused paused) {
            tell(new Paused(paused.reason(), held, paused.detail()));
        } else if (phase instanceof Running && still && !held.isEmpty()) {
            Run first = runs.get(held.getFirst());
            boolean atGate = first.state.step() >= first.rollout.steps().size();
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
                    TrackStatus seen = observed.get(key(service, apply.spec().track()));
                    if (seen != null && seen.version().equals(apply.spec().version()) && seen.scaledTo().isEmpty()
                            && RolloutStatus.of(seen, apply.spec().replicas()) == RolloutStatus.COMPLETE) {
                        queue.add(new Queued(run, new RolloutEvent.TrackObserved(seen)));
                    }
                }
                case Action.Route route -> cluster.route(environment, service, route.weights());
                case Action.Remove remove -> {
                    cluster.remove(environment, service, remove.track());
                    observed.remove(key(service, remove.track()));
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

    // ---- scheduling and coordinated rollback ------------------------------------------------------------------

    /** After every burst of events: start what may start, let queued rollbacks go, and see whether it is over. */
    private void settle() {
        for (Run run : runs.rollbackQueued()) {
            if (run.waiters.stream().noneMatch(w -> w.state.changed())) {
                queue.add(new Queued(run, new RolloutEvent.RollbackTurn()));
            }
        }
        if (phase instanceof Running) {
            startReady();
        }
        if (queue.isEmpty() && result == null && runs.allEnded()) {
            finish();
        }
    }

    /** Queues a start for each ready service, longest remaining path first, while the cap allows. */
    private void startReady() {
        long starting = runs.inFlight();
        for (Run run : runs.ready()) {
            if (options.maxParallel() > 0 && starting >= options.maxParallel()) {
                break;
            }
            queue.add(new Queued(run, new RolloutEvent.Start()));
            starting++;
        }
    }

    /**
     * After {@code failed} failed: its dependents (transitively) that have not started are cancelled, the changed
     * ones queue for rollback (each goes once its own dependents are back); then the policy. Deciding it twice
     * changes nothing, which is what a resumed engine relies on.
     */
    private void cascade(Run failed, String reason, boolean applyPolicy) {
        String why = failed.name() + " failed: " + reason;
        for (Run dependent : runs.dependents(failed)) {
            withdraw(dependent, why);
        }
        if (!applyPolicy) {
            return;
        }
        switch (options.onFailure()) {
            case ROLLBACK_DEPENDENTS -> { }
            case ROLLBACK_ALL -> rollbackEverything(why);
            case PAUSE -> {
                if (phase instanceof Running) {
                    recordRelease(new Paused(ReleasePhase.PauseReason.FAILURE_POLICY, List.of(), why), why);
                }
            }
        }
    }

    private void rollbackEverything(String reason) {
        if (!(phase instanceof ReleasePhase.RollingBack)) {
            recordRelease(new ReleasePhase.RollingBack(reason), reason);
        }
        for (Run run : runs.all()) {
            withdraw(run, reason);
        }
    }

    private void withdraw(Run run, String reason) {
        if (run.state instanceof Pending) {
            queue.add(new Queued(run, new RolloutEvent.Cancel(reason)));
        } else if (run.state.changed() && !(run.state instanceof RollbackQueued) && !(run.state instanceof RollingBack)) {
            queue.add(new Queued(run, new RolloutEvent.RollbackRequested(reason, true)));
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

    private static String key(String service, Track track) {
        return service + "/" + track.keyword();
    }
}
