package dev.slipway.cli;

import dev.slipway.model.SystemSpec;
import dev.slipway.release.execute.ProgressListener;
import dev.slipway.release.execute.ReleaseEngine;
import dev.slipway.release.execute.ReleaseJson;
import dev.slipway.release.execute.ReleaseResult;
import dev.slipway.release.execute.Transition;
import dev.slipway.release.plan.Plan;
import dev.slipway.release.plan.PlanJson;
import dev.slipway.release.plan.PlanRenderer;
import dev.slipway.release.plan.PlanResult;
import dev.slipway.release.plan.ReleaseRequest;
import dev.slipway.sandbox.Faults;
import dev.slipway.run.Commit;
import dev.slipway.run.ReleaseRecord;
import dev.slipway.run.ReleaseRecords;
import dev.slipway.run.Releaser;
import dev.slipway.run.World;
import dev.slipway.model.Environment;
import dev.slipway.supply.gates.GateResult;
import java.io.PrintWriter;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Runs releases for {@code deploy}, {@code rollback}, {@code resume} and the demo through the {@link Releaser} the
 * server uses too, on the sandbox of the data directory or an environment's kube context: the live view while one
 * runs, and a summary (or the JSON result) and an exit code when it ends or pauses.
 */
final class ReleaseRunner {

    static final int SUCCEEDED = 0;
    static final int ERROR = 1;
    static final int ROLLED_BACK = 2;
    static final int PAUSED = 3;

    private final ReleaseRecords records;
    private final SystemSpec spec;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    private final double speed;
    private final Optional<Faults> faults;
    private final KubernetesOption kube;
    private final PrometheusOption prometheus;
    private final Releaser releaser;
    /** The gates of the release this runner started or continues, for its JSON. */
    private List<GateResult> gates = List.of();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * @param speed 0 for virtual time, otherwise real time sped up that many times (the sandbox only)
     * @param kube how to reach the cluster of an environment that names a kube context
     * @param prometheus where that cluster's canary metrics come from, if not from slipway.yaml
     */
    ReleaseRunner(ReleaseRecords records, SystemSpec spec, Path specFile, PrintWriter out, PrintWriter err,
                  boolean json, double speed, Optional<Faults> faults, KubernetesOption kube,
                  PrometheusOption prometheus) {
        this.records = records;
        this.spec = spec;
        this.out = out;
        this.err = err;
        this.json = json;
        this.speed = speed;
        this.faults = faults;
        this.kube = kube;
        this.prometheus = prometheus;
        this.releaser = new Releaser(records, spec, specFile, this::warn, Releaser.Fence.OPEN);
    }

    /** Plans and runs a new release; the exit code. */
    int deploy(ReleaseRequest request, ReleaseEngine.Options options, String rollbackOf, Commit commit,
               Releaser.Starter starter) {
        World world = open(request.environment());
        try {
            faults.ifPresent(world::inject);
            Releaser.Preparation preparation = releaser.create(world, request, options, rollbackOf, commit, starter);
            gates = preparation.gates();
            if (!preparation.unmet().isEmpty() && preparation.plan() instanceof Plan) {
                return refused(request.environment(), preparation.gates());
            }
            if (preparation.prepared().isEmpty()) {
                PlanResult planned = preparation.plan();
                if (!(planned instanceof Plan plan)) {
                    if (json) {
                        out.print(PlanJson.render(planned));
                    } else {
                        err.print(PlanRenderer.text(planned));
                        unmetGates(preparation.unmet());
                    }
                    return ERROR;
                }
                (json ? err : out).print(PlanRenderer.text(plan));
                return SUCCEEDED;
            }
            return run(world, preparation.prepared().get());
        } finally {
            world.close();
        }
    }

    /** Continues a paused or interrupted release from its journal: opens its gates, or rolls it all back. */
    int proceed(ReleaseRecord record, boolean rollback) {
        return proceed(record, engine -> {
            if (rollback) {
                engine.rollback(record.id(), "rolled back by a person");
            } else {
                engine.resume(record.id());
            }
        });
    }

    /** Continues a stopped release from its journal, {@code then} told to its rebuilt engine first. */
    int proceed(ReleaseRecord record, java.util.function.Consumer<ReleaseEngine> then) {
        World world = open(record.environment());
        try {
            gates = record.admission() == null ? List.of() : record.admission().gates();
            return run(world, releaser.proceed(world, record, then));
        } finally {
            world.close();
        }
    }

    /** The gates that also refuse a release whose plan was refused. */
    private void unmetGates(List<GateResult> unmet) {
        if (!unmet.isEmpty()) {
            err.println("The release's gates refuse it too:");
            unmet.forEach(this::printGate);
            err.flush();
        }
    }

