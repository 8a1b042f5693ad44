package dev.slipway.cli;

import dev.slipway.model.SystemSpec;
import dev.slipway.model.UserError;
import dev.slipway.run.ReleaseRecords;
import dev.slipway.sandbox.Faults;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of every command that runs a release ({@code deploy}, {@code resume}, {@code rollback}): the clock,
 * the output format, where a kube context's cluster and its metrics are, and the store; and the runner they make.
 */
final class ReleaseRunOptions {

    @Option(names = "--speed", paramLabel = "N",
            description = "Run in real time sped up N times (e.g. 60) instead of virtual time (the sandbox only).")
    Double speed;

    @Mixin
    Formats output;

    @Mixin
    KubernetesOption kube;

    @Mixin
    PrometheusOption prometheus;

    @Mixin
    StoreOption database;

    boolean json() {
        return output.json();
    }

    /** Runs {@code work} with the store's releases open. */
    <T> T withRecords(Function<ReleaseRecords, T> work) {
        if (speed != null && !(speed > 0)) {
            throw new UserError("--speed must be positive, got " + speed, "e.g. --speed 60");
        }
        return database.withRecords(work);
    }

    ReleaseRunner runner(ReleaseRecords records, SystemSpec spec, Path specFile, PrintWriter out, PrintWriter err,
                         Optional<Faults> faults) {
        return new ReleaseRunner(records, spec, specFile, out, err, output.json(), speed == null ? 0 : speed, faults,
                kube, prometheus);
    }
}
