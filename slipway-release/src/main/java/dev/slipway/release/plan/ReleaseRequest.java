package dev.slipway.release.plan;

import dev.slipway.model.DocPath;
import dev.slipway.model.Problem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a user asks for: an environment and, in the order given, a target version per service. From
 * {@code --set SVC=VERSION} arguments ({@link #fromSets}) or a {@code release.yaml} ({@link ReleaseFile}).
 */
public record ReleaseRequest(String environment, Map<String, String> versions) {

    /** Label of problems found in {@code --set} arguments. */
    public static final String COMMAND_LINE = "command line";

    public ReleaseRequest {
        Objects.requireNonNull(environment, "environment");
        versions = Collections.unmodifiableMap(new LinkedHashMap<>(versions));
    }

    /** The request, or the problems that stop it, with where they are. */
    public record Load(Optional<ReleaseRequest> request, List<Problem> problems) {
        public Load {
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return request.isPresent();
        }
    }

    /** Reads {@code SVC=VERSION} arguments; a service given twice is a mistake, not "the last one wins". */
    public static Load fromSets(String environment, List<String> sets) {
        Map<String, String> versions = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < sets.size(); i++) {
            String set = sets.get(i);
            DocPath where = DocPath.of("--set", i);
            int equals = set.indexOf('=');
            String service = equals < 0 ? "" : set.substring(0, equals).trim();
            String version = equals < 0 ? "" : set.substring(equals + 1).trim();
            if (service.isEmpty() || version.isEmpty()) {
                problems.add(error(where, "expected SERVICE=VERSION, got \"" + set + "\"", "e.g. --set payments=2.1.0"));
            } else if (versions.putIfAbsent(service, version) != null) {
                problems.add(error(where, "\"" + service + "\" is set twice", "give each service one version"));
            }
        }
        return result(environment, versions, problems);
    }

    /** This request with {@code overrides} taking precedence (e.g. {@code --set} over a release file). */
    public ReleaseRequest withVersions(Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(versions);
        merged.putAll(overrides);
        return new ReleaseRequest(environment, merged);
    }

    private static Load result(String environment, Map<String, String> versions, List<Problem> problems) {
        if (versions.isEmpty() && problems.isEmpty()) {
            problems.add(error(DocPath.of("--set"), "no service to release",
                    "name at least one: --set SERVICE=VERSION, or --file release.yaml"));
        }
        return problems.isEmpty()
                ? new Load(Optional.of(new ReleaseRequest(environment, versions)), List.of())
                : new Load(Optional.empty(), problems);
    }

    private static Problem error(DocPath path, String message, String hint) {
        return new Problem(Problem.Severity.ERROR, COMMAND_LINE, 0, 0, path, message, Optional.of(hint));
    }
}
