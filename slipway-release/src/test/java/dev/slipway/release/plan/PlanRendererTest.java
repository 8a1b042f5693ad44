package dev.slipway.release.plan;

import dev.slipway.model.VersionRange;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.SystemSpec;
import dev.slipway.release.Deployed;
import dev.slipway.release.Inventory;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanRendererTest {

    private final SystemSpec threeTier = TestSpecs.load(TestSpecs.HEADER + TestSpecs.THREE_TIER + """
              worker:
                path: worker
                language: go
                replicas: 1
            """);

    @Test
    void aPlanIsATimelineWithTheCriticalPathMarked() {
        Inventory dev = Inventory.empty("dev").with(Deployed.stable("worker", "0.9.0"))
                .with(Deployed.stable("api", "2.0.0")).with(Deployed.stable("web", "0.9.0"));
        PlanResult plan = Planner.plan(threeTier, dev, new ReleaseRequest("dev",
                Map.of("web", "1.0.0", "api", "2.1.0", "db", "16.4.0", "worker", "1.0.0")));

        assertThat(PlanRenderer.text(plan)).isEqualTo("""
                Release to dev: 4 services, about 3m 52s
                Critical path (3m 52s): db -> api -> web

                  service  version          strategy    estimate     start  timeline 0..3m 52s
                * db       (new) -> 16.4.0  rolling          20s        0s  |####                                    |
                  worker   0.9.0 -> 1.0.0   rolling          20s        0s  |====                                    |
                * api      2.0.0 -> 2.1.0   blue-green       32s       20s  |   ######                               |  after db
                * web      0.9.0 -> 1.0.0   canary            3m       52s  |        ################################|  after api

                Range checks: 2 passed
                  ok    web 1.0.0 needs api ^2.1: 2.1.0 (once released)
                  ok    api 2.1.0 needs db >=16 <17: 16.4.0 (once released)

                Notes:
                  - web 0.9.0 (running) has no recorded ranges: its calls to api 2.1.0 while api rolls out are not checked
                  - api 2.0.0 (running) has no recorded ranges: its calls to db 16.4.0 while db rolls out are not checked
                """);
    }

    @Test
    void aRefusedPlanListsEachProblemWithItsHint() {
        Inventory dev = Inventory.empty("dev").with(Deployed.stable("db", "16.4.0"))
                .with(Deployed.stable("api", "2.1.0").withRanges(VersionRange.parseAll(Map.of("db", ">=16 <17"))));
        PlanResult refused = Planner.plan(threeTier, dev, new ReleaseRequest("dev", Map.of("db", "17.0.0")));

        assertThat(PlanRenderer.text(refused)).isEqualTo("""
                Release refused (1 problem); nothing was changed
                  - api 2.1.0 (unchanged) needs db >=16 <17, but the release brings db 17.0.0
                    hint: release db at a version in >=16 <17, or add api to the release at a version that accepts db 17.0.0

                Range checks: 0 passed, 1 failed
                  FAIL  api 2.1.0 needs db >=16 <17: 17.0.0 (unchanged service, during and after the dependency's rollout)
                """);
    }

    @Test
    void durationsReadLikeAPerson() {
        assertThat(PlanRenderer.duration(Duration.ZERO)).isEqualTo("0s");
        assertThat(PlanRenderer.duration(Duration.ofSeconds(20))).isEqualTo("20s");
        assertThat(PlanRenderer.duration(Duration.ofMinutes(8))).isEqualTo("8m");
        assertThat(PlanRenderer.duration(Duration.ofSeconds(3725))).isEqualTo("1h 2m 5s");
        assertThat(PlanRenderer.duration(Duration.ofHours(2))).isEqualTo("2h");
    }
}
