package dev.slipway.cli;

import dev.slipway.run.EnvironmentLock;
import dev.slipway.run.ReleaseRecord;
import dev.slipway.run.ReleaseRecords;

import dev.slipway.model.UserError;
import dev.slipway.sandbox.SandboxState;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = {"Manage the sandbox: Slipway's simulated cluster, kept in the data directory so that "
                + "successive commands see the same cluster."},
        subcommands = SandboxCommand.Reset.class)
final class SandboxCommand implements Runnable {

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public void run() {
        command.commandLine().usage(command.commandLine().getOut());
    }

    @Command(name = "reset", mixinStandardHelpOptions = true,
            description = {"Forget the sandbox cluster and its faults: the next command starts with nothing "
                    + "installed. Refused while a release runs in it. Release records and the journal are kept."})
    static final class Reset implements Callable<Integer> {

        @Mixin
        StoreOption database;

        @Spec
        picocli.CommandLine.Model.CommandSpec command;

        @Override
        public Integer call() {
            Path dir = database.dataDir.dir();
            for (ReleaseRecord r : database.withRecords(ReleaseRecords::all)) {
                EnvironmentLock.holder(dir, r.environment()).ifPresent(h -> {
                    throw new UserError("release " + h.release() + " is running on " + r.environment()
                            + " (process " + h.pid() + ")", "wait for it to end, then reset");
                });
            }
            boolean existed = SandboxState.reset(dir);
            command.commandLine().getOut().println(existed ? "The sandbox in " + dir + " is reset: nothing runs."
                    : "The sandbox in " + dir + " was already empty.");
            command.commandLine().getOut().flush();
            return 0;
        }
    }
}
