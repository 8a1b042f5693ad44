package dev.slipway.cli;


import dev.slipway.run.ReleaseRecord;
import dev.slipway.run.ReleaseRecords;

import dev.slipway.model.UserError;
import dev.slipway.model.SystemSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "resume", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Resume a release that waits for a person, and run it to the end.",
            "",
            "For a release paused at a manual gate (deploy --gate) or by --on-failure pause, or one whose process "
                + "died: the engine is rebuilt from the release's journal, re-issues its last actions (each is "
                + "idempotent), opens the gates and goes on. Exit codes as deploy: 0 succeeded, 2 rolled back, "
                + "3 paused again, 1 error."})
final class ResumeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RELEASE", description = "The release id, e.g. r-production-3.")
    String releaseId;

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
        return run.withRecords(records -> resume(records, out, err));
    }

    private int resume(ReleaseRecords store, PrintWriter out, PrintWriter err) {
        ReleaseRecord record = store.require(releaseId);
        if (record.finished()) {
            throw new UserError("release " + releaseId + " has already ended (" + record.state() + ")",
                    "nothing to resume; `slipway rollback --env " + record.environment() + "` undoes it");
        }
        Path file = specFile != null ? specFile : Path.of(record.spec());
        Optional<SystemSpec> spec = SpecOption.load(file, err);
        if (spec.isEmpty()) {
            return 1;
        }
        return run.runner(store, spec.get(), file, out, err, Optional.empty()).proceed(record, false);
    }
}
