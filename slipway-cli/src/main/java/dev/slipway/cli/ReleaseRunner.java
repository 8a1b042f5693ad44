package dev.slipway.cli;

import dev.slipway.model.Strategy;
import dev.slipway.notify.Notifier;
import dev.slipway.notify.NotifyingListener;
import dev.slipway.model.SystemSpec;
import dev.slipway.release.Inventory;
import dev.slipway.release.execute.FileJournal;
import dev.slipway.release.execute.ProgressListener;

import dev.slipway.release.execute.ReleaseEngine;
import dev.slipway.release.execute.ReleaseJson;
import dev.slipway.release.execute.ReleaseResult;
import dev.slipway.release.execute.Transition;
import dev.slipway.release.plan.Plan;
import dev.slipway.release.plan.PlanJson;
import dev.slipway.release.plan.PlanRenderer;
import dev.slipway.release.plan.PlanResult;
import dev.slipway.release.plan.Planner;
import dev.slipway.release.plan.ReleaseRequest;
import dev.slipway.release.plan.RolloutEstimate;
import dev.slipway.release.report.EvidenceRecorder;
import dev.slipway.sandbox.Faults;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Runs releases on the sandbox of a data directory for {@code deploy}, {@code rollback}, {@code resume} and the
 * demo: one release per environment at a time (a lock), the record and journal written as it goes, the sandbox
 * saved at the end, the live view while it runs and a summary (or the JSON result) when it ends.
 */
final class ReleaseRunner {

    static final int SUCCEEDED = 0;
    static final int ERROR = 1;
    static final int ROLLED_BACK = 2;
    static final int PAUSED = 3;

    private final ReleaseStore store;
    private final SystemSpec spec;
    private final Path specFile;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    private final double speed;
    private final Optional<Faults> faults;
    private final KubernetesOption kube;
    private final PrometheusOption prometheus;

    /**
     * @param speed 0 for virtual time, otherwise real time sped up that many times (the sandbox only)
     * @param kube how to reach the cluster of an environment that names a kube context
     * @param prometheus where that cluster's canary metrics come from, if not from slipway.yaml
     */
    ReleaseRunner(ReleaseStore store, SystemSpec spec, Path specFile, PrintWriter out, PrintWriter err, boolean json,
                  double speed, Optional<Faults> faults, KubernetesOption kube, PrometheusOption prometheus) {
        this.store = store;
        this.spec = spec;
        this.specFile = specFile.toAbsolutePath();
        this.out = out;
        this.err = err;
        this.json = json;
        this.speed = speed;
        this.faults = faults;
        this.kube = kube;
        this.prometheus = prometheus;
    }

    /** Plans and runs a new release; the exit code. */
    int deploy(ReleaseRequest request, Map<String, String> digests, ReleaseEngine.Options options, String rollbackOf,
               CommitOptions.Commit commit) {
        String env = request.environment();
        try (EnvironmentLock lock = EnvironmentLock.acquire(store.dataDir(), env, "a release being planned")) {
            refuseWhileHeld(env);
            String id = store.nextId(env);
            lock.holdFor(id);
            try (World world = open(env)) {
                faults.ifPresent(world::inject);
                Inventory inventory = world.inventory(env);
                PlanResult planned = Planner.plan(spec, inventory, request,
                        planOptions(options, rollbackOf != null));
                if (!(planned instanceof Plan plan)) {
                    if (json) {
                        out.print(PlanJson.render(planned));
                    } else {
                        err.print(PlanRenderer.text(planned));
                    }
                    return ERROR;
                }
                if (plan.services().isEmpty()) {
                    (json ? err : out).print(PlanRenderer.text(plan));
                    return SUCCEEDED;
                }
                checkMetrics(world, plan); // before the record: a refused release leaves nothing to resume
                ReleaseRecord record = new ReleaseRecord(id, env, specFile.toString(), request.versions(), digests,
                        request.ranges(), options.maxParallel(), options.onFailure().keyword(),
                        List.copyOf(new TreeSet<>(options.manualGates())), ReleaseRecord.before(inventory),
                        ReleaseRecord.RUNNING, rollbackOf, null, null, commit.sha().orElse(null),
                        commit.time().map(Instant::toString).orElse(null));
                store.save(record);
                FileJournal journal = store.journal();
                return run(world, record, plan, options, true, listener -> ReleaseEngine.start(id, plan, spec,
                        world.cluster, world.metrics, journal, world.clock(), options, listener));
            }
        }
    }

