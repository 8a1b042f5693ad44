package dev.slipway.sandbox;

import dev.slipway.model.VersionRange;
import dev.slipway.model.Dependency;
import dev.slipway.model.Service;
import dev.slipway.model.SystemSpec;
import dev.slipway.release.Deployed;
import dev.slipway.release.Inventory;
import dev.slipway.release.Track;
import dev.slipway.release.TrackState;
import dev.slipway.release.cluster.Cluster;
import dev.slipway.release.cluster.Metrics;
import dev.slipway.release.cluster.TrackSpec;
import dev.slipway.release.cluster.TrackStatus;
import dev.slipway.release.cluster.TrafficSample;
import dev.slipway.release.time.Clock;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Slipway's embedded cluster: a deterministic, seeded discrete-event simulation on a {@link Clock}. Workloads behave
 * like Deployments ({@link Workload}), traffic flows along the dependency graph ({@link TrafficModel}), versions
 * misbehave as {@link Faults} say. Every happening is a callback on the clock, so on a
 * {@link dev.slipway.release.time.VirtualClock} the cluster and the engine interleave the same way on every run.
 * <p>
 * Status changes reach the watcher as separate clock callbacks, never from inside {@link #apply}, so the engine
 * is not re-entered while it acts. Methods are synchronized for callers outside the clock's thread (a progress
 * display reading the inventory during a scaled real-time demo).
 */
public final class SandboxCluster implements Cluster, Metrics {

    private final Clock clock;
    private final SandboxOptions options;
    private final Topology topology;
    private final TrafficModel traffic;
    private Faults faults = Faults.none();
    /** environment → service → its tracks and route. */
    private final Map<String, Map<String, ServiceRuntime>> environments = new TreeMap<>();
    private final Map<String, Consumer<TrackStatus>> watchers = new TreeMap<>();

    private static final class ServiceRuntime {
        final Map<Track, Workload> tracks = new EnumMap<>(Track.class);
        Optional<Map<Track, Integer>> route = Optional.empty();
    }

    /** A sandbox whose services call each other as {@code dependencies} (service → what it depends on) says. */
    public SandboxCluster(Clock clock, Map<String, List<String>> dependencies, SandboxOptions options) {
        this.clock = clock;
        this.options = options;
        this.topology = new Topology(dependencies, options);
        this.traffic = new TrafficModel(topology, options, this::fault);
    }

    /** A sandbox for the services of a spec, calling each other along {@code dependsOn}. */
    public static SandboxCluster of(SystemSpec spec, Clock clock, SandboxOptions options) {
        return new SandboxCluster(clock, dependencies(spec), options);
    }

    public static Map<String, List<String>> dependencies(SystemSpec spec) {
        Map<String, List<String>> edges = new LinkedHashMap<>();
        for (Service service : spec.services()) {
            edges.put(service.name(), service.dependsOn().stream().map(Dependency::service).toList());
        }
        return edges;
    }

    public SandboxOptions options() {
        return options;
    }

    Clock clock() {
        return clock;
    }

    /** Replaces the injected faults. Pods started from now on, and traffic samples, follow the new ones. */
    public synchronized void inject(Faults injected) {
        this.faults = injected;
    }

    public synchronized Faults faults() {
        return faults;
    }

    Optional<Fault> fault(String service, String version) {
        return faults.of(service, version);
    }

    // ---- Cluster ----

    @Override
    public synchronized Inventory inventory(String environment) {
        Map<String, Deployed> deployed = new TreeMap<>();
        environments.getOrDefault(environment, Map.of()).forEach((service, runtime) -> {
            if (!runtime.tracks.isEmpty()) {
                deployed.put(service, deployed(service, runtime));
            }
        });
        return new Inventory(environment, deployed);
    }

