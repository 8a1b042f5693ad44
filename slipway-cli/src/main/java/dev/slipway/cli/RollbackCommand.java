package dev.slipway.cli;

import dev.slipway.model.SystemSpec;
import dev.slipway.release.Deployed;
import dev.slipway.release.Inventory;
import dev.slipway.release.execute.ReleaseEngine;
import dev.slipway.release.plan.ReleaseRequest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "rollback", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Roll back a release the same coordinated way a failure is rolled back.",
            "",
            "A finished release (the last one of the environment that was not rolled back yet, or --release ID): a "
                + "new release takes every service it changed back to the version (and image digest) that ran "
                + "before, in reverse dependency order as a failure is rolled back: dependents go back before what "
                + "they depend on, and every version range holds throughout. Services the release installed for the first time are left in place (Slipway does "
                + "not uninstall). A paused or interrupted release is rolled back in place from its journal.",
            "",
            "Exit codes: 0 rolled back, 1 nothing to roll back or refused, 2 the rollback itself failed and was "
                + "undone."})
final class RollbackCommand implements Callable<Integer> {

    @Mixin
    ReleaseSpecOption specOption;

    @Option(names = "--env", paramLabel = "ENV", required = true, description = "The environment.")
    String environment;

    @Option(names = "--release", paramLabel = "ID", description = "The release to roll back (default: the last).")
    String releaseId;

    @Option(names = "--speed", paramLabel = "N", description = "Real time sped up N times instead of virtual time.")
    Double speed;

    @Mixin
    Formats output;

    @Mixin
    KubernetesOption kube;

    @Mixin
    PrometheusOption prometheus;

    @Mixin
    DataDirOption dataDir;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        ReleaseStore store = new ReleaseStore(dataDir.dir());
        ReleaseRecord target = target(store);
        Path specFile = specOption.file;
        Optional<SystemSpec> spec = specOption.load(err);
        if (spec.isEmpty()) {
            return 1;
        }
        ReleaseRunner runner = new ReleaseRunner(store, spec.get(), specFile, out, err, output.json(),
                speed == null ? 0 : speed, Optional.empty(), kube, prometheus);
        if (!target.finished()) {
            return runner.proceed(target, true);
        }
        Map<String, String> versions = new LinkedHashMap<>();
        Map<String, String> digests = new LinkedHashMap<>();
        Map<String, Map<String, String>> ranges = new LinkedHashMap<>();
        List<String> installed = new ArrayList<>();
        for (ReleaseRecord.ServiceResult s : target.result().services()) {
            if (!s.outcome().equals("promoted")) {
                continue;
            }
            if (s.from() == null) {
                installed.add(s.name());
            } else {
                versions.put(s.name(), s.from());
                // the exact image that ran before, as the inventory recorded it when the release started
                ReleaseRecord.Before before = target.before().get(s.name());
                if (before != null && before.digest() != null && s.from().equals(before.version())) {
                    digests.put(s.name(), before.digest());
                }
                // and the ranges that version declared, which the spec may no longer hold
                if (before != null && before.ranges() != null && s.from().equals(before.version())) {
                    ranges.put(s.name(), before.ranges());
                }
            }
        }
        if (versions.isEmpty()) {
            throw new UserError("release " + target.id() + " has nothing to roll back: "
                    + (installed.isEmpty() ? "it changed no service (outcome " + target.state() + ")"
                    : "it only installed " + String.join(", ", installed) + ", and Slipway does not uninstall"),
                    "`slipway status --env " + environment + "` shows what runs");
        }
        Inventory now = World.inventory(dataDir.dir(), spec.get(), environment, kube);
        for (ReleaseRecord.ServiceResult s : target.result().services()) {
            String running = now.deployed(s.name()).map(Deployed::version).orElse(null);
            if (versions.containsKey(s.name()) && !s.to().equals(running)) {
                throw new UserError(s.name() + " runs " + (running == null ? "nothing" : running) + ", not " + s.to()
                        + " as " + target.id() + " left it: a later release changed it",
                        "roll back the later release first, or deploy the versions you want");
            }
        }
        if (!installed.isEmpty() && !output.json()) {
            out.println("note: " + String.join(", ", installed) + " were installed by " + target.id()
                    + " and stay (Slipway does not uninstall)");
        }
        if (!output.json()) {
            out.println("Rolling back " + target.id() + ": " + String.join(", ", versions.entrySet().stream()
                    .map(e -> e.getKey() + " -> " + e.getValue()).toList()));
        }
        ReleaseEngine.Options options = ReleaseEngine.Options.DEFAULT.withMaxParallel(target.maxParallel());
        // the versions going back were committed long ago: a rollback carries no commit of its own
        return runner.deploy(new ReleaseRequest(environment, versions, digests, ranges), digests, options,
                target.id(), CommitOptions.Commit.NONE);
    }

    private ReleaseRecord target(ReleaseStore store) {
        if (releaseId != null) {
            ReleaseRecord record = store.load(releaseId).orElseThrow(() -> new UserError(
                    "no release " + releaseId + " in " + store.dataDir(), "`slipway status --env " + environment
                            + "` names the last release"));
            if (!record.environment().equals(environment)) {
                throw new UserError("release " + releaseId + " went to " + record.environment() + ", not "
                        + environment, "pass --env " + record.environment());
            }
            if (record.rolledBackBy() != null) {
                throw new UserError("release " + releaseId + " was already rolled back by " + record.rolledBackBy(),
                        null);
            }
            return record;
        }
        List<ReleaseRecord> releases = store.of(environment);
        for (int i = releases.size() - 1; i >= 0; i--) {
            ReleaseRecord r = releases.get(i);
            if (!r.finished()) {
                return r;
            }
            if (r.rolledBackBy() == null && r.rollbackOf() == null && r.state().equals("succeeded")) {
                return r;
            }
        }
        throw new UserError("nothing to roll back in " + environment + ": no succeeded release that was not rolled "
                + "back yet", "name one with --release ID");
    }
}
