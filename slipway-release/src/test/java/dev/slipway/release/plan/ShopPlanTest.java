package dev.slipway.release.plan;

import dev.slipway.model.VersionRange;
import static org.assertj.core.api.Assertions.assertThat;
import static dev.slipway.release.ShopFixture.RUNNING;
import static dev.slipway.release.ShopFixture.SEARCH;
import static dev.slipway.release.ShopFixture.shopYaml;

import dev.slipway.model.Dependency;
import dev.slipway.model.Service;
import dev.slipway.model.SystemSpec;
import dev.slipway.release.Deployed;
import dev.slipway.release.Inventory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A realistic release: the example shop (11 services) plus a search service, 12 in all, running in production
 * with the ranges each version was released with.
 */
class ShopPlanTest {


    private static final SystemSpec SHOP = TestSpecs.load(shopYaml() + SEARCH);



    /** Production as the last release left it: every service stable, with the spec's ranges recorded. */
    private static Inventory production() {
        Inventory inventory = Inventory.empty("production");
        for (Service service : SHOP.services()) {
            Map<String, VersionRange> ranges = new LinkedHashMap<>();
            for (Dependency d : service.dependsOn()) {
                ranges.put(d.service(), d.range());
            }
            inventory = inventory.with(Deployed.stable(service.name(), RUNNING.get(service.name())).withRanges(ranges));
        }
        return inventory;
    }

    private static ReleaseRequest everything() {
        Map<String, String> versions = new LinkedHashMap<>();
        for (String app : List.of("frontend", "checkout", "cart", "catalog", "payments", "shipping", "notifications",
                "recommendations", "search")) {
            versions.put(app, "2.0.0");
        }
        versions.put("postgres", "16.6.0");
        versions.put("rabbitmq", "3.13.9");
        versions.put("redis", "7.4.1");
        return new ReleaseRequest("production", versions);
    }

    @Test
    void theShopHasTwelveServices() {
        assertThat(SHOP.services()).hasSize(12);
    }

    @Test
    void aReleaseOfEveryServiceRunsInDependencyOrderAlongTheCriticalPath() {
        PlanResult result = Planner.plan(SHOP, production(), everything());
        assertThat(result).as(() -> PlanRenderer.text(result)).isInstanceOf(Plan.class);
        Plan plan = (Plan) result;

        assertThat(plan.services()).extracting(PlannedService::name).containsExactly(
                "postgres", "rabbitmq", "redis",
                "cart", "catalog", "notifications", "payments", "shipping",
                "checkout", "recommendations", "search",
                "frontend");
        assertThat(plan.service("checkout").orElseThrow().after())
                .containsExactly("cart", "catalog", "payments", "shipping", "rabbitmq");
        assertThat(plan.service("frontend").orElseThrow().after())
                .containsExactly("cart", "catalog", "checkout", "recommendations");
        assertThat(plan.service("payments").orElseThrow().strategy().keyword()).isEqualTo("blue-green");
        assertThat(plan.criticalPath()).containsExactly("postgres", "catalog", "checkout", "frontend");
        // postgres 20 s + its 5-minute verification window + catalog 4 × 2 min + checkout 4 × 3 min + frontend
        // 3 waves × 20 s + its window (a canary's last step is its verification: no window)
        assertThat(plan.makespan()).isEqualTo(Duration.ofSeconds(20 + 300 + 480 + 720 + 60 + 300));
        assertThat(plan.service("frontend").orElseThrow().start()).isEqualTo(Duration.ofSeconds(1520));
        // 19 edges, each checked for the new version once released and for the running one during the rollout
        assertThat(plan.checks()).hasSize(38).allMatch(RangeCheck::ok);
        assertThat(plan.notes()).isEmpty();
    }

    @Test
    void withAParallelismCapTheReleaseStaysWithinGrahamsBound() {
        Plan plan = (Plan) Planner.plan(SHOP, production(), everything(),
                new Planner.Options(RolloutEstimate.DEFAULT, 2));
        Schedule schedule = plan.schedule();

        assertThat(plan.makespan()).isGreaterThanOrEqualTo(schedule.criticalPathLength());
        assertThat(plan.makespan().multipliedBy(2))
                .isLessThanOrEqualTo(schedule.totalWork().plus(schedule.criticalPathLength().multipliedBy(2)));
        assertThat(plan.services().getLast().name()).isEqualTo("frontend");
    }

    @Test
    void upgradingTheDatabaseBeyondWhatItsUnchangedClientsAcceptIsRefused() {
        PlanResult result = Planner.plan(SHOP, production(),
                new ReleaseRequest("production", Map.of("postgres", "17.0.0")));

        assertThat(result).isInstanceOf(Rejected.class);
        assertThat(((Rejected) result).errors()).extracting(PlanError::message).containsExactly(
                "catalog 1.4.0 (unchanged) needs postgres ^16.4, but the release brings postgres 17.0.0",
                "payments 1.6.0 (unchanged) needs postgres ^16.4, but the release brings postgres 17.0.0");
    }

    @Test
    void aPartialReleaseChecksTheServicesLeftRunning() {
        Plan plan = (Plan) Planner.plan(SHOP, production(),
                new ReleaseRequest("production", Map.of("catalog", "1.5.0", "redis", "7.2.5")));

        assertThat(plan.services()).extracting(PlannedService::name).containsExactly("catalog");
        assertThat(plan.notes()).containsExactly("redis 7.2.5 already runs in production: left out of the release");
        // catalog's new version against postgres; its callers checkout, frontend, recommendations and search
        assertThat(plan.checks()).extracting(RangeCheck::service, RangeCheck::moment).containsExactly(
                org.assertj.core.groups.Tuple.tuple("catalog", RangeCheck.Moment.RELEASED),
                org.assertj.core.groups.Tuple.tuple("checkout", RangeCheck.Moment.UNCHANGED),
                org.assertj.core.groups.Tuple.tuple("frontend", RangeCheck.Moment.UNCHANGED),
                org.assertj.core.groups.Tuple.tuple("recommendations", RangeCheck.Moment.UNCHANGED),
                org.assertj.core.groups.Tuple.tuple("search", RangeCheck.Moment.UNCHANGED));
    }
}
