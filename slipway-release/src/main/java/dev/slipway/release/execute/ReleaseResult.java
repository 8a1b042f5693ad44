package dev.slipway.release.execute;

import dev.slipway.model.Keyword;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How a release ended: succeeded (every service promoted), rolled back (something failed and was undone) or
 * failed (a rollback did not complete). Times are offsets from the start of the release; the critical path is
 * the longest chain of actual rollout durations along the plan's edges, the lower bound of the makespan.
 */
public record ReleaseResult(String release, Outcome outcome, List<ServiceResult> services, Duration makespan,
                            Duration criticalPath) {

    public ReleaseResult {
        services = List.copyOf(services);
    }

    /**
     * How a whole release ended ({@code succeeded}, {@code rolled-back}, {@code failed}: the journal's and the
     * JSON's spelling). Not {@code Deployment.Outcome}, which is one service's deployment in the history.
     */
    public enum Outcome implements Keyword {
        SUCCEEDED, ROLLED_BACK, FAILED;

        /** @throws IllegalArgumentException for a keyword no outcome has */
        public static Outcome of(String keyword) {
            return Keyword.required(Outcome.class, keyword, "release outcome");
        }
    }

    /** {@code outcome}: promoted, rolled-back, failed or cancelled (a terminal phase). */
    public record ServiceResult(String name, Optional<String> from, String to, RolloutPhase outcome,
                                Optional<Duration> startedAt, Optional<Duration> finishedAt) {
    }

    public Optional<ServiceResult> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