    /** A rollback goes dependents first, as the engine rolls back a failure; a resumed one is planned alike. */
    private static Planner.Options planOptions(ReleaseEngine.Options options, boolean rollback) {
        Planner.Options plan = new Planner.Options(RolloutEstimate.DEFAULT, options.maxParallel());
        return rollback ? plan.rollback() : plan;
    }

    /** Continues a paused or interrupted release from its journal: opens its gates, or rolls it all back. */
    int proceed(ReleaseRecord record, boolean rollback) {
        try (EnvironmentLock lock = EnvironmentLock.acquire(store.dataDir(), record.environment(), record.id())) {
            ReleaseEngine.Options options = record.options();
            PlanResult planned = Planner.plan(spec, record.beforeInventory(), record.request(),
                    planOptions(options, record.rollbackOf() != null));
            if (!(planned instanceof Plan plan)) {
                throw new UserError("release " + record.id() + " cannot be planned again with " + specFile
                        + ": " + PlanRenderer.text(planned).strip(),
                        "use the spec it was started with (" + record.spec() + ")");
            }
            try (World world = open(record.environment())) {
                checkMetrics(world, plan);
                FileJournal journal = store.journal();
                return run(world, record, plan, options, false, listener -> {
                    ReleaseEngine engine = ReleaseEngine.resume(journal, record.id(), plan, spec, world.cluster,
                            world.metrics, world.clock(), options, listener);
                    if (rollback) {
                        engine.rollback(record.id(), "rolled back by a person");
                    } else {
                        engine.resume(record.id());
                    }
                    return engine;
                });
            }
        }
    }

    /** A release of the environment that is paused or was interrupted blocks new ones until it is settled. */
    private void refuseWhileHeld(String environment) {
        for (ReleaseRecord r : store.of(environment)) {
            if (!r.finished()) {
                String how = r.state().equals(ReleaseRecord.PAUSED) ? "is paused" : "was interrupted";
                throw new UserError("release " + r.id() + " " + how + " on " + environment
                        + "; one release per environment at a time",
                        "continue it with `slipway resume " + r.id() + "`, or undo it with `slipway rollback --env "
                                + environment + " --release " + r.id() + "`");
            }
        }
    }

    private World open(String environment) {
        return World.open(store.dataDir(), spec, environment, speed, kube,
                () -> MetricsSource.of(spec, prometheus.url()));
    }

    /**
     * A canary on a real cluster is judged from its metrics: before anything changes, warn or check the source. A
     * service installed for the first time rolls out without a canary (there is no baseline to compare with).
     */
    private void checkMetrics(World world, Plan plan) {
        if (world.kubernetes() && plan.services().stream()
                .anyMatch(s -> s.from().isPresent() && s.strategy() instanceof Strategy.Canary)) {
            MetricsSource.checkBeforeCanary(world.metrics, err);
        }
    }

