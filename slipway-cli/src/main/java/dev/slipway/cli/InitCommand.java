package dev.slipway.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Scan a repository and write DIR/slipway.yaml describing it.",
            "",
            "Every directory with a Dockerfile or a build file becomes a service (language and build tool "
                + "detected); Kubernetes manifests give ports, probes, replicas and external images; container env "
                + "values that name another service (host:port, URLs, NAME.NAMESPACE.svc.cluster.local) become "
                + "dependencies. Prints a summary table and a warning for every reference to a service that does "
                + "not exist."})
final class InitCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", defaultValue = ".",
            description = "The repository to scan (default: the current directory).")
    Path dir;

    @Option(names = "--force", description = "Overwrite an existing slipway.yaml.")
    boolean force;

    @Override
    public Integer call() {
        throw new UserError("init is not available in this build", null);
    }
}
