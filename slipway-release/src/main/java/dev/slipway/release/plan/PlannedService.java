package dev.slipway.release.plan;

import dev.slipway.model.Strategy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One service of the release: from the version that runs (empty when it is not installed) to the target, how it
 * rolls out, which services of the release it waits for, and when it is estimated to start and finish.
 * {@code digest} pins the target to one image (the one the pipeline built and scanned); empty deploys by version.
 */
public record PlannedService(String name, Optional<String> from, String to, Optional<String> digest,
                             Strategy strategy, List<String> after, Duration estimate, Duration start,
                             Duration finish, boolean critical) {

    public PlannedService {
        java.util.Objects.requireNonNull(digest, "digest");
        after = List.copyOf(after);
    }

    /** A service deployed by version only. */
    public PlannedService(String name, Optional<String> from, String to, Strategy strategy, List<String> after,
                          Duration estimate, Duration start, Duration finish, boolean critical) {
        this(name, from, to, Optional.empty(), strategy, after, estimate, start, finish, critical);
    }
}
