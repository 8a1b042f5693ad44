package dev.slipway.cli;

import dev.slipway.run.Commit;
import dev.slipway.run.Releaser;

import dev.slipway.model.UserError;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.OnFailure;
import dev.slipway.release.execute.ReleaseEngine;
import dev.slipway.sandbox.Faults;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "deploy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Plan and run a release: every service in dependency order, each with its rollout strategy, "
                + "failures rolled back with their dependents.",
            "",
            "The cluster is Slipway's sandbox (a simulated cluster kept in the data directory) unless the "
                + "environment names a kubeContext: then it is that context's cluster (from --kubeconfig, "
                + "$KUBECONFIG or ~/.kube/config), in real time, with traffic split as --traffic says; canary steps "
                + "there are judged from Prometheus (--prometheus-url or metrics.prometheus.url, which must answer "
                + "before the release starts), without which they are inconclusive (a warning says so first). On the "
                + "sandbox the release runs in virtual time: it ends as fast as the engine can go and reports "
                + "simulated times; --speed N runs it in real time sped up N times. A terminal shows one line per "
                + "service (state, step, weight, elapsed) and a progress bar; a pipe gets one line per change. A "
                + "summary ends it. json prints the stable result: {\"release\",\"outcome\":\"succeeded|rolled-back|"
                + "failed\",\"services\":[{\"name\",\"from\",\"to\",\"outcome\",\"startedAt\",\"finishedAt\"}],"
                + "\"makespanSeconds\",\"criticalPathSeconds\"} (a paused release: {\"release\",\"outcome\":\"paused\","
                + "\"waiting\":[..]}).",
            "",
            "One release per environment at a time: a second is refused, naming the one that runs (or is paused). "
                + "Releases are recorded in the data directory as r-<env>-<n>, for `status`, `rollback` and `resume`; "
                + "when one ends, each service it rolled out is added to the deployment history `slipway dora` "
                + "reads, with --commit and --commit-time when given.",
            "",
            "Gates: a version named alone deploys the digest its build record names (`slipway build record`); an "
                + "environment with promoteFrom takes only digests that ran healthy there (`slipway promote`); one "
                + "with approval waits as awaiting-approval until `slipway approve RELEASE`. A refused release "
                + "lists every unmet gate with a hint; json adds \"gates\":[{\"name\",\"ok\",\"detail\",\"hint\"}].",
            "",
            "Exit codes: 0 succeeded, 2 rolled back, 3 waiting for a person (a manual gate, --on-failure pause: "
                + "`slipway resume RELEASE`; approval: `slipway approve RELEASE`), 1 refused, failed, or another "
                + "error."})
final class DeployCommand implements Callable<Integer> {

    @Mixin
    ReleaseSpecOption specOption;

    @Mixin
    ReleaseArguments release;

    @Option(names = "--on-failure", paramLabel = "POLICY",
            description = "After a service fails and is rolled back: rollback-dependents (its changed dependents "
                    + "are rolled back in reverse dependency order, independent branches go on), rollback-all, or "
                    + "pause (nothing more starts until `slipway resume`) (default: the environment's onFailure "
                    + "in slipway.yaml, else rollback-dependents).")
    String onFailure;

    @Option(names = "--gate", paramLabel = "SERVICE",
            description = "Hold this canary service at a manual gate before promotion, until `slipway resume "
                    + "RELEASE`; repeat for more.")
    List<String> gates = new ArrayList<>();

    @Option(names = "--sandbox-faults", paramLabel = "FAULTS.yaml",
            description = "Inject faults into the sandbox, e.g. [{service: catalog, version: 2.0.0, errorRate: 0.3, "
                    + "latencyFactor: 1.0, crashLoop: false}]; they stay in the sandbox until the next "
                    + "--sandbox-faults or `slipway sandbox reset`.")
    Path faultsFile;

    @Option(names = "--force", description = "Start the release although a gate of the environment fails (an "
            + "admin's override, e.g. a hotfix that cannot wait for staging); needs --reason, which is recorded with "
            + "the release and every failed gate.")
    boolean force;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why the gates are overridden (with --force).")
    String reason;

    @Mixin
    CommitOptions commit;

    @Mixin
    ReleaseRunOptions run;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        Optional<OnFailure> requested = onFailure == null ? Optional.empty() : Optional.of(OnFailure.of(onFailure)
                .orElseThrow(() -> new UserError("unknown --on-failure '" + onFailure + "'",
                        "use rollback-dependents, rollback-all or pause")));
        Commit shipped = commit.parse();
        if (force != (reason != null) || (reason != null && reason.isBlank())) {
            throw new UserError(force ? "--force needs --reason TEXT" : "--reason goes with --force",
                    "e.g. --force --reason \"hotfix for INC-42, staging is down\"");
        }
        Releaser.Starter starter = new Releaser.Starter(Releaser.Starter.localUser().by(),
                force ? Optional.of(reason) : Optional.empty());
        Optional<SystemSpec> spec = specOption.load(err);
        if (spec.isEmpty()) {
            return 1;
        }
        Optional<Faults> faults = Optional.empty();
        if (faultsFile != null) {
            Faults.Load load = Faults.load(faultsFile);
            load.problems().forEach(p -> err.println(p.format()));
            err.flush();
            if (!load.ok()) {
                return 1;
            }
            faults = load.faults();
        }
        Optional<ReleaseArguments.Parsed> parsed = release.parse(spec.get(), err);
        if (parsed.isEmpty()) {
            return 1;
        }
        OnFailure policy = requested
                .or(() -> spec.get().environment(parsed.get().request().environment()).map(e -> e.onFailure()))
                .orElse(OnFailure.ROLLBACK_DEPENDENTS);
        ReleaseEngine.Options options = ReleaseEngine.Options.DEFAULT.withMaxParallel(release.maxParallel)
                .withOnFailure(policy).withManualGates(Set.copyOf(gates));
        Optional<Faults> injected = faults;
        return run.withRecords(records -> run.runner(records, spec.get(), specOption.file, out, err, injected)
                .deploy(parsed.get().request(), options, null, shipped, starter));
    }
}
