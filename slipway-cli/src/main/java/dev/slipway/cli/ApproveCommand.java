package dev.slipway.cli;

import dev.slipway.model.SystemSpec;
import dev.slipway.run.ApprovalDesk;
import dev.slipway.run.ReleaseRecord;
import dev.slipway.run.ReleaseRecords;
import dev.slipway.store.Approval;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "approve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Approve (or --reject) a release that awaits approval, and run it on once enough people have.",
            "",
            "A release to an environment with approval: true waits, before anything changes, until approvers.minimum "
                + "distinct people approve it (not the person who started it, unless approvers.allowSelf; only the "
                + "people approvers.names lists, when it lists any); one "
                + "rejection ends it with nothing changed. Every decision is recorded. On the server, "
                + "POST /api/v1/releases/{id}/approvals does this for a token with the grant approve:ENV; here the "
                + "person is --by (default: your user name).",
            "",
            "Exit codes: 0 approved and succeeded, 2 rolled back (or rejected), 3 still waiting (more approvers "
                + "needed, or paused later), 1 error."})
final class ApproveCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RELEASE", description = "The release id, e.g. r-production-3.")
    String releaseId;

    @Option(names = "--reject", description = "Reject the release instead: it ends, nothing having changed.")
    boolean reject;

    @Option(names = "--comment", paramLabel = "TEXT", description = "Why; recorded with the decision.")
    String comment;

    @Option(names = "--by", paramLabel = "NAME", description = "Who decides (default: your user name).")
    String by;

    @Option(names = {"-f", "--spec"}, paramLabel = "FILE",
            description = "The system spec (default: the one the release was started with).")
    Path specFile;

    @Mixin
    ReleaseRunOptions run;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        return run.withRecords(records -> decide(records, out, err));
    }

    private int decide(ReleaseRecords records, PrintWriter out, PrintWriter err) {
        ReleaseRecord record = records.require(releaseId);
        String who = by != null ? by : System.getProperty("user.name", "cli");
        Approval.Decision decision = reject ? Approval.Decision.REJECT : Approval.Decision.APPROVE;
        ApprovalDesk.Outcome outcome = new ApprovalDesk(records.store().approvals()).decide(record, who, who, decision,
                Optional.ofNullable(comment), Instant.now());
        if (outcome.next() == ApprovalDesk.Next.WAIT) {
            out.println("Recorded: release " + releaseId + " " + outcome.reason() + "; it waits for more approvers.");
            out.flush();
            return ReleaseRunner.PAUSED;
        }
        Path file = specFile != null ? specFile : Path.of(record.spec());
        Optional<SystemSpec> spec = SpecOption.load(file, err);
        if (spec.isEmpty()) {
            return 1;
        }
        if (!run.json()) {
            out.println("Release " + releaseId + " " + outcome.reason() + ".");
            out.flush();
        }
        return run.runner(records, spec.get(), file, out, err, Optional.empty()).proceed(record, engine -> {
            if (outcome.next() == ApprovalDesk.Next.APPROVE) {
                engine.approve(releaseId, outcome.reason());
            } else {
                engine.rollback(releaseId, outcome.reason());
            }
        });
    }
}