    private Deployed deployed(String service, ServiceRuntime runtime) {
        Map<Track, Integer> weights = weights(runtime);
        List<TrackState> tracks = new ArrayList<>();
        runtime.tracks.forEach((track, workload) ->
                tracks.add(new TrackState(track, workload.spec().version(), weights.get(track))));
        // the released version: stable while it takes traffic, otherwise the track with the most
        Workload main = runtime.tracks.values().stream()
                .filter(w -> w.track == Track.STABLE && weights.get(Track.STABLE) > 0).findFirst()
                .orElseGet(() -> runtime.tracks.values().stream()
                        .max(Comparator.comparing((Workload w) -> weights.get(w.track))
                                .thenComparing(w -> w.track, Comparator.reverseOrder()))
                        .orElseThrow());
        boolean healthy = runtime.tracks.values().stream().allMatch(Workload::complete);
        TrackSpec spec = main.spec();
        return new Deployed(service, spec.version(), Optional.of(spec.digest().orElse(digest(service, spec.version()))),
                tracks, healthy, Optional.of(spec.ranges()));
    }

    /** Weights as the inventory reports them: the route's (over existing tracks), or the ready-pod ratio. */
    private static Map<Track, Integer> weights(ServiceRuntime runtime) {
        Map<Track, Double> raw = new EnumMap<>(Track.class);
        runtime.tracks.keySet().forEach(t -> raw.put(t, 0.0));
        double total = 0;
        if (runtime.route.isPresent()) {
            for (Track track : runtime.tracks.keySet()) {
                double w = runtime.route.get().getOrDefault(track, 0);
                raw.put(track, w);
                total += w;
            }
        }
        if (total == 0) {
            for (Map.Entry<Track, Workload> e : runtime.tracks.entrySet()) {
                TrackStatus status = e.getValue().status();
                double w = status.readyReplicas() > 0 ? status.readyReplicas() : e.getValue().spec().replicas();
                raw.put(e.getKey(), w);
                total += w;
            }
        }
        if (total == 0) {
            raw.replaceAll((t, w) -> 1.0);
            total = raw.size();
        }
        return percentages(raw, total);
    }

    /** Largest-remainder rounding, so the weights add up to exactly 100. */
    private static Map<Track, Integer> percentages(Map<Track, Double> raw, double total) {
        Map<Track, Integer> result = new EnumMap<>(Track.class);
        Map<Track, Double> remainders = new EnumMap<>(Track.class);
        int assigned = 0;
        for (Map.Entry<Track, Double> e : raw.entrySet()) {
            double exact = e.getValue() * 100 / total;
            int floor = (int) Math.floor(exact);
            result.put(e.getKey(), floor);
            remainders.put(e.getKey(), exact - floor);
            assigned += floor;
        }
        List<Track> byRemainder = new ArrayList<>(remainders.keySet());
        byRemainder.sort((a, b) -> Double.compare(remainders.get(b), remainders.get(a)));
        for (int i = 0; assigned < 100; i++, assigned++) {
            Track track = byRemainder.get(i % byRemainder.size());
            result.merge(track, 1, Integer::sum);
        }
        return result;
    }

