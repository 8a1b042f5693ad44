package dev.slipway.notify;

import static dev.slipway.notify.Events.AT;
import static dev.slipway.notify.Events.result;
import static dev.slipway.notify.Events.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.model.Notification.Event;
import dev.slipway.model.Strategy;
import dev.slipway.release.execute.ReleaseResult.Outcome;
import dev.slipway.release.execute.Transition;
import dev.slipway.release.plan.Execution;
import dev.slipway.release.plan.PlannedService;
import dev.slipway.model.CanaryAnalysis;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReleaseEventTest {

    private static final Optional<ReleaseEvent.Failure> CATALOG = Optional.of(Events.catalogFailed());

    @Test
    void aSucceededReleaseIsOneSucceededEvent() {
        List<ReleaseEvent> events = ReleaseEvent.finished("shop", "production",
                result(Outcome.SUCCEEDED, service("catalog", "1.4.0", "2.0.0", "promoted")), Optional.empty(), AT);

        assertThat(events).extracting(ReleaseEvent::kind).containsExactly(Event.SUCCEEDED);
        ReleaseEvent e = events.get(0);
        assertThat(e.release()).isEqualTo("r-production-7");
        assertThat(e.system()).isEqualTo("shop");
        assertThat(e.environment()).isEqualTo("production");
        assertThat(e.at()).isEqualTo(AT);
        assertThat(e.type()).isEqualTo("slipway.release.succeeded");
        assertThat(e.services()).containsExactly(
                new ReleaseEvent.ServiceChange("catalog", Optional.of("1.4.0"), "2.0.0", "promoted"));
        assertThat(e.failure()).isEmpty();
    }

    @Test
    void aRolledBackReleaseAfterAFailureIsFailedThenRolledBackBothNamingTheFailure() {
        List<ReleaseEvent> events = ReleaseEvent.finished("shop", "production", result(Outcome.ROLLED_BACK,
                service("catalog", "1.4.0", "2.0.0", "rolled-back"),
                service("frontend", "3.0.0", "3.1.0", "cancelled")), CATALOG, AT);

        assertThat(events).extracting(ReleaseEvent::kind).containsExactly(Event.FAILED, Event.ROLLED_BACK);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.failure()).isEqualTo(CATALOG);
            assertThat(e.services()).extracting(ReleaseEvent.ServiceChange::outcome)
                    .containsExactly("rolled-back", "cancelled");
        });
    }

    @Test
    void aReleaseRolledBackWithoutAFailureIsOnlyRolledBack() {
        List<ReleaseEvent> events = ReleaseEvent.finished("shop", "production",
                result(Outcome.ROLLED_BACK, service("catalog", "1.4.0", "2.0.0", "rolled-back")),
                Optional.empty(), AT);

        assertThat(events).extracting(ReleaseEvent::kind).containsExactly(Event.ROLLED_BACK);
        assertThat(events.get(0).failure()).isEmpty();
    }

    @Test
    void aReleaseWhoseRollbackDidNotCompleteIsOnlyFailedAndSaysWhatIsStuck() {
        List<ReleaseEvent> events = ReleaseEvent.finished("shop", "production", result(Outcome.FAILED,
                service("catalog", "1.4.0", "2.0.0", "failed"),
                service("frontend", "3.0.0", "3.1.0", "rolled-back")), CATALOG, AT);

        assertThat(events).extracting(ReleaseEvent::kind).containsExactly(Event.FAILED);
        assertThat(events.get(0).failure()).isEqualTo(CATALOG);
        assertThat(events.get(0).stuck()).containsExactly("catalog");
    }

    @Test
    void withoutTheJournalAFailedReleaseNamesTheServiceLeftFailed() {
        List<ReleaseEvent> events = ReleaseEvent.finished("shop", "production", result(Outcome.FAILED,
                service("frontend", "3.0.0", "3.1.0", "rolled-back"),
                service("catalog", "1.4.0", "2.0.0", "failed")), Optional.empty(), AT);

        assertThat(events.get(0).failure()).contains(
                new ReleaseEvent.Failure("catalog", "its rollback did not complete"));
    }

    private static Execution execution(String service) {
        return new Execution("ghcr.io/acme/shop/" + service, 2, "/healthz", CanaryAnalysis.builtIn(), List.of());
    }

    @Test
    void startedListsThePlannedServicesAsPending() {
        PlannedService catalog = new PlannedService("catalog", Optional.of("1.4.0"), "2.0.0", Optional.empty(),
                Strategy.Rolling.builtIn(), List.of(), Duration.ofMinutes(3), Duration.ZERO, Duration.ofMinutes(3),
                true, Map.of(), execution("catalog"));
        PlannedService frontend = new PlannedService("frontend", Optional.empty(), "3.1.0", Optional.empty(),
                Strategy.Rolling.builtIn(), List.of("catalog"), Duration.ofMinutes(3), Duration.ofMinutes(3),
                Duration.ofMinutes(6), true, Map.of(), execution("frontend"));

        ReleaseEvent started = ReleaseEvent.started("r-production-7", "shop", "production",
                List.of(catalog, frontend), AT);

        assertThat(started.kind()).isEqualTo(Event.STARTED);
        assertThat(started.services()).containsExactly(
                new ReleaseEvent.ServiceChange("catalog", Optional.of("1.4.0"), "2.0.0", "pending"),
                new ReleaseEvent.ServiceChange("frontend", Optional.empty(), "3.1.0", "pending"));
        assertThat(started.failure()).isEmpty();
        assertThat(started.report()).isEmpty();
        assertThat(started.withReport("slipway status --env production").report())
                .contains("slipway status --env production");
    }

    @Test
    void aFailedEventAlwaysNamesWhatFailedAndAGoodOneNever() {
        assertThatThrownBy(() -> new ReleaseEvent(Event.FAILED, "r-1", "shop", "dev", AT, List.of(),
                Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names the service that failed");
        assertThatThrownBy(() -> new ReleaseEvent(Event.SUCCEEDED, "r-1", "shop", "dev", AT, List.of(),
                CATALOG, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no failure");
    }

    @Test
    void theJournalsFailureIsItsFirstFailureTransition() {
        List<Transition> journal = List.of(
                transition("", "running", "running", "release started", false),
                transition("catalog", "deploying", "analysing", "step 1", false),
                transition("catalog", "analysing", "rollback-queued", "canary step 2 failed: error rate 12.0% > 5%",
                        true),
                transition("frontend", "analysing", "rollback-queued", "catalog failed: ...", false),
                transition("search", "deploying", "rolling-back", "crash loop", true));

        assertThat(ReleaseEvent.Failure.in(journal)).isEqualTo(CATALOG);
    }

    @Test
    void withoutAFailureTransitionTheJournalsFailureIsTheRollbackThatDidNotComplete() {
        List<Transition> journal = List.of(
                transition("catalog", "paused", "rolling-back", "rolled back by a person", false),
                transition("catalog", "rolling-back", "failed", "rollback did not complete: stalled", false));

        assertThat(ReleaseEvent.Failure.in(journal))
                .contains(new ReleaseEvent.Failure("catalog", "rollback did not complete: stalled"));
        assertThat(ReleaseEvent.Failure.in(journal.subList(0, 1))).isEmpty();
    }

    private static Transition transition(String service, String from, String to, String reason, boolean failure) {
        return new Transition("r-production-7", 0, Instant.EPOCH, service, from, to, -1, 0, "canary", "stable",
                reason, failure);
    }
}
