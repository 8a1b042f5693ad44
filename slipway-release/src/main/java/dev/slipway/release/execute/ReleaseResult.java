package dev.slipway.release.execute;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
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

    public enum Outcome {
        SUCCEEDED, ROLLED_BACK, FAILED;

        public String keyword() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** @throws IllegalArgumentException for a keyword no outcome has */
        public static Outcome of(String keyword) {
            for (Outcome outcome : values()) {
                if (outcome.keyword().equals(keyword)) {
                    return outcome;
                }
            }
            throw new IllegalArgumentException("unknown release outcome \"" + keyword + "\"");
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
