package dev.slipway.cli;

import dev.slipway.release.plan.ReleaseRequest;
import dev.slipway.run.Gatekeeper;
import dev.slipway.supply.gates.GateResult;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
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
            "The gates of the environment (promote-from, soak, vulnerabilities, manifest-policy, contracts, approval; "
                + "see docs/supply.md) are evaluated too and listed after the plan; json adds \"gates\":[{\"name\","
                + "\"ok\",\"detail\",\"hint\"}]. A version named alone is planned with the digest of its build record.",
            "",
            "Exit codes: 0 the release can go ahead, 1 it is refused (every reason is listed with a hint: its plan or an "
                + "unmet gate) or the spec has errors."})
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
        Planned planned = database.withRecords(records -> {
            Inventory inventory = World.inventory(records.store(), records.dataDir(), spec.get(), env, kube.access());
            Gatekeeper gatekeeper = new Gatekeeper(records.store(), spec.get(),
                    specOption.file.toAbsolutePath().getParent());
            ReleaseRequest request = gatekeeper.withRecordedDigests(parsed.get().request());
            return new Planned(Planner.plan(spec.get(), inventory, request,
                    new Planner.Options(RolloutEstimate.DEFAULT, release.maxParallel)),
                    gatekeeper.check(request, inventory, 1));
        });
        PlanResult result = planned.result();
        boolean unmet = planned.gates().stream().anyMatch(g -> !g.ok());
        if (output.json()) {
            ObjectNode root = (ObjectNode) JSON.readTree(PlanJson.render(result));
            root.set("gates", GateResult.toJson(planned.gates()));
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } else {
            (result.ok() ? out : err).print(PlanRenderer.text(result));
            if (!planned.gates().isEmpty()) {
                PrintWriter gates = unmet ? err : out;
                gates.println();
                gates.println("Gates of " + env + (unmet ? " (the release would be refused):" : ":"));
                planned.gates().forEach(gate -> ReleaseRunner.printGate(gates, gate));
            }
        }
        out.flush();
        err.flush();
        return result.ok() && !unmet ? 0 : 1;
    }

    private record Planned(PlanResult result, List<GateResult> gates) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
}
