package dev.slipway.release.plan;

import dev.slipway.model.Strategy;
import dev.slipway.model.VersionRange;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One service of the release, with everything its rollout needs: from the version that runs (empty when it is not
 * installed) to the target, the strategy it rolls out with (a first install has no traffic to shift: always
 * rolling), which services of the release it waits for, when it is estimated to start and finish, the ranges the
 * target declares and how it runs ({@link Execution}).
 * {@code digest} pins the target to one image (the one the pipeline built and scanned); empty deploys by version.
 * {@code ranges} are the target version's dependency ranges: the spec's, or those recorded when an older version
 * ran (a rollback's); the deployment records them so that later plans check what really runs.
 */
public record PlannedService(String name, Optional<String> from, String to, Optional<String> digest,
                             Strategy strategy, List<String> after, Duration estimate, Duration start,
                             Duration finish, boolean critical, Map<String, VersionRange> ranges,
                             Execution execution) {

    public PlannedService {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(execution, "execution");
        after = List.copyOf(after);
        ranges = Collections.unmodifiableMap(new LinkedHashMap<>(ranges));
    }

    /** The image of the target version. */
    public String image() {
        return execution.image(to, digest);
    }
}
