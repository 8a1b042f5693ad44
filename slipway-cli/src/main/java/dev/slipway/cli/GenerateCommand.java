package dev.slipway.cli;

import dev.slipway.model.UserError;
import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.GenerationException;
import dev.slipway.generate.Generator;
import dev.slipway.generate.targets.Generators;
import dev.slipway.generate.OutputDirectory;
import dev.slipway.generate.SourceTree;
import dev.slipway.model.SystemSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Write the CI/CD and deployment files for the system.",
            "",
            "Targets: github, gitlab, jenkins, tekton, docker, kubernetes, argocd, flux, istio, gateway-api, "
                + "argo-rollouts, or all. Without --target: the spec's ci.providers plus docker and kubernetes.",
            "",
            "Files are generated in memory, staged, then moved into place: an error never leaves partial output. "
                + "Files Slipway wrote before and no longer writes are removed (they are listed in .slipway-generated); "
                + "your own files are never touched. The same spec gives byte-identical files.",
            "",
            "--check writes nothing and exits 1, listing every file that differs: a drift check for CI."})
final class GenerateCommand implements Callable<Integer> {

    @Mixin
    SpecOption specOption;

    @Option(names = {"-t", "--target"}, paramLabel = "TARGETS",
            description = "Comma-separated targets, or `all`.")
    String targets;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "The repository root to write into (default: the directory of the spec file).")
    Path out;

    @Option(names = {"-q", "--quiet"}, description = "Print only the summary line, not every file written.")
    boolean quiet;

    @Option(names = "--check", description = "Write nothing; exit 1 and list the files that are not what Slipway would generate now.")
    boolean check;

    @Spec
    CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter err = command.commandLine().getErr();
        PrintWriter stdout = command.commandLine().getOut();
        Optional<SystemSpec> loaded = specOption.load(err);
        if (loaded.isEmpty()) {
            return 1;
        }
        SystemSpec spec = loaded.get();
        List<Generator> generators = chooseGenerators(spec);
        // the services' own files (build files, lockfiles, Dockerfiles, sealed secrets) are read from the repository
        SourceTree sources = SourceTree.at(specOption.directory());
        if (targets != null && targets.trim().equals("all")) {
            // `all` means every target this spec can serve: one that needs what the spec lacks (GitOps targets
            // without system.repository) is left out with its reason instead of failing the whole run
            generators = generators.stream().filter(g -> {
                try {
                    g.generate(spec, sources);
                    return true;
                } catch (GenerationException e) {
                    err.println("skipped " + g.target() + ": " + e.getMessage() + " (" + e.hint() + ")");
                    return false;
                }
            }).toList();
        }
        List<GeneratedFile> files;
        try {
            files = Generators.run(spec, sources, generators);
        } catch (GenerationException e) {
            throw new UserError(e.getMessage() + "; nothing was written", e.hint());
        }
        Path root = out != null ? out : specOption.directory();
        OutputDirectory directory = new OutputDirectory(root);
        if (check) {
            List<OutputDirectory.Drift> drift = directory.check(files);
            if (drift.isEmpty()) {
                stdout.printf("%d generated files in %s are up to date%n", files.size(), root);
                return 0;
            }
            drift.forEach(d -> stdout.println(d));
            stdout.printf("%d of %d generated files differ from what `slipway generate` writes now; run it and commit the result%n",
                    drift.size(), files.size());
            return 1;
        }
        OutputDirectory.WriteSummary summary;
        try {
            summary = directory.write(files);
        } catch (java.io.UncheckedIOException e) {
            throw new UserError(e.getMessage(),
                    "check that " + root + " is a directory you can write to");
        }
        if (!quiet) {
            summary.written().forEach(p -> stdout.println("wrote     " + p));
            summary.removed().forEach(p -> stdout.println("removed   " + p));
        }
        stdout.printf("%s: %d files written, %d unchanged, %d removed in %s%n",
                String.join(",", generators.stream().map(Generator::target).toList()),
                summary.written().size(), summary.unchanged().size(), summary.removed().size(), root);
        return 0;
    }

    private List<Generator> chooseGenerators(SystemSpec spec) {
        if (targets == null) {
            return Generators.defaultsFor(spec);
        }
        List<String> unknown = new ArrayList<>();
        List<Generator> chosen = Generators.parse(targets, unknown);
        if (!unknown.isEmpty() || chosen.isEmpty()) {
            throw new CommandLine.ParameterException(command.commandLine(),
                    "unknown target" + (unknown.size() == 1 ? " " : "s ") + String.join(", ", unknown)
                            + "; expected a comma-separated list of: " + String.join(", ", Generators.targets()) + ", or all");
        }
        return chosen;
    }
}
