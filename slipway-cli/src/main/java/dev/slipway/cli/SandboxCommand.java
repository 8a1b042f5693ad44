package dev.slipway.cli;

import dev.slipway.run.EnvironmentLease;
import dev.slipway.run.ReleaseRecord;

import dev.slipway.model.UserError;
import dev.slipway.run.Sandbox;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = {"Manage the sandbox: Slipway's simulated cluster, kept in the store (the H2 database "
                + "of the data directory, or --db-url's) so that successive commands, and every process on the "
                + "database, see the same cluster."},
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
            boolean existed = database.withRecords(records -> {
                for (ReleaseRecord r : records.all()) {
                    records.store().leases().holder(r.environment()).ifPresent(held -> {
                        throw new UserError(EnvironmentLease.refusal(held).getMessage(), "wait for it to end, then "
                                + "reset");
                    });
                }
                return Sandbox.reset(records.store(), dir);
            });
            command.commandLine().getOut().println(existed ? "The sandbox in " + dir + " is reset: nothing runs."
                    : "The sandbox in " + dir + " was already empty.");
            command.commandLine().getOut().flush();
            return 0;
        }
    }
}
