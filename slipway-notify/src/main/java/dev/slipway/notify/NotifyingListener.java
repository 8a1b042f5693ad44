package dev.slipway.notify;

import dev.slipway.release.execute.Journal;
import dev.slipway.release.execute.ProgressListener;
import dev.slipway.release.execute.ReleasePhase;
import dev.slipway.release.execute.ReleaseResult;
import dev.slipway.release.plan.PlannedService;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Tells the notifications how a release ended: on {@link #finished} it sends {@code failed}, {@code rolled-back}
 * and/or {@code succeeded} as {@link ReleaseEvent#finished} maps the outcome (each receiver gets only the events
 * it subscribed to). The failure's service and reason come from the release's journal, which the engine has
 * written before it calls {@code finished}. {@code started} is sent by {@link #started}, which the caller calls
 * when it starts the release (the engine does not announce a start).
 * <p>
 * Event times come from {@code clock}, the wall clock by default: a release in virtual time is still announced at
 * the moment it really happened.
 */
public final class NotifyingListener implements ProgressListener {

    private final Notifier notifier;
    private final String system;
    private final String environment;
    private final Journal journal;
    private final InstantSource clock;
    private final Optional<String> report;
    /** The services of the release, as {@link #started} named them (none for a release resumed from its journal). */
    private List<PlannedService> planned = List.of();

    public NotifyingListener(Notifier notifier, String system, String environment, Journal journal) {
        this(notifier, system, environment, journal, InstantSource.system(), Optional.empty());
    }

    /** @param report where to read more about the release (a URL or a command), added to every event */
    public NotifyingListener(Notifier notifier, String system, String environment, Journal journal,
                             InstantSource clock, Optional<String> report) {
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.system = Objects.requireNonNull(system, "system");
        this.environment = Objects.requireNonNull(environment, "environment");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.report = Objects.requireNonNull(report, "report");
    }

    /** Sends {@code started} for release {@code release} about to run {@code services} (the plan's). */
    public void started(String release, List<PlannedService> services) {
        planned = List.copyOf(services);
        send(ReleaseEvent.started(release, system, environment, services, clock.instant()));
    }

    /** Sends {@code awaiting-approval} the moment the engine says the release waits for its approvers. */
    @Override
    public void phase(String release, ReleasePhase phase) {
        if (phase instanceof ReleasePhase.Paused paused
                && paused.reason() == ReleasePhase.PauseReason.AWAITING_APPROVAL) {
            send(ReleaseEvent.awaitingApproval(release, system, environment, planned, clock.instant()));
        }
    }

    @Override
    public void finished(ReleaseResult result) {
        Optional<ReleaseEvent.Failure> failure = result.outcome() == ReleaseResult.Outcome.SUCCEEDED
                ? Optional.empty() : ReleaseEvent.Failure.in(journal.read(result.release()));
        ReleaseEvent.finished(system, environment, result, failure, clock.instant()).forEach(this::send);
    }

    private void send(ReleaseEvent event) {
        notifier.send(report.map(event::withReport).orElse(event));
    }
}
