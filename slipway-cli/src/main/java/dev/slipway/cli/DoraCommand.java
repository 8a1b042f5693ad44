package dev.slipway.cli;

import dev.slipway.model.UserError;
import dev.slipway.release.dora.Deployment;
import dev.slipway.release.dora.Dora;
import dev.slipway.release.dora.DoraJson;
import dev.slipway.release.dora.DoraReport;
import dev.slipway.release.dora.DoraText;
import dev.slipway.release.dora.Since;
import dev.slipway.release.dora.Window;
import dev.slipway.store.Store;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "dora", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The four DORA metrics — deployment frequency, lead time for changes, change failure rate, "
                + "time to restore — per service and for the system, over the window that ends now.",
            "",
            "Computed from the deployment history in the data directory, which every release that ends adds to "
                + "(`deploy`, `rollback`, `resume`; lead time needs `deploy --commit-time`). Times are the wall clock "
                + "of the release runs. --format json is a stable contract (docs/dora.md)."})
final class DoraCommand implements Callable<Integer> {

    @Option(names = "--env", paramLabel = "ENV",
            description = "Only deployments to this environment (default: all environments).")
    String environment;

    @Option(names = "--since", paramLabel = "LENGTH", defaultValue = "30d", converter = SinceConverter.class,
            description = "The window's length, ending now: a whole number and h, d or w, like 12h, 30d, 4w "
                    + "(default: 30d).")
    Duration since;

    @Option(names = "--service", paramLabel = "SERVICE",
            description = "Only this service's deployments (the system figures are then this service's).")
    String service;

    @Mixin
    Formats output;

    @Mixin
    StoreOption database;

    @Spec
    CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        Instant now = Instant.now();
        Window window = Window.last(since, now);
        List<Deployment> history = history(now).stream()
                .filter(d -> service == null || d.service().equals(service)).toList();
        DoraReport report = Dora.report(history, window, Optional.ofNullable(environment));
        out.print(output.json() ? DoraJson.render(report) : DoraText.render(report));
        out.flush();
        return 0;
    }

    /**
     * Everything deployed before now, not only the window: a release is placed at its first succeeded deployment in
     * the whole history, and {@link Dora#report} picks the window's deployments itself.
     */
    private List<Deployment> history(Instant now) {
        Store store;
        try {
            store = database.open();
        } catch (RuntimeException e) {
            // H2 locks its file: a release writing its history this very moment holds it
            throw new UserError("cannot open the deployment history in " + (database.url != null ? database.url
                    : database.dataDir.dir().resolve("slipway.mv.db")) + ": " + e.getMessage(),
                    "if a release is ending right now, try again in a moment");
        }
        try (store) {
            return environment == null
                    ? store.deployments().list(Instant.EPOCH, now)
                    : store.deployments().list(environment, Instant.EPOCH, now);
        }
    }

    /** {@code --since}: {@link Since}'s message is the usage error (exit 2). */
    static final class SinceConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Since.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
