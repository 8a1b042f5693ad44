package dev.slipway.cli;


import dev.slipway.release.report.ReportJson;
import dev.slipway.release.report.ReportText;
import dev.slipway.release.report.RootCauseReport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Explain a release: the root cause of its failure and what was rolled back.",
            "",
            "Names the service that failed first, the metric that failed it with the canary's and the baseline's "
                + "values, the statistic and its bound, when and at which weight it was detected and how long after "
                + "the faulty version's first request; its pods' events; the dependents affected; what was rolled "
                + "back or never started; and every look the judges took at its canary. "
                + "--format json is a stable contract (docs/analysis.md)."})
final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RELEASE", description = "The release id, e.g. r-production-3.")
    String releaseId;

    @Mixin
    Formats output;

    @Mixin
    StoreOption database;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        RootCauseReport report = database.withRecords(store -> store.report(store.require(releaseId)));
        out.print(output.json() ? ReportJson.render(report) : ReportText.render(report));
        out.flush();
        return 0;
    }
}
