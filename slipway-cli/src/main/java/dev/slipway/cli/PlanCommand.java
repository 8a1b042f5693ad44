package dev.slipway.cli;

import dev.slipway.run.World;

import dev.slipway.model.SystemSpec;
import dev.slipway.release.Inventory;
import dev.slipway.release.plan.PlanJson;
import dev.slipway.release.plan.PlanRenderer;
import dev.slipway.release.plan.PlanResult;
import dev.slipway.release.plan.Planner;
import dev.slipway.release.plan.RolloutEstimate;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Plan a release without touching anything.",
            "",
            "Reads what runs in the environment (the sandbox in the data directory, where an environment never "
                + "deployed is empty; or the cluster of the environment's kubeContext), checks every version range at every moment of the rollout, and orders the services: "
                + "a service starts once the services it depends on are promoted. text shows the release as a "
                + "timeline with estimated durations and the critical path; json is a stable contract: "
                + "{\"ok\":true,\"services\":[{\"name\",\"from\",\"to\",\"strategy\",\"after\"}],\"criticalPath\":[..],"
                + "\"checks\":[{\"service\",\"dependency\",\"range\",\"version\",\"ok\"}]}, or for a refused release "
                + "{\"ok\":false,\"errors\":[{\"message\",\"hint\"}],\"checks\":[..]}.",
            "",
            "Exit codes: 0 the release can go ahead, 1 it is refused (every reason is listed with a hint) or the spec "
                + "has errors."})
final class PlanCommand implements Callable<Integer> {

    @Mixin
    ReleaseSpecOption specOption;

    @Mixin
    ReleaseArguments release;

    @Mixin
    Formats output;

    @Mixin
    KubernetesOption kube;

    @Mixin
    StoreOption database;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        Optional<SystemSpec> spec = specOption.load(err);
        if (spec.isEmpty()) {
            return 1;
        }
        Optional<ReleaseArguments.Parsed> parsed = release.parse(spec.get(), err);
        if (parsed.isEmpty()) {
            return 1;
        }
        String env = parsed.get().request().environment();
        Inventory inventory = database.withRecords(records -> World.inventory(records.store(), records.dataDir(),
                spec.get(), env, kube.access()));
        PlanResult result = Planner.plan(spec.get(), inventory, parsed.get().request(),
                new Planner.Options(RolloutEstimate.DEFAULT, release.maxParallel));
        if (output.json()) {
            out.print(PlanJson.render(result));
        } else {
            (result.ok() ? out : err).print(PlanRenderer.text(result));
        }
        out.flush();
        err.flush();
        return result.ok() ? 0 : 1;
    }
}
