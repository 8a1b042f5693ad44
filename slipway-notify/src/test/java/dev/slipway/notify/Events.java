package dev.slipway.notify;

import dev.slipway.model.Notification;
import dev.slipway.release.execute.ReleaseResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Releases and events the tests share: the shop's catalog canary failing in production. */
final class Events {

    static final Instant AT = Instant.parse("2026-03-01T10:15:30Z");

    private Events() {
    }

    static ReleaseResult.ServiceResult service(String name, String from, String to, String outcome) {
        return new ReleaseResult.ServiceResult(name, Optional.ofNullable(from), to, dev.slipway.release.execute.RolloutPhase.of(outcome),
                Optional.of(Duration.ZERO), Optional.of(Duration.ofMinutes(5)));
    }

    static ReleaseResult result(ReleaseResult.Outcome outcome, ReleaseResult.ServiceResult... services) {
        return new ReleaseResult("r-production-7", outcome, List.of(services), Duration.ofMinutes(12),
                Duration.ofMinutes(10));
    }

    static ReleaseEvent.Failure catalogFailed() {
        return new ReleaseEvent.Failure("catalog", "canary step 2 failed: error rate 12.0% > 5%");
    }

    static ReleaseEvent event(Notification.Event kind) {
        List<ReleaseEvent.ServiceChange> services = List.of(
                new ReleaseEvent.ServiceChange("catalog", Optional.of("1.4.0"), "2.0.0",
                        kind == Notification.Event.SUCCEEDED ? "promoted" : "rolled-back"),
                new ReleaseEvent.ServiceChange("frontend", Optional.empty(), "3.1.0",
                        kind == Notification.Event.SUCCEEDED ? "promoted" : "cancelled"));
        if (kind == Notification.Event.STARTED) {
            services = services.stream().map(s -> new ReleaseEvent.ServiceChange(s.name(), s.from(), s.to(),
                    ReleaseEvent.PENDING)).toList();
        }
        Optional<ReleaseEvent.Failure> failure = kind == Notification.Event.FAILED
                || kind == Notification.Event.ROLLED_BACK ? Optional.of(catalogFailed()) : Optional.empty();
        return new ReleaseEvent(kind, "r-production-7", "shop", "production", AT, services, failure,
                Optional.empty());
    }
}
