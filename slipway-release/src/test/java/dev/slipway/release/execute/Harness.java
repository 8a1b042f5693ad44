package dev.slipway.release.execute;

import dev.slipway.model.VersionRange;
import dev.slipway.model.Dependency;
import dev.slipway.model.LoadResult;
import dev.slipway.model.Service;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.load.SpecLoader;
import dev.slipway.release.plan.Plan;
import dev.slipway.release.plan.PlanRenderer;
import dev.slipway.release.plan.PlanResult;
import dev.slipway.release.plan.Planner;
import dev.slipway.release.plan.ReleaseRequest;
import dev.slipway.release.time.VirtualClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A spec, a fake cluster running the given versions, a journal and a clock: one release's world. */
final class Harness {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final String RELEASE = "r1";

    final SystemSpec spec;
    final VirtualClock clock = new VirtualClock(T0);
    final FakeCluster cluster = new FakeCluster(clock);
    final InMemoryJournal journal = new InMemoryJournal();
    final List<Progress> progress = new ArrayList<>();
    /** Every phase the engine told, in order. */
    final List<ReleasePhase> phases = new ArrayList<>();
    final ProgressListener listener = new ProgressListener() {
        @Override
        public void progressed(Progress p) {
            progress.add(p);
        }

        @Override
        public void phase(String release, ReleasePhase phase) {
            phases.add(phase);
        }
    };

    /** Every service of {@code running} installed at that version with the spec's ranges recorded. */
    Harness(SystemSpec spec, Map<String, String> running) {
        this.spec = spec;
        running.forEach((name, version) -> {
            Service service = spec.service(name).orElseThrow();
            cluster.install(name, version, Math.max(1, service.replicas()), specRanges(service));
        });
    }

    static Map<String, VersionRange> specRanges(Service service) {
        Map<String, VersionRange> ranges = new LinkedHashMap<>();
        for (Dependency d : service.dependsOn()) {
            ranges.put(d.service(), d.range());
        }
        return ranges;
    }

    Plan plan(Map<String, String> targets, int maxParallel) {
        return plan(new ReleaseRequest(FakeCluster.ENV, targets), maxParallel);
    }

    Plan plan(ReleaseRequest request, int maxParallel) {
        PlanResult result = Planner.plan(spec, cluster.inventory(FakeCluster.ENV), request,
                new Planner.Options(dev.slipway.release.plan.RolloutEstimate.DEFAULT, maxParallel));
        if (!(result instanceof Plan plan)) {
            throw new AssertionError(PlanRenderer.text(result));
        }
        return plan;
    }

    ReleaseEngine start(Plan plan, ReleaseEngine.Options options) {
        return ReleaseEngine.start(RELEASE, plan, cluster, cluster, journal, clock, options, listener);
    }

    ReleaseEngine run(Plan plan, ReleaseEngine.Options options) {
        ReleaseEngine engine = start(plan, options);
        clock.runUntilIdle(1_000_000);
        return engine;
    }

    static SystemSpec load(String services) {
        LoadResult result = SpecLoader.load(HEADER + services, "slipway.yaml");
        if (!result.ok()) {
            throw new AssertionError("test spec does not load: " + result.errors());
        }
        return result.orThrow();
    }

    /** A service block: 1 replica, rolling unless {@code extra} says otherwise, dependencies as name, range pairs. */
    static String service(String name, String extra, String... dependencyThenRange) {
        StringBuilder yaml = new StringBuilder("  ").append(name).append(":\n    path: ").append(name)
                .append("\n    language: go\n    port: 8080\n    replicas: 1\n").append(extra);
        if (dependencyThenRange.length > 0) {
            yaml.append("    dependsOn:\n");
            for (int i = 0; i < dependencyThenRange.length; i += 2) {
                yaml.append("      ").append(dependencyThenRange[i]).append(": \"").append(dependencyThenRange[i + 1])
                        .append("\"\n");
            }
        }
        return yaml.toString();
    }

    static final String CANARY = "    strategy:\n      type: canary\n      steps: [10, 50, 100]\n      stepInterval: 1m\n";
    static final String BLUE_GREEN = "    strategy:\n      type: blue-green\n      scaleDownDelay: 5m\n";

    /** Without verification windows: the schedule's tests time rollouts alone; VerificationTest times windows. */
    static final String HEADER = """
            system:
              name: test
              registry: ghcr.io/acme/test
              repository: https://github.com/acme/test.git
            ci:
              providers: [github]
              mainBranch: main
            environments:
              - name: production
                trigger: tag
            defaults:
              verify: {window: 0}
            services:
            """;
}
