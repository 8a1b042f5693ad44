package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.SystemSpec;
import dev.slipway.model.VersionRange;
import dev.slipway.model.load.SpecLoader;
import dev.slipway.release.Deployed;
import dev.slipway.release.Inventory;
import dev.slipway.release.execute.InMemoryJournal;
import dev.slipway.model.OnFailure;
import dev.slipway.release.execute.ProgressListener;
import dev.slipway.release.execute.ReleaseEngine;
import dev.slipway.release.execute.ReleaseResult;
import dev.slipway.release.execute.Transition;
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
import java.nio.file.Files;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The engine on the real sandbox (not a fake cluster): the 12-service shop (the example plus a search service)
 * installed, then a release of every service whose catalog canary fails, rolled back the coordinated way.
 */
class ShopReleaseOnSandboxTest {

    static final String ENV = "production";

    static final String SEARCH = """

              search:
                path: services/search
                language: go
                buildTool: go
                port: 8080
                replicas: 2
                dependsOn:
                  catalog: ">=1.4.0"
                  redis: ^7.2
            """;

    static final Map<String, String> RUNNING = new LinkedHashMap<>(Map.ofEntries(
            Map.entry("cart", "1.3.0"), Map.entry("catalog", "1.4.0"), Map.entry("checkout", "1.8.2"),
            Map.entry("frontend", "1.9.0"), Map.entry("notifications", "1.1.0"), Map.entry("payments", "1.6.0"),
            Map.entry("recommendations", "1.0.4"), Map.entry("shipping", "1.2.0"), Map.entry("search", "1.0.0"),
            Map.entry("postgres", "16.4.0"), Map.entry("rabbitmq", "3.13.7"), Map.entry("redis", "7.2.5")));

    static final Map<String, String> NEXT = new LinkedHashMap<>(Map.ofEntries(
            Map.entry("cart", "2.0.0"), Map.entry("catalog", "2.0.0"), Map.entry("checkout", "2.0.0"),
            Map.entry("frontend", "2.0.0"), Map.entry("notifications", "2.0.0"), Map.entry("payments", "2.0.0"),
            Map.entry("recommendations", "2.0.0"), Map.entry("shipping", "2.0.0"), Map.entry("search", "2.0.0"),
            Map.entry("postgres", "16.6.0"), Map.entry("rabbitmq", "3.13.9"), Map.entry("redis", "7.4.1")));

    final SystemSpec spec = shop();
    final VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
    final SandboxCluster cluster = SandboxCluster.of(spec, clock, SandboxOptions.defaults(7));
    final InMemoryJournal journal = new InMemoryJournal();

    static SystemSpec shop() {
        try {
            String yaml = Files.readString(Cli.repository().resolve("examples/shop/slipway.yaml")) + SEARCH;
            return SpecLoader.load(yaml, "slipway.yaml").orThrow();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    ReleaseResult release(String id, Map<String, String> versions, OnFailure onFailure) {
        PlanResult planned = Planner.plan(spec, cluster.inventory(ENV), new ReleaseRequest(ENV, versions));
        assertThat(planned).as(() -> PlanRenderer.text(planned)).isInstanceOf(Plan.class);
        ReleaseEngine engine = ReleaseEngine.start(id, (Plan) planned, spec, cluster, cluster, journal, clock,
                ReleaseEngine.Options.DEFAULT.withOnFailure(onFailure), ProgressListener.NONE);
        clock.runUntilIdle(10_000_000);
        return engine.result().orElseThrow(() -> new AssertionError(id + " did not end"));
    }

    @Test
    void aFailedCanaryRollsBackEveryChangedServiceInReverseDependencyOrder() {
        assertThat(spec.services()).hasSize(12);
        assertThat(release("r1", RUNNING, OnFailure.ROLLBACK_DEPENDENTS).outcome())
                .isEqualTo(ReleaseResult.Outcome.SUCCEEDED);
        cluster.inject(Faults.of(Fault.errors("catalog", "2.0.0", 0.3)));

        ReleaseResult result = release("r2", NEXT, OnFailure.ROLLBACK_ALL);

        assertThat(result.outcome()).isEqualTo(ReleaseResult.Outcome.ROLLED_BACK);
        assertThat(result.service("catalog").orElseThrow().outcome()).isEqualTo("rolled-back");
        for (String dependent : List.of("checkout", "recommendations", "search", "frontend")) {
            assertThat(result.service(dependent).orElseThrow().outcome()).as(dependent).isEqualTo("cancelled");
        }
        // what had been promoted is rolled back too, dependents before their dependencies
        List<Transition> transitions = journal.read("r2");
        Map<String, Instant> rollbackStarted = new LinkedHashMap<>();
        Map<String, Instant> rolledBack = new LinkedHashMap<>();
        for (Transition t : transitions) {
            if (t.to().equals("rolling-back")) {
                rollbackStarted.putIfAbsent(t.service(), t.at());
            }
            if (t.to().equals("rolled-back")) {
                rolledBack.put(t.service(), t.at());
            }
        }
        assertThat(rolledBack.keySet()).contains("catalog", "cart", "payments", "postgres", "redis", "rabbitmq");
        spec.services().forEach(service -> service.dependsOn().forEach(d -> {
            if (rolledBack.containsKey(service.name()) && rollbackStarted.containsKey(d.service())) {
                assertThat(rolledBack.get(service.name())).as(service.name() + " back before " + d.service())
                        .isBeforeOrEqualTo(rollbackStarted.get(d.service()));
            }
        }));
        assertThat(transitions.getLast().to()).isEqualTo("rolled-back");
        assertConsistent(RUNNING);
    }

    @Test
    void withTheDefaultPolicyIndependentBranchesGoOn() {
        release("r1", RUNNING, OnFailure.ROLLBACK_DEPENDENTS);
        cluster.inject(Faults.of(Fault.errors("catalog", "2.0.0", 0.3)));

        ReleaseResult result = release("r2", NEXT, OnFailure.ROLLBACK_DEPENDENTS);

        assertThat(result.outcome()).isEqualTo(ReleaseResult.Outcome.ROLLED_BACK);
        Map<String, String> expected = new LinkedHashMap<>(NEXT);
        for (String back : List.of("catalog", "checkout", "recommendations", "search", "frontend")) {
            expected.put(back, RUNNING.get(back));
        }
        assertThat(result.service("cart").orElseThrow().outcome()).isEqualTo("promoted");
        assertConsistent(expected);
    }

    /** Every service runs the expected version alone, healthy, and every recorded range is met. */
    private void assertConsistent(Map<String, String> expected) {
        Inventory inventory = cluster.inventory(ENV);
        assertThat(inventory.services().keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (Deployed d : inventory.services().values()) {
            assertThat(d.version()).as(d.service()).isEqualTo(expected.get(d.service()));
            assertThat(d.trafficSplit()).as(d.service() + " split").isFalse();
            assertThat(d.tracks()).as(d.service()).hasSize(1);
            assertThat(d.healthy()).as(d.service()).isTrue();
            d.ranges().orElseThrow().forEach((dependency, range) -> assertThat(VersionRange.parse(range)
                    .orElseThrow().isSatisfiedBy(inventory.deployed(dependency).orElseThrow().version()))
                    .as(d.service() + " needs " + dependency + " " + range).isTrue());
        }
    }
}
