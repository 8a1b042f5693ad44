package dev.slipway.release.plan;

import static dev.slipway.release.ShopFixture.RUNNING;
import static dev.slipway.release.ShopFixture.SEARCH;
import static dev.slipway.release.ShopFixture.shopYaml;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.Strategy;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.VersionRange;
import dev.slipway.release.Deployed;
import dev.slipway.release.Inventory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** A release keeps its plan as JSON: what comes back is the plan it started with, schedule included. */
class SavedPlanTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SystemSpec SHOP = TestSpecs.load(shopYaml() + SEARCH);

    private static Plan shopUpgrade(int maxParallel) {
        Inventory production = Inventory.empty("production");
        Map<String, String> next = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : RUNNING.entrySet()) {
            if (!e.getKey().equals("search")) {
                production = production.with(Deployed.stable(e.getKey(), e.getValue()));
            }
            next.put(e.getKey(), e.getKey().equals("postgres") ? e.getValue() : bump(e.getValue()));
        }
        ReleaseRequest request = new ReleaseRequest("production", next,
                Map.of("catalog", "sha256:" + "ab".repeat(32)));
        PlanResult result = Planner.plan(SHOP, production, request, new Planner.Options(RolloutEstimate.DEFAULT,
                maxParallel));
        assertThat(result).as(() -> PlanRenderer.text(result)).isInstanceOf(Plan.class);
        return (Plan) result;
    }

    private static String bump(String version) {
        String[] parts = version.split("\\.");
        return parts[0] + "." + (Integer.parseInt(parts[1]) + 1) + ".0";
    }

    @Test
    void aPlanSurvivesJsonWithEverythingExecutionNeeds() {
        for (int cap : new int[] {0, 2}) {
            Plan plan = shopUpgrade(cap);
            SavedPlan saved = SavedPlan.of(plan, cap, "hash");
            Plan back = JSON.readValue(JSON.writeValueAsString(saved), SavedPlan.class).plan();

            assertThat(back.services()).as("cap %d", cap).isEqualTo(plan.services());
            assertThat(back.checks()).isEqualTo(plan.checks());
            assertThat(back.notes()).isEqualTo(plan.notes());
            assertThat(back.criticalPath()).isEqualTo(plan.criticalPath());
            assertThat(back.makespan()).isEqualTo(plan.makespan());
        }
    }

    @Test
    void rangeChecksAreTypedInThePlanAndTextInTheSavedDocumentAndThePlanJson() {
        Plan plan = shopUpgrade(0);
        RangeCheck check = plan.checks().getFirst();
        assertThat(check.range()).isInstanceOf(VersionRange.class);

        var saved = JSON.readTree(JSON.writeValueAsString(SavedPlan.of(plan, 0, "hash"))).get("checks").get(0);
        assertThat(saved).as("the stored shape a saved plan always had").isEqualTo(JSON.readTree(
                "{\"service\": \"%s\", \"serviceVersion\": \"%s\", \"dependency\": \"%s\", \"range\": \"%s\", "
                        .formatted(check.service(), check.serviceVersion(), check.dependency(), check.range().text())
                        + "\"version\": \"%s\", \"ok\": %s, \"moment\": \"%s\"}"
                        .formatted(check.version(), check.ok(), check.moment().name())));

        var written = JSON.readTree(PlanJson.render(plan)).get("checks").get(0);
        assertThat(written.get("range").stringValue()).isEqualTo(check.range().text());
    }

    @Test
    void aSavedCheckWhoseRangeDoesNotParseIsRefusedNotDropped() {
        String document = JSON.writeValueAsString(SavedPlan.of(shopUpgrade(0), 0, "hash"))
                .replaceFirst("\"range\":\"[^\"]*\"", "\"range\":\">=banana\"");
        SavedPlan damaged = JSON.readValue(document, SavedPlan.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(damaged::plan)
                .hasMessage("a saved plan has the invalid range >=banana");
    }

    @Test
    void aPlannedServiceCarriesItsResolvedRolloutNotTheSpec() {
        Plan plan = shopUpgrade(0);
        PlannedService catalog = plan.service("catalog").orElseThrow();
        assertThat(catalog.image()).isEqualTo(catalog.execution().repository() + "@sha256:" + "ab".repeat(32));
        assertThat(catalog.execution().callers()).isNotEmpty();
        assertThat(catalog.strategy()).isEqualTo(SHOP.service("catalog").orElseThrow().strategy());

        PlannedService search = plan.service("search").orElseThrow();
        assertThat(search.from()).isEmpty();
        assertThat(search.strategy()).as("a first install has no traffic to shift")
                .isInstanceOf(Strategy.Rolling.class);
    }
}
