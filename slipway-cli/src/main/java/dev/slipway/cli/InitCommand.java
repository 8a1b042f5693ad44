package dev.slipway.cli;

import dev.slipway.model.UserError;
import dev.slipway.generate.init.ImportResult;
import dev.slipway.generate.init.RepositoryImport;
import dev.slipway.generate.init.SpecText;
import dev.slipway.generate.init.SummaryTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Scan a repository and write DIR/slipway.yaml describing it.",
            "",
            "Services come from build files and Dockerfiles (language and build tool detected), docker compose "
                + "projects (with .env interpolation, overrides, include, extends, profiles), Kubernetes manifests, "
                + "Helm charts (rendered with their default values) and .NET Aspire AppHosts. Dependencies come from "
                + "env values, ConfigMaps, depends_on, NetworkPolicies, AppHost references and code defaults; each "
                + "is commented with where it was read, and cycles are broken by leaving out the weakest edges. "
                + "Prints a summary table, what it left out (test suites, libraries, tooling, optional add-ons) and "
                + "why, and a warning for every unresolved variable or reference. What is detected: docs/init.md."})
final class InitCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", defaultValue = ".",
            description = "The repository to scan (default: the current directory).")
    Path dir;

    @Option(names = "--force", description = "Overwrite an existing slipway.yaml.")
    boolean force;

    @Option(names = "--name", paramLabel = "NAME", description = "The system's name (default: DIR's name as a DNS label).")
    String name;

    @Option(names = "--registry", paramLabel = "REGISTRY",
            description = "Where images are pushed, e.g. ghcr.io/acme/shop (default: the prefix the repository's images share, else ghcr.io/NAME).")
    String registry;

    @Option(names = "--repository", paramLabel = "URL",
            description = "The Git URL Argo CD and Flux sync from (default: the origin remote in DIR/.git/config, if any).")
    String repository;

    @Option(names = "--include", paramLabel = "GLOB", split = ",",
            description = "Read only paths matching this glob (repeatable, e.g. services/** or deploy/k8s); default: everything.")
    java.util.List<String> include = new java.util.ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB", split = ",",
            description = "Do not read paths matching this glob (repeatable, e.g. legacy/** or **/examples/**).")
    java.util.List<String> exclude = new java.util.ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        Path target = dir.resolve("slipway.yaml");
        if (Files.exists(target) && !force) {
            throw new UserError(target + " already exists", "pass --force to overwrite it, or edit it by hand");
        }
        ImportResult result;
        try {
            result = RepositoryImport.scan(dir, include, exclude);
        } catch (NoSuchFileException e) {
            throw new UserError("no such directory: " + dir, "pass the root of the repository to import");
        } catch (NotDirectoryException e) {
            throw new UserError(dir + " is a file, not a directory", "pass the root of the repository to import");
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), "--include and --exclude take globs such as services/** or **/legacy/**");
        }
        if (result.services().isEmpty()) {
            result.warnings().forEach(err::println);
            throw new UserError("found no services in " + dir,
                    "a service is a directory with a Dockerfile or a build file (pom.xml, package.json, go.mod, ...), "
                            + "or a workload in a Kubernetes manifest");
        }
        String system = name != null ? name : result.systemName();
        String text;
        try {
            text = SpecText.write(result, system, registry != null ? registry : result.registryFor(system),
                    Optional.ofNullable(repository).or(result::repository));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), "check --name, --registry and --repository");
        }
        Path staged = Files.createTempFile(dir, ".slipway-init-", ".yaml");
        try {
            Files.writeString(staged, text, StandardCharsets.UTF_8);
            Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(staged);
        }
        out.print(SummaryTable.render(result));
        if (!result.leftOut().isEmpty()) {
            out.println();
            out.println("left out (not services of this system):");
            result.leftOut().forEach(line -> out.println("  " + line));
        }
        result.warnings().forEach(err::println);
        out.printf("%nwrote %s: %d services. Next: slipway validate -f %s%n", target, result.services().size(), target);
        out.flush();
        err.flush();
        return 0;
    }
}
