package dev.slipway.run;

import dev.slipway.model.VersionRange;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.UserError;
import dev.slipway.release.Deployed;
import dev.slipway.release.Inventory;
import dev.slipway.release.plan.ReleaseRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A promotion: a release to an environment of exactly the versions and digests that run healthy in the environment
 * it is promoted from — every service that differs, or the ones named. It is then planned and run like any release.
 */
public final class Promotion {

    private Promotion() {
    }

    /**
     * @param source   what runs in the environment promoted from
     * @param target   what runs in the environment promoted to
     * @param services the services to promote; empty for every one that differs
     * @throws UserError when the environment has no {@code promoteFrom}, a named service does not run healthy in the
     *                   source, or nothing differs
     */
    public static ReleaseRequest request(SystemSpec spec, String environment, Inventory source, Inventory target,
                                         List<String> services) {
        String from = spec.environment(environment).orElseThrow(() -> new UserError("environment " + environment
                        + " is not in the spec", "environments: " + String.join(", ",
                        spec.environments().stream().map(e -> e.name()).toList())))
                .promoteFrom().orElseThrow(() -> new UserError(environment + " is not promoted from another "
                        + "environment (no promoteFrom in slipway.yaml)", "release to it with `slipway deploy "
                        + "--env " + environment + "`"));
        Map<String, String> versions = new LinkedHashMap<>();
        Map<String, String> digests = new LinkedHashMap<>();
        Map<String, Map<String, VersionRange>> ranges = new LinkedHashMap<>();
        for (String service : services.isEmpty() ? source.services().keySet() : services) {
            Deployed there = source.deployed(service).orElseThrow(() -> new UserError(service + " does not run in "
                    + from, "promote a service that runs there: " + String.join(", ", source.services().keySet())));
            if (!there.healthy() || there.tracks().size() != 1) {
                if (services.isEmpty()) {
                    continue; // mid-rollout or unhealthy: not something to promote; a named one is an error
                }
                throw new UserError(service + " is not settled and healthy in " + from,
                        "wait for its rollout there to end");
            }
            boolean differs = target.deployed(service).map(here -> !here.version().equals(there.version())
                    || !here.digest().equals(there.digest())).orElse(true);
            if (differs || !services.isEmpty()) {
                versions.put(service, there.version());
                there.digest().ifPresent(d -> digests.put(service, d));
                there.ranges().ifPresent(r -> ranges.put(service, r));
            }
        }
        if (versions.isEmpty()) {
            throw new UserError(environment + " already runs what runs in " + from, null);
        }
        return new ReleaseRequest(environment, versions, digests, ranges);
    }
}
