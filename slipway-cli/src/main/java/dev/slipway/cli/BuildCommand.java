package dev.slipway.cli;

import dev.slipway.model.UserError;
import dev.slipway.release.plan.ReleaseRequest;
import dev.slipway.store.Build;
import dev.slipway.store.Builds;
import dev.slipway.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "build", mixinStandardHelpOptions = true,
        description = {"Record and list the images CI built: one digest per service version, forever.",
            "",
            "A release may then name a version alone (deploy --set cart=1.4.0): it deploys the recorded digest. "
                + "CI records builds over the API (POST /api/v1/builds, see docs/supply.md); these commands write "
                + "the local store."},
        subcommands = {BuildCommand.Record.class, BuildCommand.ListBuilds.class})
final class BuildCommand implements Runnable {

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public void run() {
        command.commandLine().usage(command.commandLine().getOut());
    }

    @Command(name = "record", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Record a build. Recording the same build again is harmless (a re-run CI job); a version "
                    + "or digest that is already another build is refused: a version is built once.",
                "",
                "Exit codes: 0 recorded (or already recorded), 1 refused or another error."})
    static final class Record implements Callable<Integer> {

        @Option(names = "--service", paramLabel = "NAME", required = true, description = "The service.")
        String service;

        @Option(names = "--version", paramLabel = "VERSION", required = true, description = "Its version.")
        String version;

        @Option(names = "--image", paramLabel = "REPOSITORY", required = true,
                description = "The image repository, without tag or digest, e.g. ghcr.io/acme/shop/cart.")
        String image;

        @Option(names = "--digest", paramLabel = "sha256:…", required = true,
                description = "The digest the registry answered for the pushed image.")
        String digest;

        @Option(names = "--commit", paramLabel = "SHA", description = "The commit it was built from.")
        String commit;

        @Option(names = "--built-at", paramLabel = "INSTANT", description = "When, e.g. 2026-03-01T10:00:00Z "
                + "(default: now).")
        String builtAt;

        @Option(names = "--scan", paramLabel = "REPORT.json",
                description = "The vulnerability report of the image (Trivy JSON or SARIF), kept with the build.")
        Path scan;

        @Mixin
        StoreOption database;

        @Spec
        picocli.CommandLine.Model.CommandSpec command;

        @Override
        public Integer call() {
            PrintWriter out = command.commandLine().getOut();
            if (!ReleaseRequest.isDigest(digest)) {
                throw new UserError("--digest must be sha256:<64 lowercase hex digits>, got " + digest,
                        "take it from the push: `docker buildx build --push --metadata-file m.json` or "
                                + "`crane digest IMAGE:TAG`");
            }
            if (image.contains("@") || image.substring(image.lastIndexOf('/') + 1).contains(":")) {
                throw new UserError("--image is the repository without a tag or digest, got " + image,
                        "e.g. --image ghcr.io/acme/shop/cart --digest sha256:…");
            }
            Instant at;
            try {
                at = builtAt == null ? Instant.now() : Instant.parse(builtAt);
            } catch (DateTimeParseException e) {
                throw new UserError("--built-at must be an ISO-8601 instant, got " + builtAt,
                        "e.g. 2026-03-01T10:00:00Z");
            }
            Optional<String> report = Optional.empty();
            if (scan != null) {
                try {
                    report = Optional.of(Files.readString(scan, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UserError("cannot read the scan report " + scan + ": " + e.getMessage(), null);
                }
            }
            Build build = new Build(service, version, image, digest, Optional.ofNullable(commit), Optional.of(at),
                    report, System.getProperty("user.name", "cli"), Instant.now());
            try (Store store = database.open()) {
                Builds.Recorded recorded = store.builds().record(build);
                out.println((recorded.created() ? "Recorded " : "Already recorded: ") + service + " " + version
                        + " = " + recorded.build().reference());
            } catch (Builds.Conflict e) {
                throw new UserError(e.getMessage(), "a version is built once: give the new image a new version");
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the recorded builds: of one service (oldest first), or the newest 50 of all.")
    static final class ListBuilds implements Callable<Integer> {

        @Option(names = "--service", paramLabel = "NAME", description = "Only this service.")
        String service;

        @Mixin
        StoreOption database;

        @Spec
        picocli.CommandLine.Model.CommandSpec command;

        @Override
        public Integer call() {
            PrintWriter out = command.commandLine().getOut();
            try (Store store = database.open()) {
                List<Build> builds = service == null ? store.builds().latest(50) : store.builds().of(service);
                if (builds.isEmpty()) {
                    out.println("no builds recorded" + (service == null ? "" : " for " + service));
                }
                for (Build b : builds) {
                    out.printf("%-20s %-12s %s  %s%n", b.service(), b.version(), b.reference(),
                            b.commit().orElse("-"));
                }
            }
            out.flush();
            return 0;
        }
    }
}
