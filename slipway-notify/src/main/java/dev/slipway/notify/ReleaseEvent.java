package dev.slipway.notify;

import dev.slipway.model.Notification;
import dev.slipway.release.execute.ReleaseResult;
import dev.slipway.release.execute.RolloutPhase;
import dev.slipway.release.execute.Transition;
import dev.slipway.release.plan.PlannedService;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Something that happened to a release, as receivers are told of it: which event ({@code kind}), which release of
 * which system to which environment, when, each service's versions (from → to) and outcome, for a failure the
 * service that failed and why, and optionally where to read more ({@code report}: a URL or a command).
 * <p>
 * How a release's outcome maps to events ({@link #finished}):
 * <ul>
 *   <li>succeeded → {@code succeeded};</li>
 *   <li>rolled-back → {@code failed} (naming the service that failed and why) then {@code rolled-back}, when a
 *       service failed; only {@code rolled-back} when nothing failed (a person rolled the release back);</li>
 *   <li>failed (a rollback did not complete) → {@code failed} alone: the release was not undone.</li>
 * </ul>
 * So a receiver subscribed to {@code failed} hears of every release something went wrong in, and one subscribed
 * to {@code rolled-back} of every release that was undone.
 */
public record ReleaseEvent(Notification.Event kind, String release, String system, String environment, Instant at,
                           List<ServiceChange> services, Optional<Failure> failure, Optional<String> report) {

    /** The outcome of a service not started yet (the rollout state's keyword). */
    public static final String PENDING = "pending";

    /**
     * One service of the release: the version that ran ({@code from}; empty when it was not installed), the target
     * ({@code to}) and its outcome: {@code pending} (release started), {@code promoted}, {@code rolled-back},
     * {@code failed} (its rollback did not complete) or {@code cancelled}.
     */
    public record ServiceChange(String name, Optional<String> from, String to, String outcome) {

        public ServiceChange {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    /** The service whose rollout failed on its own (stalled, crash loop, failed judgement or smoke test) and why. */
    public record Failure(String service, String reason) {

        public Failure {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(reason, "reason");
        }

        /**
         * The failure a release's journal records: the first transition marked as a failure (the cause the
         * coordinated rollback started from), else the first rollback that did not complete; empty when nothing
         * failed.
         */
        public static Optional<Failure> in(List<Transition> journal) {
            return journal.stream().filter(Transition::failure).findFirst()
                    .or(() -> journal.stream().filter(t -> !t.ofRelease() && RolloutPhase.of(t.to()) == RolloutPhase.FAILED).findFirst())
                    .map(t -> new Failure(t.service(), t.reason()));
        }
    }

    public ReleaseEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(at, "at");
        services = List.copyOf(services);
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(report, "report");
        // receivers rely on it: a failed event always says what failed; a good one never carries a failure
        if (kind == Notification.Event.FAILED && failure.isEmpty()) {
            throw new IllegalArgumentException("a failed event names the service that failed");
        }
        if ((kind == Notification.Event.STARTED || kind == Notification.Event.AWAITING_APPROVAL
                || kind == Notification.Event.SUCCEEDED) && failure.isPresent()) {
            throw new IllegalArgumentException("a " + kind.keyword() + " event has no failure");
        }
    }

    /** The release is about to run {@code services} (its plan), each from the version that runs to its target. */
    public static ReleaseEvent started(String release, String system, String environment,
                                       List<PlannedService> services, Instant at) {
        List<ServiceChange> changes = services.stream()
                .map(s -> new ServiceChange(s.name(), s.from(), s.to(), PENDING)).toList();
        return new ReleaseEvent(Notification.Event.STARTED, release, system, environment, at, changes,
                Optional.empty(), Optional.empty());
    }

    /**
     * The release waits for its approvers before any of {@code services} changes (an environment with approval);
     * the services are pending.
     */
    public static ReleaseEvent awaitingApproval(String release, String system, String environment,
                                                List<PlannedService> services, Instant at) {
        return new ReleaseEvent(Notification.Event.AWAITING_APPROVAL, release, system, environment, at,
                started(release, system, environment, services, at).services(), Optional.empty(), Optional.empty());
    }

    /**
     * The events of a release that ended (see the mapping above). {@code failure} is what the journal recorded
     * ({@link Failure#in}); when it is unknown, a release whose rollback did not complete names its first service
     * left {@code failed} (the engine ends a release as failed only then), and a rolled-back release sends
     * {@code rolled-back} alone.
     */
    public static List<ReleaseEvent> finished(String system, String environment, ReleaseResult result,
                                              Optional<Failure> failure, Instant at) {
        List<ServiceChange> changes = result.services().stream()
                .map(s -> new ServiceChange(s.name(), s.from(), s.to(), s.outcome().keyword())).toList();
        return switch (result.outcome()) {
            case SUCCEEDED -> List.of(new ReleaseEvent(Notification.Event.SUCCEEDED, result.release(), system,
                    environment, at, changes, Optional.empty(), Optional.empty()));
            case ROLLED_BACK -> {
                ReleaseEvent rolledBack = new ReleaseEvent(Notification.Event.ROLLED_BACK, result.release(), system,
                        environment, at, changes, failure, Optional.empty());
                yield failure.isEmpty() ? List.of(rolledBack)
                        : List.of(new ReleaseEvent(Notification.Event.FAILED, result.release(), system, environment,
                                at, changes, failure, Optional.empty()), rolledBack);
            }
            case FAILED -> List.of(new ReleaseEvent(Notification.Event.FAILED, result.release(), system,
                    environment, at, changes, failure.or(() -> stuck(result)), Optional.empty()));
        };
    }

    /** The same event with a hint where to read more: a URL, or a command such as {@code slipway status ...}. */
    public ReleaseEvent withReport(String report) {
        return new ReleaseEvent(kind, release, system, environment, at, services, failure, Optional.of(report));
    }

    /** The event's type as receivers see it: {@code slipway.release.<kind>}. */
    public String type() {
        return "slipway.release." + kind.keyword();
    }

    /** The services whose rollback did not complete: a person must look at them. */
    public List<String> stuck() {
        return services.stream().filter(s -> s.outcome().equals("failed")).map(ServiceChange::name).toList();
    }

    private static Optional<Failure> stuck(ReleaseResult result) {
        return result.services().stream().filter(s -> s.outcome() == RolloutPhase.FAILED).findFirst()
                .map(s -> new Failure(s.name(), "its rollback did not complete"));
    }
}
