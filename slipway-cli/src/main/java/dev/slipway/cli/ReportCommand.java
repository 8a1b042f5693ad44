package dev.slipway.cli;

import dev.slipway.server.release.ReleaseRecord;

import dev.slipway.model.Dependency;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.load.SpecLoader;
import dev.slipway.release.report.ReportJson;
import dev.slipway.release.report.ReportText;
import dev.slipway.release.report.RootCauseReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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
        RootCauseReport report = database.withRecords(store -> {
            ReleaseRecord record = store.require(releaseId);
            return RootCauseReport.of(record.id(), record.environment(), record.state(), released(record),
                    store.journal().read(record.id()), store.evidence().read(record.id()));
        });
        out.print(output.json() ? ReportJson.render(report) : ReportText.render(report));
        out.flush();
        return 0;
    }

    /** The release's services with what they depend on, from the spec it ran with when that can still be read. */
    private static List<RootCauseReport.Released> released(ReleaseRecord record) {
        Path file = Path.of(record.spec());
        Optional<SystemSpec> spec = Files.isRegularFile(file) ? SpecLoader.load(file).spec() : Optional.empty();
        if (record.result() == null) {
            return record.versions().entrySet().stream().map(e -> new RootCauseReport.Released(e.getKey(),
                    Optional.ofNullable(record.before().get(e.getKey())).map(ReleaseRecord.Before::version),
                    e.getValue(), record.state(), dependsOn(spec, e.getKey()))).toList();
        }
        return record.result().services().stream().map(s -> new RootCauseReport.Released(s.name(),
                Optional.ofNullable(s.from()), s.to(), s.outcome(), dependsOn(spec, s.name()))).toList();
    }

    private static List<String> dependsOn(Optional<SystemSpec> spec, String service) {
        return spec.flatMap(s -> s.service(service)).map(s -> s.dependsOn().stream().map(Dependency::service)
                .toList()).orElse(List.of());
    }

}
