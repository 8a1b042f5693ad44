package dev.slipway.release.plan;

import dev.slipway.model.VersionRange;
import dev.slipway.model.DocPath;
import dev.slipway.model.Problem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a user asks for: an environment and, in the order given, a target version per service, optionally pinned
 * to an image digest. From {@code --set SVC=VERSION[@sha256:DIGEST]} arguments ({@link #fromSets}) or a
 * {@code release.yaml} ({@link ReleaseFile}).
 * <p>
 * The digest is what the CI pipeline built and scanned: with one, the release deploys exactly that image
 * ({@code repository@sha256:...}), not whatever the version's tag points to by then.
 *
 * @param digests service → image digest, for the services of {@code versions} that were pinned
 * @param ranges  service → the dependency ranges its target version declared, where they are known and differ
 *                from the spec's: a rollback goes back to versions whose ranges were recorded when they ran
 */
public record ReleaseRequest(String environment, Map<String, String> versions, Map<String, String> digests,
                             Map<String, Map<String, VersionRange>> ranges) {

    /** Label of problems found in {@code --set} arguments. */
    public static final String COMMAND_LINE = "command line";

    /** An OCI image digest as the pipelines write it. */
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    public ReleaseRequest {
        Objects.requireNonNull(environment, "environment");
        versions = Collections.unmodifiableMap(new LinkedHashMap<>(versions));
        digests = Collections.unmodifiableMap(new LinkedHashMap<>(digests));
        ranges = Map.copyOf(ranges);
        for (String service : digests.keySet()) {
            if (!versions.containsKey(service)) {
                throw new IllegalArgumentException("a digest for " + service + ", which has no version");
            }
        }
    }

    /** A request by version only. */
    public ReleaseRequest(String environment, Map<String, String> versions) {
        this(environment, versions, Map.of());
    }

    /** A request whose targets declare the spec's ranges. */
    public ReleaseRequest(String environment, Map<String, String> versions, Map<String, String> digests) {
        this(environment, versions, digests, Map.of());
    }

    /** The ranges the target version of {@code service} declared, when the request knows them. */
    public Optional<Map<String, VersionRange>> ranges(String service) {
        return Optional.ofNullable(ranges.get(service));
    }

    public Optional<String> digest(String service) {
        return Optional.ofNullable(digests.get(service));
    }

    /** True for a well-formed image digest ({@code sha256:} and 64 lowercase hex digits). */
    public static boolean isDigest(String text) {
        return DIGEST.matcher(text).matches();
    }

    /** The hint given with a malformed digest. */
    static final String DIGEST_HINT = "write VERSION@sha256:<64 lowercase hex digits>, or leave the digest out";

    /** The request, or the problems that stop it, with where they are. */
    public record Load(Optional<ReleaseRequest> request, List<Problem> problems) {
        public Load {
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return request.isPresent();
        }
    }

    /**
     * Reads {@code SVC=VERSION[@sha256:DIGEST]} arguments; a service given twice is a mistake, not "the last one
     * wins".
     */
    public static Load fromSets(String environment, List<String> sets) {
        Map<String, String> versions = new LinkedHashMap<>();
        Map<String, String> digests = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < sets.size(); i++) {
            String set = sets.get(i);
            DocPath where = DocPath.of("--set", i);
            int equals = set.indexOf('=');
            String service = equals < 0 ? "" : set.substring(0, equals).trim();
            String pinned = equals < 0 ? "" : set.substring(equals + 1).trim();
            int at = pinned.indexOf('@');
            String version = at < 0 ? pinned : pinned.substring(0, at).trim();
            Optional<String> digest = at < 0 ? Optional.empty() : Optional.of(pinned.substring(at + 1).trim());
            if (service.isEmpty() || version.isEmpty()) {
                problems.add(error(where, "expected SERVICE=VERSION, got \"" + set + "\"", "e.g. --set payments=2.1.0"));
            } else if (digest.isPresent() && !isDigest(digest.get())) {
                problems.add(error(where, "\"" + digest.get() + "\" is not an image digest", DIGEST_HINT));
            } else if (versions.putIfAbsent(service, version) != null) {
                problems.add(error(where, "\"" + service + "\" is set twice", "give each service one version"));
            } else {
                digest.ifPresent(d -> digests.put(service, d));
            }
        }
        return result(environment, versions, digests, problems);
    }

    /** This request with {@code overrides} taking precedence (e.g. {@code --set} over a release file). */
    public ReleaseRequest withVersions(Map<String, String> overrides) {
        return with(new ReleaseRequest(environment, overrides));
    }

    /**
     * This request with the services of {@code overrides} taking precedence, version and digest together: an
     * overridden service keeps no digest of this request, since that digest was of another build.
     */
    public ReleaseRequest with(ReleaseRequest overrides) {
        Map<String, String> merged = new LinkedHashMap<>(versions);
        merged.putAll(overrides.versions());
        Map<String, String> pins = new LinkedHashMap<>(digests);
        overrides.versions().keySet().forEach(pins::remove);
        pins.putAll(overrides.digests());
        Map<String, Map<String, VersionRange>> declared = new LinkedHashMap<>(ranges);
        overrides.versions().keySet().forEach(declared::remove);
        declared.putAll(overrides.ranges());
        return new ReleaseRequest(environment, merged, pins, declared);
    }

    private static Load result(String environment, Map<String, String> versions, Map<String, String> digests,
                               List<Problem> problems) {
        if (versions.isEmpty() && problems.isEmpty()) {
            problems.add(error(DocPath.of("--set"), "no service to release",
                    "name at least one: --set SERVICE=VERSION, or --file release.yaml"));
        }
        return problems.isEmpty()
                ? new Load(Optional.of(new ReleaseRequest(environment, versions, digests)), List.of())
                : new Load(Optional.empty(), problems);
    }

    private static Problem error(DocPath path, String message, String hint) {
        return new Problem(Problem.Severity.ERROR, COMMAND_LINE, 0, 0, path, message, Optional.of(hint));
    }
}
