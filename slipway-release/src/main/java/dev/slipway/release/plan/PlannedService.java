package dev.slipway.release.plan;

import dev.slipway.model.Strategy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One service of the release: from the version that runs (empty when it is not installed) to the target, how it
 * rolls out, which services of the release it waits for, and when it is estimated to start and finish.
 */
public record PlannedService(String name, Optional<String> from, String to, Strategy strategy, List<String> after,
                             Duration estimate, Duration start, Duration finish, boolean critical) {

    public PlannedService {
        after = List.copyOf(after);
    }
}
