package dev.slipway.cli;

import dev.slipway.model.UserError;
import dev.slipway.model.DocPath;
import dev.slipway.model.Problem;
import dev.slipway.model.SystemSpec;
import dev.slipway.release.plan.ReleaseFile;
import dev.slipway.release.plan.ReleaseRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** What to release, shared by {@code plan} and {@code deploy}: environment, versions, release file, cap. */
final class ReleaseArguments {

    @Option(names = "--env", paramLabel = "ENV",
            description = "The environment to release to (optional when --file names one).")
    String environment;

    @Option(names = "--set", paramLabel = "SVC=VERSION[@sha256:DIGEST]",
            description = "A service and its target version; repeat for more. The digest the CI pipeline built "
                    + "and scanned may follow the version: the release then deploys exactly that image "
                    + "(repository@sha256:...), and `status` shows it.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--file", paramLabel = "RELEASE.yaml",
            description = "A release file ({environment: ENV, services: {SVC: VERSION}}); --set overrides its versions.")
    Path releaseFile;

    @Option(names = "--max-parallel", paramLabel = "N", defaultValue = "0",
            description = "At most N services rolling out at once; the ready service with the longest remaining "
                    + "path goes first (default: no cap).")
    int maxParallel;

    /** The request and the digests given with it. */
    record Parsed(ReleaseRequest request, Map<String, String> digests) {
    }

    /** A release file's request; a file that cannot be read is a located problem, not an exception. */
    static ReleaseRequest.Load read(Path file) {
        try {
            return ReleaseFile.load(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            return new ReleaseRequest.Load(Optional.empty(), List.of(new Problem(Problem.Severity.ERROR,
                    file.toString(), 0, 0, DocPath.ROOT, "cannot read the file: " + e.getMessage(),
                    Optional.of("check that it exists and is readable"))));
        }
    }

    /** The request, or empty after printing every problem to {@code err}. */
    Optional<Parsed> parse(SystemSpec spec, PrintWriter err) {
        if (maxParallel < 0) {
            throw new UserError("--max-parallel must be 0 (no cap) or positive, got " + maxParallel, null);
        }
        List<Problem> problems = new ArrayList<>();
        Optional<ReleaseRequest> fromFile = Optional.empty();
        if (releaseFile != null) {
            ReleaseRequest.Load load = read(releaseFile);
            problems.addAll(load.problems());
            fromFile = load.request();
        }
        String env = environment != null ? environment : fromFile.map(ReleaseRequest::environment).orElse(null);
        if (env == null && problems.isEmpty()) {
            throw new UserError("which environment? pass --env ENV",
                    "environments in the spec: " + String.join(", ", spec.environments().stream()
                            .map(e -> e.name()).toList()));
        }
        if (fromFile.isPresent() && environment != null && !fromFile.get().environment().equals(environment)) {
            throw new UserError("--env " + environment + " but " + releaseFile + " releases to "
                    + fromFile.get().environment(), "drop --env, or change the file's environment");
        }
        ReleaseRequest request = null;
        if (!sets.isEmpty() || fromFile.isEmpty()) {
            ReleaseRequest.Load load = ReleaseRequest.fromSets(env == null ? "" : env, sets);
            if (fromFile.isPresent() && sets.isEmpty()) {
                request = fromFile.get();
            } else if (load.ok()) {
                request = fromFile.map(f -> f.with(load.request().get())).orElse(load.request().get());
            } else {
                problems.addAll(load.problems());
            }
        } else {
            request = fromFile.get();
        }
        if (!problems.isEmpty() || request == null) {
            problems.forEach(p -> err.println(p.format()));
            err.flush();
            return Optional.empty();
        }
        return Optional.of(new Parsed(request, request.digests()));
    }
}
