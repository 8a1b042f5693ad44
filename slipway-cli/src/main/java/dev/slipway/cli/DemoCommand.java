package dev.slipway.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run Slipway on the bundled example shop.",
            "",
            "Copies the example monorepo to a temporary directory, runs `init` on it, then "
                + "`generate --target all`, and shows the graph and what was written."})
final class DemoCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new UserError("demo is not available in this build", null);
    }
}