    /** A fake but stable image digest for a service version. */
    public static String digest(String service, String version) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((service + "@" + version).getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public synchronized void apply(TrackSpec desired) {
        topology.ensure(desired.service());
        ServiceRuntime runtime = runtime(desired.environment(), desired.service());
        Workload workload = runtime.tracks.get(desired.track());
        if (workload == null) {
            workload = new Workload(this, desired);
            runtime.tracks.put(desired.track(), workload);
        }
        workload.apply(desired);
        trafficChanged(desired.environment(), desired.service());
    }

    @Override
    public synchronized void route(String environment, String service, Map<Track, Integer> weights) {
        int total = weights.values().stream().mapToInt(Integer::intValue).sum();
        if (total != 100 || weights.values().stream().anyMatch(w -> w < 0)) {
            throw new IllegalArgumentException(service + ": route weights must add up to 100, got " + weights);
        }
        Map<Track, Integer> route = new EnumMap<>(Track.class);
        weights.forEach((track, weight) -> {
            if (weight > 0) {
                route.put(track, weight);
            }
        });
        runtime(environment, service).route = Optional.of(Collections.unmodifiableMap(route));
        trafficChanged(environment, service);
    }

    @Override
    public synchronized void remove(String environment, String service, Track track) {
        Map<String, ServiceRuntime> services = environments.get(environment);
        ServiceRuntime runtime = services == null ? null : services.get(service);
        if (runtime == null) {
            return;
        }
        Workload workload = runtime.tracks.remove(track);
        if (workload != null) {
            workload.stop();
            trafficChanged(environment, service);
        }
    }

    /** The listener also hears the current status of every track at once, as an informer's first list. */
    @Override
    public synchronized void watch(String environment, Consumer<TrackStatus> listener) {
        watchers.put(environment, listener);
        environments.getOrDefault(environment, Map.of()).values()
                .forEach(runtime -> runtime.tracks.values().forEach(w -> deliver(environment, w.status())));
    }

    @Override
    public synchronized void probe(String environment, String service, Track track, String path,
                                   Consumer<Boolean> healthy) {
        Workload workload = Optional.ofNullable(environments.get(environment)).map(s -> s.get(service))
                .map(r -> r.tracks.get(track)).orElse(null);
        boolean answer = workload != null && workload.status().readyReplicas() > 0
                && fault(service, workload.spec().version())
                .map(f -> f.answersHealthy(options.unhealthyErrorRate())).orElse(true);
        clock.after(options.probeDelay(), () -> healthy.accept(answer));
    }

    /**
     * A simulated service answers 200 with an empty body when healthy, 503 otherwise: a smoke test that asks for a
     * body fails here, saying so.
     */
    @Override
    public void smoke(String environment, String service, Track track, dev.slipway.model.SmokeTest test,
                      Consumer<dev.slipway.release.cluster.SmokeAnswer> answer) {
        probe(environment, service, track, test.path(), healthy -> {
            int status = healthy ? 200 : 503;
            boolean passed = test.passes(status, "");
            answer.accept(new dev.slipway.release.cluster.SmokeAnswer(passed, test.describe() + ": "
                    + (passed ? "passed" : "answered " + status + (healthy ? " with an empty body" : ""))));
        });
    }

    /** The status of one track now, if it exists (for displays and tests; the engine listens with watch). */
    public synchronized Optional<TrackStatus> status(String environment, String service, Track track) {
        return Optional.ofNullable(environments.get(environment)).map(s -> s.get(service))
                .map(r -> r.tracks.get(track)).map(Workload::status);
    }

    // ---- Metrics ----

    @Override
    public synchronized TrafficSample sample(String environment, String service, Track track, Instant from,
                                             Instant to) {
        return traffic.sample(environment, service, track, from, to);
    }

    /** The pods of one version on the track: during a rolling update they take their share of the ready pods. */
    @Override
    public synchronized TrafficSample versionSample(String environment, String service, Track track, String version,
                                                    Instant from, Instant to) {
        return traffic.sample(environment, service, track, version, from, to);
    }

    // ---- inside the simulation ----

    void deliver(String environment, TrackStatus status) {
        clock.after(Duration.ZERO, () -> {
            Consumer<TrackStatus> listener;
            synchronized (this) {
                listener = watchers.get(environment);
            }
            if (listener != null) {
                listener.accept(status);
            }
        });
    }

    void trafficChanged(String environment, String service) {
        ServiceRuntime runtime = runtime(environment, service);
        Map<Track, Map<String, Integer>> ready = new EnumMap<>(Track.class);
        runtime.tracks.forEach((track, workload) -> {
            Map<String, Integer> byVersion = new TreeMap<>();
            for (Workload.Pod pod : workload.pods()) {
                if (pod.ready) {
                    byVersion.merge(pod.version, 1, Integer::sum);
                }
            }
            ready.put(track, Collections.unmodifiableMap(byVersion));
        });
        traffic.record(environment, service, clock.now(), new Shape(Collections.unmodifiableMap(ready), runtime.route));
    }

    private ServiceRuntime runtime(String environment, String service) {
        return environments.computeIfAbsent(environment, e -> new TreeMap<>())
                .computeIfAbsent(service, s -> new ServiceRuntime());
    }

    // ---- state ----

    /** Everything a later command needs to see the same cluster. */
    public synchronized SandboxState state() {
        Map<String, SandboxState.Environment> envs = new TreeMap<>();
        environments.forEach((env, services) -> {
            Map<String, SandboxState.Service> saved = new TreeMap<>();
            services.forEach((name, runtime) -> {
                if (runtime.tracks.isEmpty() && runtime.route.isEmpty()) {
                    return;
                }
                Map<String, SandboxState.Workload> tracks = new TreeMap<>();
                runtime.tracks.forEach((track, w) -> {
                    TrackSpec s = w.spec();
                    tracks.put(track.keyword(), new SandboxState.Workload(s.version(), s.image(),
                            s.digest().orElse(null), s.replicas(), s.maxSurge(), s.maxUnavailable(),
                            new TreeMap<>(VersionRange.texts(s.ranges())), w.generation(), w.podSerial()));
                });
                Map<String, Integer> route = runtime.route.map(r -> {
                    Map<String, Integer> byName = new TreeMap<>();
                    r.forEach((t, weight) -> byName.put(t.keyword(), weight));
                    return byName;
                }).orElse(null);
                saved.put(name, new SandboxState.Service(route, tracks));
            });
            envs.put(env, new SandboxState.Environment(saved));
        });
        return new SandboxState(SandboxState.FORMAT, options.seed(), clock.now().toString(),
                faults.entries().stream().map(SandboxState.FaultEntry::of).toList(), envs);
    }

    /**
     * A sandbox continuing from a saved state: same seed, same faults, the same workloads settled at their specs.
     * The clock should start at {@link SandboxState#instant()}.
     */
    public static SandboxCluster restore(SandboxState state, Clock clock, Map<String, List<String>> dependencies,
                                         SandboxOptions options) {
        SandboxCluster cluster = new SandboxCluster(clock, dependencies, options.withSeed(state.seed()));
        cluster.faults = new Faults(state.faults().stream().map(SandboxState.FaultEntry::fault).toList());
        state.environments().forEach(cluster::restoreEnvironment);
        return cluster;
    }

    /**
     * Replaces what runs in one environment with a saved state, settled at its specs (another process released
     * there since this sandbox was restored). Call it on the clock's thread, while no release runs there.
     */
    public synchronized void restoreEnvironment(String env, SandboxState.Environment saved) {
        Map<String, ServiceRuntime> before = environments.remove(env);
        if (before != null) {
            before.values().forEach(runtime -> runtime.tracks.values().forEach(Workload::stop));
        }
        saved.services().forEach((name, service) -> {
            topology.ensure(name);
            ServiceRuntime runtime = runtime(env, name);
            service.tracks().forEach((keyword, w) -> {
                Track track = Track.valueOf(keyword.toUpperCase(java.util.Locale.ROOT));
                TrackSpec spec = new TrackSpec(env, name, track, w.version(), w.image(),
                        Optional.ofNullable(w.digest()), w.replicas(), w.maxSurge(), w.maxUnavailable(),
                        w.ranges() == null ? Map.of() : VersionRange.parseAll(w.ranges()));
                runtime.tracks.put(track, Workload.restored(this, spec, w.generation(), w.podSerial()));
            });
            if (service.route() != null) {
                Map<Track, Integer> route = new EnumMap<>(Track.class);
                service.route().forEach((k, v) -> route.put(Track.valueOf(k.toUpperCase(java.util.Locale.ROOT)), v));
                runtime.route = Optional.of(Collections.unmodifiableMap(route));
            }
            trafficChanged(env, name);
        });
    }
}
