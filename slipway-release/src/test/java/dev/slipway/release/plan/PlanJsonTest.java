package dev.slipway.release.plan;

import dev.slipway.model.VersionRange;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.SystemSpec;
import dev.slipway.release.Deployed;
import dev.slipway.release.Inventory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The JSON of {@code slipway plan} is a stable contract: field names, their order and their values. */
class PlanJsonTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The rendered JSON without its layout, so that the assertion is about names, order and values. */
    private static String compact(PlanResult result) {
        String rendered = PlanJson.render(result);
        assertThat(rendered).endsWith("}\n");
        return JSON.readTree(rendered).toString();
    }

    private final SystemSpec spec = TestSpecs.system().service("backend")
            .service("frontend", "backend", ">=1.5.0 <3.0.0").build();

    @Test
    void aPlanListsServicesInOrderTheCriticalPathAndEveryCheck() {
        Inventory production = Inventory.empty("production")
                .with(Deployed.stable("backend", "1.5.0").withRanges(Map.of()))
                .with(Deployed.stable("frontend", "1.0.0").withRanges(VersionRange.parseAll(Map.of("backend", "^1.0.0"))));
        PlanResult plan = Planner.plan(spec, production,
                new ReleaseRequest("production", Map.of("backend", "2.0.0", "frontend", "2.0.0")));

        assertThat(compact(plan)).isEqualTo("""
                {"ok":true,\
                "services":[\
                {"name":"frontend","from":"1.0.0","to":"2.0.0","strategy":"rolling","after":[]},\
                {"name":"backend","from":"1.5.0","to":"2.0.0","strategy":"rolling","after":["frontend"]}],\
                "criticalPath":["frontend","backend"],\
                "checks":[\
                {"service":"frontend","dependency":"backend","range":">=1.5.0 <3.0.0","version":"2.0.0","ok":true},\
                {"service":"frontend","dependency":"backend","range":"^1.0.0","version":"2.0.0","ok":false},\
                {"service":"frontend","dependency":"backend","range":">=1.5.0 <3.0.0","version":"1.5.0","ok":true}]}""");
    }

    @Test
    void aServiceThatIsNotInstalledComesFromNull() {
        PlanResult plan = Planner.plan(spec, Inventory.empty("dev"),
                new ReleaseRequest("dev", Map.of("backend", "2.0.0")));

        assertThat(compact(plan)).isEqualTo("""
                {"ok":true,\
                "services":[{"name":"backend","from":null,"to":"2.0.0","strategy":"rolling","after":[]}],\
                "criticalPath":["backend"],\
                "checks":[]}""");
    }

    @Test
    void aRefusedPlanListsItsErrorsAndTheChecksMade() {
        Inventory production = Inventory.empty("production")
                .with(Deployed.stable("backend", "1.5.0"))
                .with(Deployed.stable("frontend", "1.0.0"));
        PlanResult refused = Planner.plan(spec, production,
                new ReleaseRequest("production", Map.of("backend", "3.0.0")));

        assertThat(compact(refused)).isEqualTo("""
                {"ok":false,\
                "errors":[{"message":"frontend 1.0.0 (unchanged) needs backend >=1.5.0 <3.0.0, but the release brings\
                 backend 3.0.0","hint":"release backend at a version in >=1.5.0 <3.0.0, or add frontend to the release\
                 at a version that accepts backend 3.0.0"}],\
                "checks":[{"service":"frontend","dependency":"backend","range":">=1.5.0 <3.0.0","version":"3.0.0",\
                "ok":false}]}""");
    }

    @Test
    void anErrorWithoutAHintHasANullHint() {
        Rejected rejected = new Rejected(List.of(new PlanError("something", Optional.empty())), List.of(), List.of());
        assertThat(compact(rejected)).isEqualTo("{\"ok\":false,\"errors\":[{\"message\":\"something\",\"hint\":null}],"
                + "\"checks\":[]}");
    }

    @Test
    void checksThatReadTheSameAreWrittenOnce() {
        RangeCheck released = new RangeCheck("a", "2.0.0", "b", VersionRange.any(), "2.0.0", true, RangeCheck.Moment.RELEASED);
        RangeCheck running = new RangeCheck("a", "1.0.0", "b", VersionRange.any(), "2.0.0", true,
                RangeCheck.Moment.RUNNING_DURING_DEPENDENCY_ROLLOUT);
        Rejected rejected = new Rejected(List.of(new PlanError("x", Optional.empty())), List.of(released, running),
                List.of());
        assertThat(compact(rejected)).endsWith("\"checks\":[{\"service\":\"a\",\"dependency\":\"b\",\"range\":\"*\","
                + "\"version\":\"2.0.0\",\"ok\":true}]}");
    }
}
