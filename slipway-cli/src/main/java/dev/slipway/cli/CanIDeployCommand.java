package dev.slipway.cli;

import dev.slipway.model.SystemSpec;
import dev.slipway.run.CanIDeploy;
import dev.slipway.run.World;
import dev.slipway.supply.gates.ContractGate;
import dev.slipway.store.Store;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "can-i-deploy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"May SERVICE at VERSION be deployed to ENV? Answered the way Pact's can-i-deploy answers it.",
            "",
            "The version's declared dependency ranges (slipway.yaml) are checked against what runs in ENV, and the "
                + "ranges of what runs there against the version; recorded contract verifications of exactly those "
                + "versions (POST /api/v1/verifications from CI) are listed. A violated range, a dependency that "
                + "does not run there, or a failed verification says no; an unverified pair says no only with "
                + "--require-verification.",
            "",
            "json: {\"service\",\"version\",\"environment\",\"ok\",\"reasons\":[{\"consumer\",\"consumerVersion\","
                + "\"provider\",\"providerVersion\",\"range\",\"outcome\",\"blocks\",\"detail\"}]}.",
            "",
            "Exit codes: 0 yes, 1 no (or an error)."})
final class CanIDeployCommand implements Callable<Integer> {

    @Mixin
    ReleaseSpecOption specOption;

    @Parameters(index = "0", paramLabel = "SERVICE", description = "The service.")
    String service;

    @Parameters(index = "1", paramLabel = "VERSION", description = "The version to deploy.")
    String version;

    @Option(names = "--to", paramLabel = "ENV", required = true, description = "The environment.")
    String environment;

    @Option(names = "--require-verification",
            description = "A pair of versions with no recorded verification says no too.")
    boolean requireVerification;

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
        ContractGate.Answer answer;
        try (Store store = database.open()) {
            answer = CanIDeploy.answer(spec.get(), store, World.inventory(store, database.dataDir.dir(), spec.get(),
                    environment, kube.access()), service, version, requireVerification);
        }
        if (output.json()) {
            out.println(CanIDeploy.json(answer));
        } else {
            out.println((answer.ok() ? "yes: " : "no: ") + service + " " + version + " may "
                    + (answer.ok() ? "" : "not ") + "be deployed to " + environment);
            for (ContractGate.Reason reason : answer.reasons()) {
                out.println("  " + (reason.blocks() ? "BLOCKS " : "ok     ") + reason.detail());
            }
            if (answer.reasons().isEmpty()) {
                out.println("  nothing relates it to what runs there: no declared range either way, no verification");
            }
        }
        out.flush();
        return answer.ok() ? 0 : 1;
    }
}
