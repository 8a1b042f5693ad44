package dev.slipway.run;

import dev.slipway.model.Environment;
import dev.slipway.model.Strategy;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.UserError;
import dev.slipway.notify.Notifier;
import dev.slipway.notify.NotifyingListener;
import dev.slipway.release.Inventory;
import dev.slipway.release.execute.Journal;
import dev.slipway.release.execute.ProgressListener;
import dev.slipway.release.execute.ReleaseEngine;
import dev.slipway.release.execute.ReleaseResult;
import dev.slipway.release.execute.Transition;
import dev.slipway.release.plan.Plan;
import dev.slipway.release.plan.PlanRenderer;
import dev.slipway.release.plan.PlanChanges;
import dev.slipway.release.plan.PlanResult;
import dev.slipway.release.plan.Planner;
import dev.slipway.release.plan.ReleaseRequest;
import dev.slipway.release.plan.RolloutEstimate;
import dev.slipway.release.plan.SavedPlan;
import dev.slipway.release.report.EvidenceRecorder;
import dev.slipway.supply.gates.GateResult;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs releases, for the CLI's release commands and for the server alike: plans one against what runs in its
 * environment, records it, drives the engine on the world's clock with the store's journal, and records how it
 * ended (the release record, the deployment history, the inventory, and the release a rollback undid).
 * <p>
 * One release per environment at a time: a release holds its environment's lock from planning to its end (or its
 * pause), and a paused or interrupted release refuses new ones until it is settled.
 */
public final class Releaser {

    private final ReleaseRecords records;
    private final SystemSpec spec;
    private final Path specFile;
    private final Consumer<String> warn;
    private final Fence fence;
    private final Gatekeeper gatekeeper;

    /**
     * Asked before, and told after, every journal write of every release this runner runs.
     */
    public interface Fence {
        /** Always open: the CLI, and a server that runs alone. */
        Fence OPEN = () -> true;

        /** False fences off a replica that no longer leads: its engines stop instead of racing the new leader's. */
        boolean mayWrite();

        /** The transition is in the journal (the server's event streams wake up). */
        default void written(Transition transition) {
        }
    }

    /** @param warn takes a warning line (without a {@code warning:} prefix) */
    public Releaser(ReleaseRecords records, SystemSpec spec, Path specFile, Consumer<String> warn, Fence fence) {
        this.records = records;
        this.spec = spec;
        this.specFile = specFile.toAbsolutePath();
        this.warn = warn;
        this.fence = fence;
        this.gatekeeper = new Gatekeeper(records.store(), spec);
    }

    public SystemSpec spec() {
        return spec;
    }

    /**
     * What planning a new release came to: a release ready to run, or the plan that was refused or empty, with the
     * gates of its environment (empty for a rollback, which restores what ran).
     */
    public record Preparation(Optional<Prepared> prepared, PlanResult plan, List<GateResult> gates) {
        public Preparation {
            gates = List.copyOf(gates);
        }

        /** The gates that refused the release (none when it was planned and started, or refused by its plan). */
        public List<GateResult> unmet() {
            return prepared.isPresent() ? List.of() : gates.stream().filter(g -> !g.ok()).toList();
        }
    }

    /**
     * Who starts a release, and an admin's reason to start it although a gate fails (checked by the caller: the
     * server asks the token's role, the CLI trusts its user).
     */
    public record Starter(String by, Optional<String> force) {
        public static Starter of(String by) {
            return new Starter(by, Optional.empty());
        }

        /** The CLI's user. */
        public static Starter localUser() {
            return of(System.getProperty("user.name", "cli"));
        }
    }

    /** A release planned and recorded; it holds its environment's lock until it has run. */
    public static final class Prepared implements AutoCloseable {
        private final ReleaseRecord record;
        private final Plan plan;
        private final EnvironmentLock lock;
        private final boolean fresh;
        private final Function<ProgressListener, ReleaseEngine> starter;
        private volatile ReleaseEngine engine;

        private Prepared(ReleaseRecord record, Plan plan, EnvironmentLock lock, boolean fresh,
                         Function<ProgressListener, ReleaseEngine> starter) {
            this.record = record;
            this.plan = plan;
            this.lock = lock;
            this.fresh = fresh;
            this.starter = starter;
        }

