package dev.slipway.cli;

import dev.slipway.store.AuditVerification;
import dev.slipway.store.Store;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Check the audit log.",
        subcommands = AuditCommand.Verify.class)
final class AuditCommand implements Runnable {

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public void run() {
        command.commandLine().usage(command.commandLine().getOut());
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Walk the audit log's hash chain: exit 0 when it is intact, 1 with the first broken row "
                    + "and why. Prints the head hash either way.",
                "The chain finds edited, deleted, inserted and reordered rows and a cut-off end the head row still "
                    + "remembers; a log rewritten consistently (hashes recomputed, head too) is only found against "
                    + "a head hash recorded outside the database: pass it with --expect-head."})
    static final class Verify implements Callable<Integer> {

        @Option(names = "--expect-head", paramLabel = "HASH",
                description = "A head hash printed by an earlier verify: it must still be a row of the chain.")
        String anchor;

        @Mixin
        StoreOption database;

        @Spec
        picocli.CommandLine.Model.CommandSpec command;

        @Override
        public Integer call() {
            AuditVerification verification;
            try (Store store = database.open()) {
                verification = store.auditLog().verify(anchor);
            }
            PrintWriter out = command.commandLine().getOut();
            verification.firstBreak().ifPresentOrElse(
                    broken -> out.println("Audit log BROKEN at row " + broken.row() + ": " + broken.reason()
                            + " (" + verification.rows() + " rows intact before it)"),
                    () -> out.println("Audit log intact: " + verification.rows()
                            + (verification.rows() == 1 ? " row." : " rows.")));
            out.println("Head: " + verification.headHash());
            if (verification.intact()) {
                out.println("Record the head outside this database; `slipway audit verify --expect-head HASH` then "
                        + "finds a log cut off or rewritten since.");
            }
            out.flush();
            return verification.intact() ? 0 : 1;
        }
    }
}