    /** @param fresh a new release (announced as started), not one resumed from its journal */
    private int run(World world, ReleaseRecord record, Plan plan, ReleaseEngine.Options options, boolean fresh,
                    Function<ProgressListener, ReleaseEngine> starter) {
        Instant runStarted = Instant.now();
        if (!json) {
            out.printf("Release %s to %s: %d service%s, %s%n%n", record.id(), record.environment(),
                    plan.services().size(), plan.services().size() == 1 ? "" : "s",
                    world.kubeContext().map(c -> "kube context " + c + ", real time")
                            .orElse(speed > 0 ? "real time x" + format(speed) : "virtual time"));
            out.flush();
        }
        ProgressListener display = json ? ProgressListener.NONE
                : new LiveView(out, Main.interactive(), world.clock(), world.clock().now(), record.id(), plan);
        Tracker tracker = new Tracker(plan, display);
        ProgressListener recorder = new EvidenceRecorder(store.evidence(), record.id(), world.clock());
        // notifications go out on their own threads; closing waits for the last ones
        try (Notifier notifier = Notifier.open(spec.notifications(), System::getenv, this::warn)) {
            NotifyingListener notifying = new NotifyingListener(notifier, spec.system().name(), record.environment(),
                    store.journal(), InstantSource.system(), Optional.of("slipway report " + record.id()));
            if (fresh) {
                notifying.started(record.id(), plan.services());
            }
            world.onClock(() -> starter.apply(ProgressListener.both(tracker, ProgressListener.both(recorder,
                    notifying))));
            world.await(tracker);
        } finally {
            world.close();
            world.save();
        }
        Instant runFinished = Instant.now();
        Optional<ReleaseResult> result = tracker.result();
        String state = result.map(r -> r.outcome().keyword()).orElse(ReleaseRecord.PAUSED);
        store.save(record.withState(state, result.map(ReleaseStore::result).orElse(null)));
        // a paused release has not deployed yet: the run that ends it records every service
        result.ifPresent(r -> DeploymentRecorder.record(store.dataDir(),
                DeploymentRecorder.deployments(record, r, runStarted, runFinished), record.id(), this::warn));
        if (result.isPresent() && record.rollbackOf() != null
                && result.get().outcome() == ReleaseResult.Outcome.SUCCEEDED) {
            store.load(record.rollbackOf()).ifPresent(undone -> store.save(undone.withRolledBackBy(record.id())));
        }
        return report(record, result, tracker.held());
    }

    private int report(ReleaseRecord record, Optional<ReleaseResult> result, List<String> held) {
        if (!json) {
            if (result.isPresent()) {
                out.print(Summary.text(result.get()));
            }
            for (Transition t : store.journal().read(record.id())) {
                if (t.failure()) {
                    out.println("  " + t.service() + " failed: " + t.reason());
                }
            }
            if (result.isPresent() && result.get().outcome() != ReleaseResult.Outcome.SUCCEEDED) {
                out.println("\nRoot cause, evidence and what was rolled back: `slipway report " + record.id() + "`");
            }
        }
        if (result.isEmpty()) {
            if (json) {
                out.printf("{%n  \"release\" : \"%s\",%n  \"outcome\" : \"paused\",%n  \"waiting\" : [%s]%n}%n",
                        record.id(), String.join(", ", held.stream().map(s -> "\"" + s + "\"").toList()));
            } else {
                out.printf("%nRelease %s is paused%s.%nGo on with `slipway resume %s`, or undo it with "
                                + "`slipway rollback --env %s --release %s`.%n", record.id(),
                        held.isEmpty() ? "" : ": " + String.join(", ", held) + " wait" + (held.size() == 1 ? "s" : "")
                                + " for a person", record.id(), record.environment(), record.id());
            }
            out.flush();
            return PAUSED;
        }
        ReleaseResult r = result.get();
        if (json) {
            out.print(ReleaseJson.render(r));
        }
        out.flush();
        return switch (r.outcome()) {
            case SUCCEEDED -> SUCCEEDED;
            case ROLLED_BACK -> ROLLED_BACK;
            case FAILED -> ERROR;
        };
    }

    private void warn(String line) {
        err.println("warning: " + line);
        err.flush();
    }

    private static String format(double speed) {
        return speed == Math.rint(speed) ? String.valueOf((long) speed) : String.valueOf(speed);
    }
}
