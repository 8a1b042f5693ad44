package dev.slipway.run;

import dev.slipway.model.Environment;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.UserError;
import dev.slipway.release.plan.ReleaseRequest;
import dev.slipway.store.Build;
import dev.slipway.store.Deployment;
import dev.slipway.store.Store;
import dev.slipway.supply.gates.GateResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lets a release into its environment, the way "build once, promote the digest" needs: each version takes the digest
 * CI recorded for it, and the environment's gates are checked against the store's history — the release is refused
 * (every unmet gate named, each with a hint) unless an admin forces it, which is recorded.
 */
final class Gatekeeper {

    static final String PROMOTE_FROM = "promote-from";
    static final String APPROVAL = "approval";

    private final Store store;
    private final SystemSpec spec;

    Gatekeeper(Store store, SystemSpec spec) {
        this.store = store;
        this.spec = spec;
    }

    /**
     * The request with the recorded digest of every version named alone. A service whose builds Slipway records
     * must name a recorded version (and, with a digest, that version's digest); a service with no recorded build at
     * all is deployed by its tag, as before builds were recorded (the sandbox, a team not yet on the road).
     *
     * @throws UserError for a version with no record, or a digest that is not the version's
     */
    ReleaseRequest withRecordedDigests(ReleaseRequest request) {
        Map<String, String> digests = new LinkedHashMap<>(request.digests());
        for (Map.Entry<String, String> target : request.versions().entrySet()) {
            String service = target.getKey();
            String version = target.getValue();
            Optional<Build> build = store.builds().find(service, version);
            String given = request.digests().get(service);
            if (build.isPresent()) {
                if (given != null && !given.equals(build.get().digest())) {
                    throw new UserError(service + " " + version + " was built as " + build.get().digest()
                            + ", not " + given, "name the version alone (its recorded digest is used), or the "
                            + "digest it was built as");
                }
                digests.put(service, build.get().digest());
            } else if (given == null) {
                List<Build> recorded = store.builds().of(service);
                if (!recorded.isEmpty()) {
                    throw new UserError("no build of " + service + " " + version + " is recorded (recorded: "
                            + String.join(", ", recorded.stream().map(Build::version).toList().reversed()
                            .stream().limit(5).toList()) + (recorded.size() > 5 ? ", …" : "") + ")",
                            "record it first (`slipway build record`, or POST /api/v1/builds from CI), or name "
                                    + "its digest: --set " + service + "=" + version + "@sha256:…");
                }
            }
        }
        return new ReleaseRequest(request.environment(), request.versions(), digests, request.ranges());
    }

    /** Every gate of the environment for this release, each with what it found. */
    List<GateResult> check(ReleaseRequest request) {
        Environment environment = spec.environment(request.environment()).orElseThrow(() -> new UserError(
                "environment " + request.environment() + " is not in the spec", null));
        List<GateResult> gates = new ArrayList<>();
        environment.promoteFrom().ifPresent(source -> gates.add(promotedFrom(source, request)));
        if (environment.approval()) {
            Environment.Approvers approvers = environment.approvers();
            gates.add(GateResult.passed(APPROVAL, "the release waits for " + approvers.minimum() + " approver"
                    + (approvers.minimum() == 1 ? "" : "s") + (approvers.allowSelf() ? ""
                    : ", not the person who starts it") + " (`slipway approve RELEASE`)"));
        }
        return gates;
    }

    /** Every target ran healthy in the source environment: the same version, and the same digest when known. */
    private GateResult promotedFrom(String source, ReleaseRequest request) {
        List<String> ran = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, String> target : request.versions().entrySet()) {
            String service = target.getKey();
            Optional<String> digest = Optional.ofNullable(request.digests().get(service));
            Optional<Deployment> healthy = store.deployments().list(source, service)
                    .stream().filter(d -> d.version().equals(target.getValue()))
                    .filter(d -> digest.isEmpty() || d.digest().equals(digest))
                    .filter(d -> d.outcome().equals("succeeded"))
                    .max(Comparator.comparing(Deployment::started));
            String named = service + " " + target.getValue() + digest.map(d -> " (" + shortDigest(d) + ")").orElse("");
            if (healthy.isPresent()) {
                ran.add(named);
            } else {
                missing.add(named);
            }
        }
        if (missing.isEmpty()) {
            return GateResult.passed(PROMOTE_FROM, "ran healthy in " + source + ": " + String.join(", ", ran));
        }
        return GateResult.failed(PROMOTE_FROM, "never ran healthy in " + source + ": " + String.join(", ", missing),
                "promote what runs in " + source + " with `slipway promote --to " + request.environment()
                        + "`, or release these to " + source + " first; an admin may override with --force "
                        + "--reason TEXT");
    }

    static String shortDigest(String digest) {
        return digest.length() > 19 ? digest.substring(0, 19) + "…" : digest;
    }
}
