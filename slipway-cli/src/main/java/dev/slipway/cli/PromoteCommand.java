package dev.slipway.cli;

import dev.slipway.model.OnFailure;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.UserError;
import dev.slipway.release.execute.ReleaseEngine;
import dev.slipway.release.plan.ReleaseRequest;
import dev.slipway.run.Commit;
import dev.slipway.run.Promotion;
import dev.slipway.run.ReleaseRecords;
import dev.slipway.run.Releaser;
import dev.slipway.run.World;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "promote", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Promote to an environment exactly the versions and image digests that run healthy in the "
                + "environment it is promoted from (its promoteFrom): every service that differs, or the ones named.",
            "",
            "Nothing is rebuilt: the release deploys the source environment's digests, and is planned and run like "
                + "`deploy` (range checks at every moment, strategies, analysis, coordinated rollback). The "
                + "environment's gates are checked first and listed in the plan and the result; an unmet gate "
                + "refuses the promotion with a hint (an admin may --force --reason). An environment with approval "
                + "waits as awaiting-approval until `slipway approve RELEASE`.",
            "",
            "json prints deploy's result plus \"gates\":[{\"name\",\"ok\",\"detail\",\"hint\"}].",
            "",
            "Exit codes as deploy: 0 succeeded, 2 rolled back, 3 waiting for a person, 1 refused (every unmet gate "
                + "listed), failed, or another error."})
final class PromoteCommand implements Callable<Integer> {

    @Mixin
    ReleaseSpecOption specOption;

    @Option(names = "--to", paramLabel = "ENV", required = true, description = "The environment to promote to.")
    String environment;

    @Option(names = "--service", paramLabel = "SERVICE",
            description = "Promote only this service; repeat for more (default: every service that differs).")
    List<String> services = new ArrayList<>();

    @Option(names = "--force", description = "Start the promotion although a gate fails (an admin's override); "
            + "needs --reason, which is recorded with the release.")
    boolean force;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why the gates are overridden (with --force).")
    String reason;

    @Mixin
    ReleaseRunOptions run;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        if (force != (reason != null) || (reason != null && reason.isBlank())) {
            throw new UserError(force ? "--force needs --reason TEXT" : "--reason goes with --force", null);
        }
        Optional<SystemSpec> spec = specOption.load(err);
        if (spec.isEmpty()) {
            return 1;
        }
        return run.withRecords(records -> promote(records, spec.get(), out, err));
    }

    private int promote(ReleaseRecords records, SystemSpec spec, PrintWriter out, PrintWriter err) {
        String from = spec.environment(environment).orElseThrow(() -> new UserError("environment " + environment
                + " is not in " + specOption.file, "environments: " + String.join(", ", spec.environments().stream()
                .map(e -> e.name()).toList()))).promoteFrom().orElse(environment);
        ReleaseRequest request = Promotion.request(spec, environment,
                World.inventory(records.dataDir(), spec, from, run.kube.access()),
                World.inventory(records.dataDir(), spec, environment, run.kube.access()), services);
        if (!run.json()) {
            out.println("Promoting from " + from + " to " + environment + ": " + String.join(", ", request.versions()
                    .entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()));
            out.flush();
        }
        OnFailure policy = spec.environment(environment).map(e -> e.onFailure()).orElse(OnFailure.ROLLBACK_DEPENDENTS);
        ReleaseEngine.Options options = ReleaseEngine.Options.DEFAULT.withOnFailure(policy);
        Releaser.Starter starter = new Releaser.Starter(Releaser.Starter.localUser().by(),
                force ? Optional.of(reason) : Optional.empty());
        return run.runner(records, spec, specOption.file, out, err, Optional.empty())
                .deploy(request, options, null, Commit.NONE, starter);
    }
}
