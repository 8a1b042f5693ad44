package dev.slipway.cli;

import dev.slipway.run.Undo;

import dev.slipway.run.Commit;
import dev.slipway.run.ReleaseRecord;
import dev.slipway.run.Releaser;
import dev.slipway.run.ReleaseRecords;
import dev.slipway.run.World;

import dev.slipway.model.UserError;
import dev.slipway.model.SystemSpec;
import dev.slipway.release.execute.ReleaseEngine;
import java.io.PrintWriter;
import java.nio.file.Path;
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

    @Mixin
    ReleaseRunOptions run;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        return run.withRecords(store -> rollback(store, out, err));
    }

    private int rollback(ReleaseRecords store, PrintWriter out, PrintWriter err) {
        ReleaseRecord target = target(store);
        Path specFile = specOption.file;
        Optional<SystemSpec> spec = specOption.load(err);
        if (spec.isEmpty()) {
            return 1;
        }
        ReleaseRunner runner = run.runner(store, spec.get(), specFile, out, err, Optional.empty());
        if (!target.finished()) {
            return runner.proceed(target, true);
        }
        Undo undo = Undo.of(target);
        List<String> installed = undo.installed();
        Map<String, String> versions = undo.request().versions();
        undo.checkStillRunning(target, World.inventory(store.dataDir(), spec.get(), environment, run.kube.access()));
        if (!installed.isEmpty() && !run.json()) {
            out.println("note: " + String.join(", ", installed) + " were installed by " + target.id()
                    + " and stay (Slipway does not uninstall)");
        }
        if (!run.json()) {
            out.println("Rolling back " + target.id() + ": " + String.join(", ", versions.entrySet().stream()
                    .map(e -> e.getKey() + " -> " + e.getValue()).toList()));
        }
        ReleaseEngine.Options options = ReleaseEngine.Options.DEFAULT.withMaxParallel(target.maxParallel());
        // the versions going back were committed long ago: a rollback carries no commit of its own
        return runner.deploy(undo.request(), options, target.id(), Commit.NONE, Releaser.Starter.localUser());
    }

    private ReleaseRecord target(ReleaseRecords store) {
        if (releaseId != null) {
            ReleaseRecord record = store.load(releaseId).orElseThrow(() -> new UserError(
                    "no release " + releaseId + " in the store of " + store.dataDir(), "`slipway status --env " + environment
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
