package dev.slipway.cli;

import dev.slipway.model.UserError;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run Slipway on the bundled example shop.",
            "",
            "Act 1: copies the example monorepo to a temporary directory, runs `init` on it, then "
                + "`generate --target all`, and shows the graph and what was written.",
            "Act 2: starts the Slipway server (`slipway serve`) on the sandbox, with its H2 database in the demo's "
                + "temporary data directory, prints its API URL and an admin token, and sends it four releases "
                + "of the shop in real time sped up --speed times, each followed on its event stream: release 1 "
                + "installs every service in dependency order; release 2 carries a faulty catalog 2.0.0 (30 % "
                + "errors) whose canary fails, and the release is rolled back the coordinated way; release 3 carries "
                + "a redis 7.4.1 whose rolling update completes at once and which fails in its verification window, "
                + "rolled back with its waiting dependents cancelled; release 4 ships the fixed catalog 2.0.1. The root-cause report, `status` and a summary follow; then the server "
                + "keeps running until Ctrl-C. --headless runs faster, to the end, and exits."})
final class DemoCommand implements Callable<Integer> {

    static final String EXAMPLE = "examples/shop";
    static final String EXAMPLE_REPOSITORY = "https://github.com/acme/shop.git";
    /** Fast enough that the four releases end in seconds, slow enough that their steps are real-time events. */
    static final double HEADLESS_SPEED = 600;

    @Option(names = "--keep", description = "Keep the demo directory (its path is printed) instead of deleting it.")
    boolean keep;

    @Option(names = "--generate-only", description = "Only act 1: import and generate, no releases.")
    boolean generateOnly;

    @Option(names = "--headless", description = "Run the releases 600 times faster than real time, end with the "
            + "summary and stop the server (for CI and scripts).")
    boolean headless;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
            description = "The server's port (default: a free one, printed).")
    int port;

    @Option(names = "--speed", paramLabel = "N", defaultValue = "60",
            description = "How many times faster than real time the releases run (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--example", paramLabel = "DIR", hidden = true,
            description = "The example repository to import (default: examples/shop of the Slipway installation).")
    Path example;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        Path source = example != null ? example : bundledExample();
        Path work = Files.createTempDirectory("slipway-demo-");
        try {
            Path repo = work.resolve("shop");
            copyWithoutSpec(source, repo);
            String spec = repo.resolve("slipway.yaml").toString();
            List<List<String>> steps = List.of(
                    List.of("init", repo.toString(), "--repository", EXAMPLE_REPOSITORY),
                    List.of("validate", "-f", spec),
                    List.of("graph", "-f", spec),
                    List.of("generate", "-f", spec, "--target", "all", "--quiet"));
            for (int i = 0; i < steps.size(); i++) {
                List<String> args = steps.get(i);
                out.printf("%n── %d/%d  slipway %s%n%n", i + 1, steps.size(), String.join(" ", args));
                out.flush();
                int code = Main.run(out, err, args.toArray(String[]::new));
                if (code != 0) {
                    err.printf("demo: `slipway %s` failed with exit code %d%n", String.join(" ", args), code);
                    return code;
                }
            }
            out.printf("%n── what Slipway wrote into %s%n%n", repo);
            summarize(repo, out);
            if (generateOnly) {
                return 0;
            }
            return new DemoReleases(out, err, source.resolve("slipway.yaml"), work, headless ? HEADLESS_SPEED : speed,
                    headless, port).run();
        } finally {
            if (keep) {
                out.println("\nThe demo repository is kept in " + work.resolve("shop"));
            } else {
                deleteTree(work);
            }
            out.flush();
        }
    }

    private static Path bundledExample() {
        String home = System.getProperty("slipway.home");
        Path dir = Path.of(home != null ? home : ".").resolve(EXAMPLE);
        if (!Files.isDirectory(dir)) {
            throw new UserError("the bundled example " + dir + " is missing",
                    "run the demo through the launcher in the Slipway repository: ./slipway demo");
        }
        return dir;
    }

    private static void copyWithoutSpec(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path relative = from.relativize(path);
                if (relative.toString().equals("slipway.yaml") || relative.toString().equals(".slipway-generated")) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    /** Generated files per top-level area, listed in .slipway-generated. */
    private static void summarize(Path repo, PrintWriter out) throws IOException {
        Path manifest = repo.resolve(".slipway-generated");
        Map<String, Integer> byArea = new TreeMap<>();
        for (String line : Files.readAllLines(manifest)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("/");
            String area = parts.length > 2 && parts[0].equals("deploy") ? parts[0] + "/" + parts[1]
                    : parts.length > 1 ? parts[0] : line;
            byArea.merge(area, 1, Integer::sum);
        }
        byArea.forEach((area, count) -> out.printf("  %-28s %3d file%s%n", area, count, count == 1 ? "" : "s"));
        out.printf("%nEvery one of them passes its ecosystem's validator in the test suite (./scripts/test.sh).%n"
                + "Try it on your own repository: ./slipway init PATH && ./slipway generate -f PATH/slipway.yaml%n");
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
