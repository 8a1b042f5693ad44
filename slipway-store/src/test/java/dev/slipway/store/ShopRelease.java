package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.slipway.release.ShopFixture.NEXT;
import static dev.slipway.release.ShopFixture.RUNNING;
import dev.slipway.release.ShopFixture;

import dev.slipway.model.OnFailure;
import dev.slipway.model.SystemSpec;
import dev.slipway.release.execute.InMemoryJournal;
import dev.slipway.release.execute.Journal;
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
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The 12-service shop (the example plus a search service) on the sandbox in virtual time, installed at the
 * running versions; the release to {@link ShopFixture#NEXT} has a catalog canary that fails, so it ends rolled back with
 * its dependents cancelled: canaries, a failure and a coordinated rollback in one release.
 */
final class ShopRelease {

    static final String ENV = "production";
    static final ReleaseEngine.Options OPTIONS = ReleaseEngine.Options.DEFAULT
            .withOnFailure(OnFailure.ROLLBACK_DEPENDENTS);




    static final SystemSpec SPEC = ShopFixture.spec();

    final VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
    final SandboxCluster cluster = SandboxCluster.of(SPEC, clock, SandboxOptions.defaults(7));
    final Plan plan;

    /** The shop installed at {@link ShopFixture#RUNNING} (by a first release, kept in memory) and the release planned. */
    ShopRelease() {
        ReleaseEngine install = ReleaseEngine.start("install", plan(RUNNING), cluster, cluster,
                new InMemoryJournal(), clock, OPTIONS, ProgressListener.NONE);
        clock.runUntilIdle(10_000_000);
        assertThat(install.result().orElseThrow().outcome()).isEqualTo(ReleaseResult.Outcome.SUCCEEDED);
        cluster.inject(Faults.of(Fault.errors("catalog", "2.0.0", 0.3)));
        plan = plan(NEXT);
    }

    private Plan plan(Map<String, String> versions) {
        PlanResult planned = Planner.plan(SPEC, cluster.inventory(ENV), new ReleaseRequest(ENV, versions));
        assertThat(planned).as(() -> PlanRenderer.text(planned)).isInstanceOf(Plan.class);
        return (Plan) planned;
    }

    ReleaseEngine start(String release, Journal journal) {
        return ReleaseEngine.start(release, plan, cluster, cluster, journal, clock, OPTIONS,
                ProgressListener.NONE);
    }

    ReleaseEngine resume(String release, Journal journal) {
        return ReleaseEngine.resume(journal, release, plan, cluster, cluster, clock, OPTIONS,
                ProgressListener.NONE);
    }

    /** Runs the clock until nothing is left to do. */
    void settle() {
        clock.runUntilIdle(10_000_000);
    }

    /** What each service runs now. */
    Map<String, String> serving() {
        Map<String, String> versions = new TreeMap<>();
        cluster.inventory(ENV).services().forEach((name, deployed) -> versions.put(name, deployed.version()));
        return versions;
    }

}
