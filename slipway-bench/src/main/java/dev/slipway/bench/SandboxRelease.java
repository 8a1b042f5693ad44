package dev.slipway.bench;

import dev.slipway.model.VersionRange;
import dev.slipway.model.SystemSpec;
import dev.slipway.release.Track;
import dev.slipway.release.cluster.TrackSpec;
import dev.slipway.release.execute.InMemoryJournal;
import dev.slipway.release.execute.ProgressListener;
import dev.slipway.release.execute.ReleaseEngine;
import dev.slipway.release.execute.ReleaseResult;
import dev.slipway.release.plan.Plan;
import dev.slipway.release.plan.PlanRenderer;
import dev.slipway.release.plan.PlanResult;
import dev.slipway.release.plan.Planner;
import dev.slipway.release.plan.ReleaseRequest;
import dev.slipway.release.plan.Schedule;
import dev.slipway.release.time.VirtualClock;
import dev.slipway.sandbox.SandboxCluster;
import dev.slipway.sandbox.SandboxOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One release of a {@link RandomSystem} through the real {@link ReleaseEngine} on the {@link SandboxCluster}, in
 * virtual time: every service runs 1.0.0 (installed directly, settled), and the release brings all of them to
 * 1.1.0 with rolling updates.
 * <p>
 * A rollout's duration is set through the sandbox: each service's mean pod start-up time is its drawn duration,
 * with no spread (sigma 0) and no controller delay, and maxSurge 100 % starts every new pod in one wave, so the
 * rollout completes exactly one start-up time after its apply. The plan's schedule (which the engine uses to rank
 * ready services under a cap) is computed from the same durations, as if the estimates were exact.
 */
final class SandboxRelease {

    static final String ENV = "production";
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** What one release measured. */
    record Outcome(ReleaseResult result, int transitions, long wallNanos, long threadCpuNanos, long engineCpuNanos,
                   long clusterCpuNanos, long engineCallbacks, long clockEvents) {
    }

    private final RandomSystem system;
    private final SystemSpec spec;
    private final int replicas;
    final VirtualClock clock = new VirtualClock(T0);
    final SandboxCluster sandbox;
    private long clockEvents;

    SandboxRelease(RandomSystem system, int replicas) {
        this.system = system;
        this.replicas = replicas;
        this.spec = system.spec(ENV, replicas);
        SandboxOptions defaults = SandboxOptions.defaults(7);
        SandboxOptions options = new SandboxOptions(defaults.seed(), defaults.startupMean(), system.durations(),
                0.0, Duration.ZERO, Duration.ofHours(2), defaults.crashBackoff(), defaults.maxRestarts(),
                defaults.entryRps(), defaults.defaultEntryRps(), defaults.baseLatencyMillis(),
                defaults.baseLatencies(), defaults.latencySigma(), defaults.propagation(),
                defaults.unhealthyErrorRate(), defaults.bucket(), defaults.probeDelay());
        this.sandbox = new SandboxCluster(clock, system.dependencies(), options);
    }

    /** Every service at 1.0.0, settled, with ranges ^1 recorded, as if an earlier release had installed it. */
    void install() {
        for (String name : system.names()) {
            Map<String, VersionRange> ranges = new LinkedHashMap<>();
            system.dependencies().get(name).forEach(d -> ranges.put(d, VersionRange.parse("^1").orElseThrow()));
            sandbox.apply(new TrackSpec(ENV, name, Track.STABLE, "1.0.0",
                    spec.system().imageRepository(name) + ":1.0.0", Optional.empty(), replicas, "100%", "0", ranges));
        }
        runClock();
    }

    /** The plan of the upgrade to 1.1.0, its schedule recomputed from the true durations with cap {@code maxParallel}. */
    Plan plan(int maxParallel) {
        Map<String, String> targets = new LinkedHashMap<>();
        system.names().forEach(n -> targets.put(n, "1.1.0"));
        PlanResult result = Planner.plan(spec, sandbox.inventory(ENV), new ReleaseRequest(ENV, targets),
                new Planner.Options(dev.slipway.release.plan.RolloutEstimate.DEFAULT, maxParallel));
        if (!(result instanceof Plan plan)) {
            throw new IllegalStateException(PlanRenderer.text(result));
        }
        Map<String, List<String>> after = new LinkedHashMap<>();
        Map<String, Duration> durations = new LinkedHashMap<>();
        plan.services().forEach(s -> {
            after.put(s.name(), s.after());
            durations.put(s.name(), system.durations().get(s.name()));
        });
        return new Plan(plan.environment(), plan.services(), plan.checks(), Schedule.of(durations, after, maxParallel),
                plan.notes());
    }

    Outcome release(Plan plan, int maxParallel) {
        Meter meter = new Meter();
        InMemoryJournal journal = new InMemoryJournal();
        MeteredWorld.MeteredCluster cluster = new MeteredWorld.MeteredCluster(sandbox, meter);
        ReleaseEngine.Options options = ReleaseEngine.Options.DEFAULT.withMaxParallel(maxParallel);
        long wall = System.nanoTime();
        long cpu = Meter.cpuNanos();
        ReleaseEngine[] engine = new ReleaseEngine[1];
        meter.engine(() -> engine[0] = ReleaseEngine.start("bench", plan, cluster, cluster, journal,
                new MeteredWorld.MeteredClock(clock, meter), options, ProgressListener.NONE));
        long events = runClock();
        cpu = Meter.cpuNanos() - cpu;
        wall = System.nanoTime() - wall;
        ReleaseResult result = engine[0].result()
                .orElseThrow(() -> new IllegalStateException("the release did not finish: " + clock.now()));
        return new Outcome(result, journal.read("bench").size(), wall, cpu, meter.engineOnlyNanos(),
                meter.clusterNanos(), meter.callbacks(), events);
    }

    private long runClock() {
        long events = 0;
        while (clock.runNext()) {
            events++;
        }
        clockEvents += events;
        return events;
    }
}