        public ReleaseRecord record() {
            return record;
        }

        public Plan plan() {
            return plan;
        }

        /** The engine once the release runs; call it on the world's clock only. */
        public Optional<ReleaseEngine> engine() {
            return Optional.ofNullable(engine);
        }

        @Override
        public void close() {
            lock.close();
        }
    }

    /**
     * Plans a new release on {@code world} and records it, ready to run; a refused or empty plan records nothing.
     *
     * @param rollbackOf the release this one undoes (planned dependents first), or null
     */
    public Preparation create(World world, ReleaseRequest asked, ReleaseEngine.Options asOptions, String rollbackOf,
                              Commit given, Starter starter) {
        boolean rollback = rollbackOf != null;
        // a rollback restores what ran: its digests are the ones recorded then, and no gate stands in its way
        ReleaseRequest request = rollback ? asked : gatekeeper.withRecordedDigests(asked);
        Map<String, String> digests = request.digests();
        Environment environment = spec.environment(request.environment()).orElseThrow();
        boolean approval = !rollback && environment.approval();
        ReleaseEngine.Options options = asOptions.withApproval(approval);
        String env = request.environment();
        Commit commit = CommitTimes.complete(given, specFile);
        if (commit.sha().isPresent() && commit.time().isEmpty()) {
            warn.accept("commit " + commit.sha().get() + " is not in a Git repository around " + specFile
                    + ": the deployment history gets no commit time, so DORA cannot measure its lead time; pass "
                    + "the commit time too (--commit-time, or commit.time)");
        }
        EnvironmentLock lock = EnvironmentLock.acquire(records.dataDir(), env, "a release being planned");
        try {
            List<ReleaseRecord> existing = records.all(); // read once: what holds the environment, and the ids
            refuseWhileHeld(env, existing);
            String id = ReleaseRecords.nextId(env, existing);
            lock.holdFor(id);
            Inventory inventory = world.onClock(() -> world.inventory(env));
            PlanResult planned = Planner.plan(spec, inventory, request, planOptions(options, rollbackOf != null));
            List<GateResult> gates = rollback ? List.of() : gatekeeper.check(request, inventory, world.timeScale());
            boolean unmet = gates.stream().anyMatch(g -> !g.ok());
            if (unmet && starter.force().isEmpty()) { // refused by its gates, whatever its plan says
                lock.close();
                return new Preparation(Optional.empty(), planned, gates);
            }
            if (!(planned instanceof Plan plan) || plan.services().isEmpty()) {
                lock.close();
                return new Preparation(Optional.empty(), planned, gates);
            }
            if (unmet) {
                warn.accept("gates overridden by " + starter.by() + " (" + starter.force().get() + "): "
                        + String.join("; ", gates.stream().filter(g -> !g.ok()).map(g -> g.name() + ": "
                        + g.detail()).toList()));
            }
            ReleaseRecord.Admission admission = new ReleaseRecord.Admission(starter.by(), gates,
                    unmet ? starter.force().get() : null, approval ? environment.approvers() : null);
            checkMetrics(world, plan); // before the record: a refused release leaves nothing to resume
            ReleaseRecord record = new ReleaseRecord(id, env, specFile.toString(), request.versions(), digests,
                    request.ranges(), options.maxParallel(), options.onFailure().keyword(),
                    List.copyOf(new TreeSet<>(options.manualGates())), ReleaseRecord.before(inventory),
                    // the engine's first act is to wait for the approvers: say so from the start
                    approval ? ReleaseRecord.AWAITING_APPROVAL : ReleaseRecord.RUNNING, rollbackOf, null, null, commit.sha().orElse(null),
                    commit.time().map(Instant::toString).orElse(null),
                    SavedPlan.of(plan, options.maxParallel(), SpecHash.of(specFile)), admission);
            records.save(record);
            records.store().inventories().replace(inventory, InstantSource.system().instant());
            Journal journal = journal(world);
            return new Preparation(Optional.of(new Prepared(record, plan, lock, true, listener ->
                    ReleaseEngine.start(id, plan, world.cluster, world.metrics, journal, world.clock(), options,
                            listener))), plan, gates);
        } catch (RuntimeException | Error e) {
            lock.close();
            throw e;
        }
    }

