package dev.slipway.run;

import dev.slipway.model.SystemSpec;
import dev.slipway.model.UserError;
import dev.slipway.release.Inventory;
import dev.slipway.release.execute.ProgressListener;
import dev.slipway.release.execute.ReleaseEngine;
import dev.slipway.release.execute.Transition;
import dev.slipway.release.plan.PlanResult;
import dev.slipway.release.plan.ReleaseRequest;
import dev.slipway.store.Approval;
import dev.slipway.supply.gates.GateResult;
import java.nio.file.Path;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The server's release runner. While this replica leads, it runs every release on its own thread until the release
 * ends (a paused one waits for a person's call), resuming on {@link #lead} the releases a previous leader, or a
 * killed process, left unfinished. When it stops leading, its journal writes are fenced off and its clocks stopped:
 * the new leader resumes the releases from the journal.
 * <p>
 * Environments on the sandbox share one sandbox (one clock, saved with every journal write); an environment on a
 * kube context has a cluster of its own.
 */
public final class ReleaseService implements AutoCloseable {

    /** The key of the sandbox's world among the environments' worlds. */
    private static final String SANDBOX = "";

    private final ReleaseRecords records;
    private final Releaser releaser;
    private final ClusterAccess access;
    private final Optional<String> prometheusUrl;
    private final double speed;
    private final Consumer<String> log;
    private final ReleaseEvents events = new ReleaseEvents();
    private final Map<String, World> worlds = new HashMap<>();
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private volatile boolean leading;
    private volatile ProgressListener observer = ProgressListener.NONE;

    /** A release this replica runs, on {@code thread}. */
    private record Running(Releaser.Prepared prepared, World world, Thread thread) {
    }

    /**
     * @param speed how many times faster than real time the sandbox runs (1: real time)
     * @param log   takes the service's structured log lines, one JSON object each
     */
    public ReleaseService(ReleaseRecords records, SystemSpec spec, Path specFile, ClusterAccess access,
                          Optional<String> prometheusUrl, double speed, Consumer<String> log) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("the server's sandbox runs in real time, sped up: speed > 0, got "
                    + speed);
        }
        this.records = records;
        this.access = access;
        this.prometheusUrl = prometheusUrl;
        this.speed = speed;
        this.log = log;
        this.releaser = new Releaser(records, spec, specFile, line -> log.accept(LogLine.of("warning", line)),
                new Releaser.Fence() {
                    @Override
                    public boolean mayWrite() {
                        return leading;
                    }

                    @Override
                    public void written(Transition transition) {
                        events.written(transition.release(), transition.sequence());
                    }
                });
    }

    /** Told of every step of every release this replica runs (the server's metrics). */
    public void observe(ProgressListener listener) {
        this.observer = listener;
    }

    public ReleaseRecords records() {
        return records;
    }

    public ReleaseEvents events() {
        return events;
    }

    public SystemSpec spec() {
        return releaser.spec();
    }

    public boolean leading() {
        return leading;
    }

    /** This replica leads: resume every release that has not ended (it waits at its gates, if paused). */
    public synchronized void lead() {
        if (leading) {
            return;
        }
        leading = true;
        log.accept(LogLine.of("leading", "this replica runs releases now"));
        for (ReleaseRecord record : records.all()) {
            if (!record.finished()) {
                log.accept(LogLine.release("resuming", record.id(), "state " + record.state()));
                resumeOnceFree(record, world(record.environment()));
            }
        }
    }

    /**
     * Resumes a release that has not ended; while its environment's lease is still held (a killed leader's, until it
     * expires), tries again every second on a thread of its own, as long as this replica leads.
     */
    private void resumeOnceFree(ReleaseRecord record, World world) {
        if (tryResume(record, world)) {
            return;
        }
        log.accept(LogLine.release("waiting", record.id(), "for the lease of " + record.environment()));
        Thread.ofVirtual().name("resume-" + record.id()).start(() -> {
            try {
                do {
                    Thread.sleep(1000);
                } while (!resumeIfLeading(record));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** True when there is nothing more to wait for: resumed, resumed already, not leading, or failed. */
    private synchronized boolean resumeIfLeading(ReleaseRecord record) {
        try {
            if (!leading || running.containsKey(record.id())) {
                return true;
            }
            ReleaseRecord now = records.require(record.id()); // another process may have ended it meanwhile
            return now.finished() || tryResume(now, world(now.environment()));
        } catch (RuntimeException e) {
            log.accept(LogLine.release("failed", record.id(), String.valueOf(e)));
            return true;
        }
    }

    /** False while another holds the environment's lease. */
    private boolean tryResume(ReleaseRecord record, World world) {
        try {
            start(releaser.proceed(world, record, engine -> {
            }), world);
            return true;
        } catch (UserError e) {
            if (records.store().leases().holder(record.environment()).isPresent()) {
                return false;
            }
            throw e;
        }
    }

    /** This replica no longer leads: its releases stop where they are, for the new leader to resume. */
    public synchronized void stepDown() {
        if (!leading) {
            return;
        }
        leading = false; // fences the journal first: no engine writes another step
        log.accept(LogLine.of("following", "this replica stopped running releases"));
        running.values().forEach(r -> r.thread().interrupt());
        for (Running r : running.values()) {
            try {
                r.thread().join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        running.clear();
        worlds.values().forEach(world -> {
            world.close(); // the clock first: the sandbox is saved still, as the fenced engines left it
            world.save();
        });
        worlds.clear();
    }

    /**
     * What creating a release came to: the record of the release now running, or the plan that was refused (by its
     * plan, or by the gates among {@code gates} that failed).
     */
    public record Created(Optional<ReleaseRecord> release, PlanResult plan, List<GateResult> gates) {
        public Created {
            gates = List.copyOf(gates);
        }

        public List<GateResult> unmet() {
            return release.isPresent() ? List.of() : gates.stream().filter(g -> !g.ok()).toList();
        }
    }

    /** Plans a release, records it, and starts it. @throws UserError when it is refused before it starts */
    public synchronized Created create(ReleaseRequest request, ReleaseEngine.Options options, Commit commit,
                                       Releaser.Starter starter) {
        requireLeading();
        return start(request, options, null, commit, starter);
    }

    /**
     * Promotes to {@code environment} what runs healthy in the environment it is promoted from (the named services,
     * or every one that differs), as a release planned and gated like any other.
     */
    public synchronized Created promote(String environment, List<String> services, ReleaseEngine.Options options,
                                        Releaser.Starter starter) {
        requireLeading();
        SystemSpec spec = releaser.spec();
        String from = spec.environment(environment).flatMap(e -> e.promoteFrom()).orElse(environment);
        World source = world(from);
        World target = world(environment);
        ReleaseRequest request = Promotion.request(spec, environment, source.onClock(() -> source.inventory(from)),
                target.onClock(() -> target.inventory(environment)), services);
        return start(request, options, null, Commit.NONE, starter);
    }

    /**
     * A person's decision on a release that awaits approval: recorded; once enough approvers approved, the release
     * starts its rollouts; a rejection ends it with nothing changed.
     *
     * @param name the person's name as {@code approvers.names} lists it (a token's name); see {@link ApprovalDesk}
     * @throws ApprovalDesk.NotAnApprover when the environment names its approvers and not this person
     */
    public synchronized ApprovalDesk.Outcome decide(String id, String who, String name, Approval.Decision decision,
                                                    Optional<String> comment) {
        requireLeading();
        if (records.require(id).awaitingApproval() && engine(running.get(id)).isEmpty()) {
            // recorded first and not acted on, a decision would be lost: the release is not running here yet
            throw new UserError("release " + id + " is being resumed by this server", "try again in a moment");
        }
        ApprovalDesk.Outcome outcome = new ApprovalDesk(records.store().approvals()).decide(records.require(id), who,
                name, decision, comment, java.time.Instant.now());
        switch (outcome.next()) {
            case APPROVE -> act(id, engine -> engine.approve(id, outcome.reason()), "approved", who);
            case REJECT -> act(id, engine -> engine.rollback(id, outcome.reason()), "rejected", who);
            case WAIT -> log.accept(LogLine.release("approval", id, outcome.reason()));
        }
        return outcome;
    }

    /** Rolls a finished release back with a new release (its id is returned); an unfinished one in place. */
    public synchronized Created rollback(String id, String who) {
        requireLeading();
        ReleaseRecord target = records.require(id);
        if (!target.finished()) {
            cancel(id, who);
            return new Created(Optional.of(records.require(id)), null, List.of());
        }
        if (target.rolledBackBy() != null) {
            throw new UserError("release " + id + " was already rolled back by " + target.rolledBackBy(), null);
        }
        Undo undo = Undo.of(target);
        World world = world(target.environment());
        Inventory now = world.onClock(() -> world.inventory(target.environment()));
        undo.checkStillRunning(target, now);
        ReleaseEngine.Options options = ReleaseEngine.Options.DEFAULT.withMaxParallel(target.maxParallel());
        return start(undo.request(), options, id, Commit.NONE, Releaser.Starter.of(who));
    }

    private Created start(ReleaseRequest request, ReleaseEngine.Options options, String rollbackOf, Commit commit,
                          Releaser.Starter starter) {
        World world = world(request.environment());
        Releaser.Preparation preparation = releaser.create(world, request, options, rollbackOf, commit, starter);
        if (preparation.prepared().isEmpty()) {
            return new Created(Optional.empty(), preparation.plan(), preparation.gates());
        }
        Releaser.Prepared prepared = preparation.prepared().get();
        log.accept(LogLine.release("created", prepared.record().id(), prepared.plan().services().size()
                + " services to " + request.environment()));
        start(prepared, world);
        return new Created(Optional.of(prepared.record()), preparation.plan(), preparation.gates());
    }

    /** A person opens the gates of a paused release; one that awaits approval needs its approvers instead. */
    public void resume(String id, String who) {
        if (records.require(id).awaitingApproval()) {
            throw new UserError("release " + id + " awaits approval: resuming does not approve it",
                    "an approver approves it: POST /api/v1/releases/" + id + "/approvals");
        }
        act(id, engine -> engine.resume(id), "resumed", who);
    }

    /** A person cancels a running or paused release: everything it changed is rolled back. */
    public void cancel(String id, String who) {
        act(id, engine -> engine.rollback(id, "cancelled by " + who), "cancelled", who);
    }

    private void act(String id, Consumer<ReleaseEngine> action, String what, String who) {
        requireLeading();
        ReleaseRecord record = records.require(id);
        if (record.finished()) {
            throw new UserError("release " + id + " has already ended (" + record.state() + ")",
                    "roll it back with POST /api/v1/releases/" + id + "/rollback");
        }
        Running run = running.get(id);
        Optional<ReleaseEngine> engine = engine(run);
        if (engine.isEmpty()) {
            throw new UserError("release " + id + " is being resumed by this server", "try again in a moment");
        }
        run.world().onClock(() -> {
            action.accept(engine.get());
            return null;
        });
        log.accept(LogLine.release(what, id, "by " + who));
    }

    /**
     * The engine of a release this replica runs, once its thread has built it: a call right after the release was
     * created or resumed (a CI job approving at once) waits for it a little rather than being turned away.
     */
    private static Optional<ReleaseEngine> engine(Running run) {
        long deadline = System.nanoTime() + ENGINE_WAIT.toNanos();
        while (run != null && run.prepared().engine().isEmpty() && run.thread().isAlive()
                && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return run == null ? Optional.empty() : run.prepared().engine();
    }

    private static final java.time.Duration ENGINE_WAIT = java.time.Duration.ofSeconds(5);

    private void requireLeading() {
        if (!leading) {
            throw new NotLeading();
        }
    }

    /** This replica serves reads only; another one runs releases. */
    public static final class NotLeading extends RuntimeException {
        NotLeading() {
            super("this replica does not run releases: another one leads", null, false, false);
        }
    }

    private void start(Releaser.Prepared prepared, World world) {
        String id = prepared.record().id();
        Thread thread = Thread.ofVirtual().name("release-" + id).unstarted(() -> {
            try {
                Releaser.Ended ended = releaser.run(world, prepared, observer, true);
                log.accept(LogLine.release("ended", id, ended.record().state()));
            } catch (UserError e) {
                // interrupted because this replica stepped down, or the cluster stopped answering: left running
                log.accept(LogLine.release("stopped", id, e.getMessage()));
            } catch (RuntimeException | Error e) {
                log.accept(LogLine.release("failed", id, String.valueOf(e)));
            } finally {
                running.remove(id);
            }
        });
        running.put(id, new Running(prepared, world, thread));
        thread.start();
    }

    /** The world of an environment: the shared sandbox, or its kube context's cluster. */
    private World world(String environment) {
        SystemSpec spec = releaser.spec();
        String key = access.contextOf(spec, environment).map(c -> "context:" + c + "/" + environment)
                .orElse(SANDBOX);
        return worlds.computeIfAbsent(key, k -> World.open(records.store(), records.dataDir(), spec, environment,
                k.equals(SANDBOX) ? speed : 0, access, () -> MetricsSource.of(spec, prometheusUrl)));
    }

    @Override
    public void close() {
        stepDown();
    }
}