    private void printGate(GateResult gate) {
        printGate(err, gate);
    }

    /** A gate as `plan`, `deploy` and `promote` list it: ok or UNMET, its name and finding, and an unmet one's hint. */
    static void printGate(PrintWriter to, GateResult gate) {
        to.println("  " + (gate.ok() ? "ok    " : "UNMET ") + gate.name() + ": " + gate.detail());
        if (!gate.ok() && gate.hint() != null) {
            to.println("        hint: " + gate.hint());
        }
    }

    /** The gates that refused a release: each unmet one with its hint; exit 1. */
    private int refused(String environment, List<GateResult> all) {
        if (json) {
            ObjectNode root = JSON.createObjectNode();
            root.putNull("release");
            root.put("outcome", "refused");
            root.set("gates", GateResult.toJson(all));
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } else {
            err.println("error: the release to " + environment + " is refused by its gates:");
            all.forEach(this::printGate);
        }
        out.flush();
        err.flush();
        return ERROR;
    }

    private World open(String environment) {
        return World.open(records.store(), records.dataDir(), spec, environment, speed, kube.access(),
                () -> dev.slipway.run.MetricsSource.of(spec, prometheus.url()));
    }

    private int run(World world, Releaser.Prepared prepared) {
        ReleaseRecord record = prepared.record();
        Plan plan = prepared.plan();
        if (!json) {
            out.printf("Release %s to %s: %d service%s, %s%n%n", record.id(), record.environment(),
                    plan.services().size(), plan.services().size() == 1 ? "" : "s",
                    world.kubeContext().map(c -> "kube context " + c + ", real time")
                            .orElse(speed > 0 ? "real time x" + format(speed) : "virtual time"));
            out.flush();
        }
        ProgressListener display = json ? ProgressListener.NONE
                : new LiveView(out, Main.interactive(), world.clock(), world.clock().now(), record.id(), plan);
        Releaser.Ended ended;
        try {
            ended = releaser.run(world, prepared, display, false);
        } finally {
            world.close(); // the clock first: the sandbox is saved as it ended, not while it still moves
            world.save();
        }
        return report(ended);
    }

    private int report(Releaser.Ended ended) {
        ReleaseRecord record = ended.record();
        Optional<ReleaseResult> result = ended.result();
        if (!json) {
            result.ifPresent(r -> out.print(Summary.text(r)));
            for (Transition t : ended.transitions()) {
                if (t.failure()) {
                    out.println("  " + t.service() + " failed: " + t.reason());
                }
            }
            if (result.isPresent() && result.get().outcome() != ReleaseResult.Outcome.SUCCEEDED) {
                out.println("\nRoot cause, evidence and what was rolled back: `slipway report " + record.id() + "`");
            }
        }
        if (result.isEmpty()) {
            java.util.List<String> held = ended.held();
            if (json) {
                ObjectNode root = JSON.createObjectNode();
                root.put("release", record.id());
                root.put("outcome", record.awaitingApproval() ? ReleaseRecord.AWAITING_APPROVAL : "paused");
                held.forEach(root.putArray("waiting")::add);
                if (!root.has("waiting")) {
                    root.putArray("waiting");
                }
                root.set("gates", GateResult.toJson(gates));
                out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
            } else if (record.awaitingApproval()) {
                out.printf("%nRelease %s awaits approval: nothing changes until %s.%nApprove it with `slipway "
                                + "approve %s` (reject with --reject), or undo it with `slipway rollback --env %s "
                                + "--release %s`.%n", record.id(), approvers(record), record.id(),
                        record.environment(), record.id());
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
            ObjectNode root = (ObjectNode) JSON.readTree(ReleaseJson.render(r));
            root.set("gates", GateResult.toJson(gates));
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        }
        out.flush();
        return switch (r.outcome()) {
            case SUCCEEDED -> SUCCEEDED;
            case ROLLED_BACK -> ROLLED_BACK;
            case FAILED -> ERROR;
        };
    }

    private static String approvers(ReleaseRecord record) {
        Environment.Approvers approvers = record.admission().approvers();
        return approvers.minimum() + " approver" + (approvers.minimum() == 1 ? "" : "s") + " approve"
                + (approvers.minimum() == 1 ? "s" : "") + " it" + (approvers.allowSelf() ? ""
                : " (not " + record.admission().startedBy() + ", who started it)");
    }

    private void warn(String line) {
        err.println("warning: " + line);
        err.flush();
    }

    private static String format(double speed) {
        return speed == Math.rint(speed) ? String.valueOf((long) speed) : String.valueOf(speed);
    }

}