    /**
     * A release that stopped (paused, interrupted, or its process killed) rebuilt from its journal, ready to run on.
     *
     * @param then what to do with the rebuilt engine before it runs on (open its gates, roll it back), on the clock
     */
    public Prepared proceed(World world, ReleaseRecord record, Consumer<ReleaseEngine> then) {
        EnvironmentLock lock = EnvironmentLock.acquire(records.dataDir(), record.environment(), record.id());
        try {
            ReleaseEngine.Options options = record.options();
            Plan plan = savedPlan(record);
            checkMetrics(world, plan);
            Journal journal = journal(world);
            return new Prepared(record, plan, lock, false, listener -> {
                ReleaseEngine engine = ReleaseEngine.resume(journal, record.id(), plan, world.cluster,
                        world.metrics, world.clock(), options, listener);
                then.accept(engine);
                return engine;
            });
        } catch (RuntimeException | Error e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Runs a prepared release on the world's clock until it ends, or (with {@code untilEnd} false) until it waits
     * for a person; records where it stands either way, and releases the environment's lock.
     *
     * @param display told of every step as it happens (the CLI's live view, the server's event stream)
     * @return how it ended; empty when it waits for a person
     */
    public Ended run(World world, Prepared prepared, ProgressListener display, boolean untilEnd) {
        // the lock is released only once the release's final state is saved: a create right after the end would
        // otherwise find the lock free and the release still "running", and be told it "was interrupted"
        try (prepared) {
            return runHolding(world, prepared, display, untilEnd);
        }
    }

    private Ended runHolding(World world, Prepared prepared, ProgressListener display, boolean untilEnd) {
        ReleaseRecord record = prepared.record;
        Instant runStarted = Instant.now();
        Tracker tracker = new Tracker();
        ProgressListener recorder = new EvidenceRecorder(records.evidence(), record.id(), world.clock());
        try (Notifier notifier = Notifier.open(spec.notifications(), System::getenv, warn)) {
            NotifyingListener notifying = new NotifyingListener(notifier, spec.system().name(), record.environment(),
                    records.journal(), InstantSource.system(), Optional.of("slipway report " + record.id()));
            if (prepared.fresh) {
                notifying.started(record.id(), prepared.plan.services());
            }
            // the tracker last: once it has the result, this thread goes on and closes the notifier, so every
            // other listener must have been told by then
            ProgressListener all = ProgressListener.both(ProgressListener.both(recorder, notifying),
                    ProgressListener.both(display, tracker));
            prepared.engine = world.onClock(() -> prepared.starter.apply(all));
            // a release resumed after its last step was journaled has ended already: its engine tells no one, so
            // tell the listeners here (its notifications go out at least once; their delivery id stays the same)
            world.onClock(() -> {
                prepared.engine.result().filter(r -> !tracker.finished()).ifPresent(all::finished);
                return null;
            });
            if (untilEnd) {
                world.awaitEnd(tracker, waiting -> records.save(record.withState(
                        waiting ? tracker.phase().keyword() : ReleaseRecord.RUNNING, null)),
                        () -> prepared.engine != null && prepared.engine.stopped());
            } else {
                world.await(tracker);
            }
        } finally {
            world.save();
        }
        Instant runFinished = Instant.now();
        Optional<ReleaseResult> result = tracker.result();
        String state = result.map(r -> r.outcome().keyword()).orElse(tracker.waiting()
                ? tracker.phase().keyword() : ReleaseRecord.PAUSED);
        // what the end changes elsewhere first, each write idempotent, and the release's own state last: a reader
        // who sees it ended sees all of it, and a runner killed before that redoes the lot when it resumes
        // (a paused release has not deployed yet: the run that ends it records every service)
        Optional<Inventory> after = result.map(r -> world.onClock(() -> world.inventory(record.environment())));
        result.ifPresent(r -> DeploymentRecorder.record(records.store(),
                DeploymentRecorder.deployments(record, r, runStarted, runFinished, after.get()), record.id(), warn));
        after.ifPresent(inventory -> records.store().inventories().replace(inventory, InstantSource.system().instant()));
        if (result.isPresent() && record.rollbackOf() != null
                && result.get().outcome() == ReleaseResult.Outcome.SUCCEEDED) {
            records.load(record.rollbackOf()).ifPresent(undone -> records.save(undone.withRolledBackBy(record.id())));
        }
        ReleaseRecord ended = record.withState(state, result.map(ReleaseRecords::result).orElse(null));
        records.save(ended);
        return new Ended(ended, result, tracker.held(), records.journal().read(record.id()));
    }

    /**
     * Where a run left a release.
     *
     * @param held        the services waiting for a person, when it paused
     * @param transitions its whole journal
     */
    public record Ended(ReleaseRecord record, Optional<ReleaseResult> result, List<String> held,
                        List<Transition> transitions) {
    }

    /**
     * The store's journal; on the sandbox every write also saves the sandbox, so that a process killed at any
     * moment restarts from a cluster no older than its journal's last step (the step's action is re-issued).
     */
    private Journal journal(World world) {
        Journal journal = records.journal();
        return new Journal() {
            @Override
            public void append(Transition transition) {
                if (!fence.mayWrite()) {
                    throw new IllegalStateException("release " + transition.release() + " stopped here: this "
                            + "replica no longer leads, and the new leader resumes it");
                }
                journal.append(transition);
                world.save();
                fence.written(transition);
            }

            @Override
            public List<Transition> read(String release) {
                return journal.read(release);
            }
        };
    }

    /**
     * The plan the release was started with. When the spec changed since, the release still follows that plan, and
     * the user is told what a plan made now would do differently. A record from before plans were saved is planned
     * again from the spec.
     */
    private Plan savedPlan(ReleaseRecord record) {
        ReleaseEngine.Options options = record.options();
        PlanResult now = Planner.plan(spec, record.beforeInventory(), record.request(),
                planOptions(options, record.rollbackOf() != null));
        if (record.plan() == null) {
            if (now instanceof Plan plan) {
                return plan;
            }
            throw new UserError("release " + record.id() + " cannot be planned again with " + specFile
                    + ": " + PlanRenderer.text(now).strip(), "use the spec it was started with (" + record.spec() + ")");
        }
        Plan saved = record.plan().plan();
        String hash = SpecHash.of(specFile);
        if (!hash.equals(record.plan().specHash())) {
            List<String> changes = PlanChanges.between(saved, now);
            warn.accept(specFile + " changed since " + record.id() + " started; the release continues with the plan "
                    + "it was started with" + (changes.isEmpty() ? " (a plan made now would be the same)"
                    : ". A plan made now would differ:" + changes.stream().map(c -> "\n  - " + c)
                    .reduce("", String::concat)));
        }
        return saved;
    }

    /** A rollback goes dependents first, as the engine rolls back a failure; a resumed one is planned alike. */
    private static Planner.Options planOptions(ReleaseEngine.Options options, boolean rollback) {
        Planner.Options plan = new Planner.Options(RolloutEstimate.DEFAULT, options.maxParallel());
        return rollback ? plan.rollback() : plan;
    }

    /** A release of the environment that is paused or was interrupted blocks new ones until it is settled. */
    private static void refuseWhileHeld(String environment, List<ReleaseRecord> existing) {
        for (ReleaseRecord r : existing) {
            if (r.environment().equals(environment) && !r.finished()) {
                String how = switch (r.state()) {
                    case ReleaseRecord.PAUSED -> "is paused";
                    case ReleaseRecord.AWAITING_APPROVAL -> "awaits approval";
                    default -> "was interrupted";
                };
                throw new UserError("release " + r.id() + " " + how + " on " + environment
                        + "; one release per environment at a time",
                        (r.awaitingApproval() ? "approve it with `slipway approve " + r.id() + "`"
                                : "continue it with `slipway resume " + r.id() + "`")
                                + ", or undo it with `slipway rollback --env "
                                + environment + " --release " + r.id() + "`");
            }
        }
    }

    /** A canary on a real cluster is judged from its metrics: before anything changes, warn or check the source. */
    private void checkMetrics(World world, Plan plan) {
        if (world.kubernetes() && plan.services().stream().anyMatch(s -> s.strategy() instanceof Strategy.Canary)) {
            MetricsSource.checkBeforeCanary(world.metrics, warn);
        }
    }
}
