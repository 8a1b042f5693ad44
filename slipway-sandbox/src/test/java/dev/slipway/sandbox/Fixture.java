package dev.slipway.sandbox;

import dev.slipway.release.Track;
import dev.slipway.release.cluster.TrackSpec;
import dev.slipway.release.cluster.TrackStatus;
import dev.slipway.release.time.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A sandbox on a virtual clock with a recorded status stream, and short ways to install services. */
final class Fixture {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final String ENV = "production";

    final VirtualClock clock = new VirtualClock(T0);
    final SandboxCluster cluster;
    final List<TrackStatus> statuses = new ArrayList<>();

    Fixture(Map<String, List<String>> dependencies, SandboxOptions options) {
        cluster = new SandboxCluster(clock, dependencies, options);
        cluster.watch(ENV, statuses::add);
    }

    Fixture(Map<String, List<String>> dependencies) {
        this(dependencies, SandboxOptions.defaults(42));
    }

    /** frontend → checkout → payments, checkout → catalog. */
    static Map<String, List<String>> shop() {
        Map<String, List<String>> deps = new LinkedHashMap<>();
        deps.put("frontend", List.of("checkout"));
        deps.put("checkout", List.of("payments", "catalog"));
        deps.put("payments", List.of());
        deps.put("catalog", List.of());
        return deps;
    }

    static TrackSpec spec(String service, Track track, String version, int replicas, String surge,
                          String unavailable) {
        return new TrackSpec(ENV, service, track, version, "registry.example/" + service + ":" + version,
                Optional.empty(), replicas, surge, unavailable, Map.of());
    }

    void apply(String service, Track track, String version, int replicas) {
        cluster.apply(spec(service, track, version, replicas, "25%", "25%"));
    }

    /** Installs every service at {@code version} on its stable track and lets the pods come up. */
    void installAll(Map<String, List<String>> dependencies, String version, int replicas) {
        dependencies.keySet().forEach(s -> apply(s, Track.STABLE, version, replicas));
        settle();
    }

    void settle() {
        clock.runUntilIdle(10_000_000);
    }

    void advance(Duration duration) {
        clock.runUntil(clock.now().plus(duration));
    }
}
