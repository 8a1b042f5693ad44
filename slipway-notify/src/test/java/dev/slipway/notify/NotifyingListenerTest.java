package dev.slipway.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.Notification;
import dev.slipway.model.Notification.Event;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.load.SpecLoader;
import dev.slipway.release.execute.InMemoryJournal;
import dev.slipway.release.execute.ProgressListener;
import dev.slipway.release.execute.ReleaseEngine;
import dev.slipway.release.execute.ReleaseResult;
import dev.slipway.release.plan.Plan;
import dev.slipway.release.plan.PlanRenderer;
import dev.slipway.release.plan.PlanResult;
import dev.slipway.release.plan.Planner;
import dev.slipway.release.plan.ReleaseRequest;
import dev.slipway.release.time.VirtualClock;
import dev.slipway.sandbox.Fault;
import dev.slipway.sandbox.Faults;
import dev.slipway.sandbox.SandboxCluster;
import dev.slipway.sandbox.SandboxOptions;
import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Releases run by the engine on the sandbox (virtual time), with the listener attached as the CLI will attach it:
 * what a receiver gets is what the engine's own callbacks and journal produce.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NotifyingListenerTest {

    private static final String ENV = "production";
    private static final Instant WALL = Instant.parse("2026-03-01T10:15:30Z");
    private static final String SPEC = """
            system:
              name: shop
              registry: ghcr.io/acme/shop
            environments:
              - name: production
            services:
              catalog:
                path: services/catalog
                language: java
                buildTool: maven
                port: 8080
                replicas: 2
                strategy:
                  type: canary
                  steps: [25, 100]
              frontend:
                path: services/frontend
                language: node
                buildTool: npm
                port: 3000
                replicas: 2
                dependsOn:
                  catalog: ">=1.0.0"
            """;

    private final SystemSpec spec = SpecLoader.load(SPEC, "slipway.yaml").orThrow();
    private final VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SandboxCluster cluster = SandboxCluster.of(spec, clock, SandboxOptions.defaults(7));
    private final InMemoryJournal journal = new InMemoryJournal();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private HookServer hooks;

    @BeforeEach
    void start() throws IOException {
        hooks = HookServer.start();
        release("r-production-1", Map.of("catalog", "1.0.0", "frontend", "1.0.0"), ProgressListener.NONE);
    }

    @AfterEach
    void stop() {
        hooks.close();
    }

    @Test
    void aFailedCanaryIsAnnouncedStartedFailedAndRolledBackWithTheJournalsReason() {
        cluster.inject(Faults.of(Fault.errors("catalog", "2.0.0", 0.5)));

        ReleaseResult result = notifying(Event.values(),
                listener -> release("r-production-2", Map.of("catalog", "2.0.0", "frontend", "2.0.0"), listener));

        assertThat(result.outcome()).isEqualTo(ReleaseResult.Outcome.ROLLED_BACK);
        List<JsonNode> bodies = bodies();
        assertThat(bodies).extracting(b -> b.get("type").asString()).containsExactly("slipway.release.started",
                "slipway.release.failed", "slipway.release.rolled-back");
        assertThat(bodies.get(0).get("services")).extracting(s -> s.get("name").asString() + " "
                + s.get("from").asString() + "→" + s.get("to").asString() + " " + s.get("outcome").asString())
                .containsExactlyInAnyOrder("catalog 1.0.0→2.0.0 pending", "frontend 1.0.0→2.0.0 pending");
        JsonNode failed = bodies.get(1);
        assertThat(failed.get("failure").get("service").asString()).isEqualTo("catalog");
        assertThat(failed.get("failure").get("reason").asString()).isEqualTo(
                ReleaseEvent.Failure.in(journal.read("r-production-2")).orElseThrow().reason()).contains("fail");
        assertThat(failed.get("time").asString()).isEqualTo(WALL.toString());
        assertThat(failed.get("report").asString()).isEqualTo("slipway status --env production");
        assertThat(bodies.get(2).get("services")).extracting(s -> s.get("name").asString() + " "
                + s.get("outcome").asString()).containsExactlyInAnyOrder("catalog rolled-back", "frontend cancelled");
        assertThat(warnings).isEmpty();
    }

    @Test
    void aGoodReleaseIsAnnouncedAsSucceeded() {
        ReleaseResult result = notifying(Event.values(),
                listener -> release("r-production-2", Map.of("catalog", "1.1.0"), listener));

        assertThat(result.outcome()).isEqualTo(ReleaseResult.Outcome.SUCCEEDED);
        assertThat(bodies()).extracting(b -> b.get("type").asString())
                .containsExactly("slipway.release.started", "slipway.release.succeeded");
        assertThat(bodies().get(1).get("failure").isNull()).isTrue();
    }

    @Test
    void aReleaseThatWaitsForItsApproversIsAnnouncedOnceBeforeAnythingChanges() {
        notifying(Event.values(), listener -> {
            PlanResult planned = Planner.plan(spec, cluster.inventory(ENV),
                    new ReleaseRequest(ENV, Map.of("catalog", "1.1.0")));
            listener.started("r-production-2", ((Plan) planned).services());
            ReleaseEngine engine = ReleaseEngine.start("r-production-2", (Plan) planned, cluster, cluster, journal,
                    clock, ReleaseEngine.Options.DEFAULT.withApproval(true), listener);
            clock.runUntilIdle(10_000_000);
            assertThat(engine.awaitingApproval()).isTrue();
            return null;
        });

        List<JsonNode> bodies = bodies();
        assertThat(bodies).extracting(b -> b.get("type").asString())
                .containsExactly("slipway.release.started", "slipway.release.awaiting-approval");
        assertThat(bodies.get(1).get("services")).extracting(s -> s.get("name").asString() + " "
                + s.get("outcome").asString()).containsExactly("catalog pending");
        assertThat(bodies.get(1).get("failure").isNull()).isTrue();
        assertThat(cluster.inventory(ENV).deployed("catalog").orElseThrow().version())
                .as("nothing changed while it waits").isEqualTo("1.0.0");
    }

    @Test
    void aReceiverOfSucceededOnlyHearsNothingOfARolledBackRelease() {
        cluster.inject(Faults.of(Fault.errors("catalog", "2.0.0", 0.5)));

        notifying(new Event[] {Event.SUCCEEDED},
                listener -> release("r-production-2", Map.of("catalog", "2.0.0"), listener));

        assertThat(hooks.requests()).isEmpty();
        assertThat(warnings).isEmpty();
    }

    /** Runs {@code release} with a listener announcing it to one webhook subscribed to {@code events}. */
    private ReleaseResult notifying(Event[] events, Function<NotifyingListener, ReleaseResult> release) {
        Notification webhook = new Notification(Notification.Kind.WEBHOOK, Optional.of(hooks.url("/hook")),
                Optional.empty(), Optional.empty(), List.of(events));
        try (Notifier notifier = Notifier.open(List.of(webhook), Map.<String, String>of()::get, warnings::add,
                NotifierTest.fast(3))) {
            return release.apply(new NotifyingListener(notifier, "shop", ENV, journal, InstantSource.fixed(WALL),
                    Optional.of("slipway status --env production")));
        }
    }

    private ReleaseResult release(String id, Map<String, String> versions, ProgressListener listener) {
        PlanResult planned = Planner.plan(spec, cluster.inventory(ENV), new ReleaseRequest(ENV, versions));
        assertThat(planned).as(() -> PlanRenderer.text(planned)).isInstanceOf(Plan.class);
        Plan plan = (Plan) planned;
        if (listener instanceof NotifyingListener notifying) {
            notifying.started(id, plan.services());
        }
        ReleaseEngine engine = ReleaseEngine.start(id, plan, cluster, cluster, journal, clock,
                ReleaseEngine.Options.DEFAULT, listener);
        clock.runUntilIdle(10_000_000);
        return engine.result().orElseThrow(() -> new AssertionError(id + " did not end"));
    }

    private List<JsonNode> bodies() {
        return hooks.requests().stream().map(r -> JsonMapper.shared().readTree(r.text())).toList();
    }
}
