package dev.slipway.release.plan;

import dev.slipway.model.Strategy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One service of the release: from the version that runs (empty when it is not installed) to the target, how it
 * rolls out, which services of the release it waits for, and when it is estimated to start and finish.
 * {@code digest} pins the target to one image (the one the pipeline built and scanned); empty deploys by version.
 * {@code ranges} are the target version's dependency ranges when they are not the spec's (a rollback's older
 * version); the deployment records them so that later plans check what really runs.
 */
public record PlannedService(String name, Optional<String> from, String to, Optional<String> digest,
                             Strategy strategy, List<String> after, Duration estimate, Duration start,
                             Duration finish, boolean critical, Optional<Map<String, String>> ranges) {

    public PlannedService {
        java.util.Objects.requireNonNull(digest, "digest");
        after = List.copyOf(after);
        ranges = ranges.map(Map::copyOf);
    }

    /** A service deployed by version only, declaring the spec's ranges. */
    public PlannedService(String name, Optional<String> from, String to, Strategy strategy, List<String> after,
                          Duration estimate, Duration start, Duration finish, boolean critical) {
        this(name, from, to, Optional.empty(), strategy, after, estimate, start, finish, critical, Optional.empty());
    }
}
