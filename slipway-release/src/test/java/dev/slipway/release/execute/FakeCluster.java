package dev.slipway.release.execute;

import dev.slipway.model.VersionRange;
import dev.slipway.release.Deployed;
import dev.slipway.release.Inventory;
import dev.slipway.release.Track;
import dev.slipway.release.TrackState;
import dev.slipway.release.cluster.Cluster;
import dev.slipway.release.cluster.Metrics;
import dev.slipway.release.cluster.TrackSpec;
import dev.slipway.release.cluster.TrackStatus;
import dev.slipway.release.cluster.TrafficSample;
import dev.slipway.release.time.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A small deterministic cluster for the engine's tests, on the test's virtual clock: a track's pods come up
 * {@code podStartup} per wave after an apply (waves from maxSurge / maxUnavailable, as a Deployment replaces
 * pods), unless the version is told to crash-loop (at once, or some time after it came up). Traffic is 10
 * requests per second split by the route's weights; a version can be given an error rate. Every call is logged.
 * {@code watch} first delivers the status of every existing track, as an informer's initial list does.
 */
final class FakeCluster implements Cluster, Metrics {

    static final String ENV = "production";

    /** {@code previous}: the version of the old pods a rolling update is replacing, serving beside the new ones. */
    private record Workload(String version, int replicas, long generation, int ready, int updated, int restarts,
                            Map<String, VersionRange> ranges, String previous) {
        Workload(String version, int replicas, long generation, int ready, int updated, int restarts,
                 Map<String, VersionRange> ranges) {
            this(version, replicas, generation, ready, updated, restarts, ranges, null);
        }

        /** The share of the track's traffic that {@code v}'s pods take: by ready pods during a rolling update. */
        double share(String v) {
            if (previous == null) {
                return v.equals(version) ? 1 : 0;
            }
            double newShare = (double) ready / Math.max(1, replicas);
            return v.equals(version) ? newShare : v.equals(previous) ? 1 - newShare : 0;
        }
    }

    /** What the service looked like from a moment on: its tracks and weights, for metrics over past windows. */
    private record Snapshot(Instant at, Map<Track, Workload> tracks, Map<Track, Integer> weights) {
    }

    private final Map<String, List<Snapshot>> history = new HashMap<>();
    /** How an installed service looked before the test: since ever, before its first change. */
    private final Map<String, Snapshot> installedBefore = new HashMap<>();

    private final VirtualClock clock;
    private final Duration podStartup = Duration.ofSeconds(20);
    private final Duration probeDelay = Duration.ofSeconds(10);
    private final Map<String, Map<Track, Workload>> workloads = new TreeMap<>();
    private final Map<String, Map<Track, Integer>> weights = new HashMap<>();
    private final Set<String> crashLoops = new HashSet<>();
    private final Map<String, Duration> crashAfter = new HashMap<>();
    private final Map<String, Double> errorRates = new HashMap<>();
    private final Set<String> unhealthy = new HashSet<>();
    private final Set<String> silent = new HashSet<>();
    private final List<String> calls = new ArrayList<>();
    /** Every track spec applied, in order: what an adapter would be asked to run. */
    final List<TrackSpec> applied = new ArrayList<>();
    private Consumer<TrackStatus> listener = s -> { };

    FakeCluster(VirtualClock clock) {
        this.clock = clock;
    }

    /** A running service: stable track, all pods ready, all traffic. */
    FakeCluster install(String service, String version, int replicas, Map<String, VersionRange> ranges) {
        workloads.computeIfAbsent(service, s -> new EnumMap<>(Track.class))
                .put(Track.STABLE, new Workload(version, replicas, 1, replicas, replicas, 0, Map.copyOf(ranges)));
        installedBefore.put(service, new Snapshot(Instant.MIN, Map.of(Track.STABLE, workloads.get(service)
                .get(Track.STABLE)), Map.of(Track.STABLE, 100)));
        return this;
    }

    FakeCluster crashLoops(String service, String version) {
        crashLoops.add(service + "@" + version);
        return this;
    }

    FakeCluster crashesAfter(String service, String version, Duration after) {
        crashAfter.put(service + "@" + version, after);
        return this;
    }

    FakeCluster errorRate(String service, String version, double rate) {
        errorRates.put(service + "@" + version, rate);
        return this;
    }

    FakeCluster smokeFails(String service, String version) {
        unhealthy.add(service + "@" + version);
        return this;
    }

    /** The service gets no requests: metrics have no data. */
    FakeCluster silent(String service) {
        silent.add(service);
        return this;
    }

    List<String> calls() {
        return List.copyOf(calls);
    }

    /** The calls about one service, without the service name. */
    List<String> calls(String service) {
        return calls.stream().filter(c -> c.split(" ")[1].equals(service))
                .map(c -> c.split(" ", 3)[0] + " " + c.split(" ", 3)[2]).toList();
    }

    @Override
    public Inventory inventory(String environment) {
        Inventory inventory = Inventory.empty(environment);
        for (String service : workloads.keySet()) {
            if (workloads.get(service).isEmpty()) {
                continue;
            }
            List<TrackState> tracks = new ArrayList<>();
            workloads.get(service).forEach((track, w) -> tracks.add(new TrackState(track, w.version(), weight(service, track))));
            Track serving = servingTrack(service);
            Workload w = workloads.get(service).get(serving);
            inventory = inventory.with(new Deployed(service, w.version(), Optional.empty(), tracks, true,
                    Optional.of(w.ranges())));
        }
        return inventory;
    }

    int weight(String service, Track track) {
        Map<Track, Integer> routed = weights.get(service);
        if (routed == null) {
            return track == Track.STABLE ? 100 : 0;
        }
        return routed.getOrDefault(track, 0);
    }

    Track servingTrack(String service) {
        return workloads.get(service).keySet().stream()
                .max(java.util.Comparator.comparingInt((Track t) -> weight(service, t))).orElseThrow();
    }

    /** The version taking the traffic, empty when the service does not run. */
    Optional<String> serving(String service) {
        Map<Track, Workload> tracks = workloads.get(service);
        return tracks == null || tracks.isEmpty() ? Optional.empty()
                : Optional.of(tracks.get(servingTrack(service)).version());
    }

    boolean split(String service) {
        Map<Track, Workload> tracks = workloads.getOrDefault(service, Map.of());
        return tracks.keySet().stream().filter(t -> weight(service, t) > 0).count() > 1;
    }

    Set<Track> tracks(String service) {
        return workloads.getOrDefault(service, Map.of()).keySet();
    }

    Set<String> services() {
        return workloads.keySet();
    }

    @Override
    public void apply(TrackSpec desired) {
        String service = desired.service();
        calls.add("apply " + service + " " + desired.track().keyword() + " " + desired.version());
        applied.add(desired);
        Map<Track, Workload> tracks = workloads.computeIfAbsent(service, s -> new EnumMap<>(Track.class));
        Workload now = tracks.get(desired.track());
        if (now != null && now.version().equals(desired.version()) && now.replicas() == desired.replicas()) {
            return; // nothing changes: no new status either
        }
        long generation = now == null ? 1 : now.generation() + 1;
        // a rolling update over running pods of another version replaces them wave by wave, old and new serving
        String previous = now != null && !now.version().equals(desired.version()) && now.ready() > 0
                && now.previous() == null ? now.version() : null;
        Workload starting = new Workload(desired.version(), desired.replicas(), generation, 0, 0, 0, desired.ranges(),
                previous);
        tracks.put(desired.track(), starting);
        emit(service, desired.track());
        String key = service + "@" + desired.version();
        int waves = waves(desired);
        int batch = (desired.replicas() + waves - 1) / waves;
        for (int wave = 1; wave < waves && previous != null; wave++) {
            int up = Math.min(desired.replicas(), wave * batch);
            clock.after(podStartup.multipliedBy(wave), () -> {
                if (current(service, desired.track(), generation) && !crashLoops.contains(key)) {
                    tracks.put(desired.track(), new Workload(desired.version(), desired.replicas(), generation, up, up,
                            0, desired.ranges(), previous));
                    emit(service, desired.track());
                }
            });
        }
        Duration startup = podStartup.multipliedBy(waves);
        clock.after(startup, () -> {
            if (!current(service, desired.track(), generation)) {
                return;
            }
            int replicas = desired.replicas();
            if (crashLoops.contains(key)) {
                tracks.put(desired.track(), new Workload(desired.version(), replicas, generation, 0, replicas, 3, desired.ranges()));
                emit(service, desired.track());
                return;
            }
            tracks.put(desired.track(), new Workload(desired.version(), replicas, generation, replicas, replicas, 0, desired.ranges()));
            emit(service, desired.track());
            Duration crash = crashAfter.get(key);
            if (crash != null) {
                clock.after(crash, () -> {
                    if (current(service, desired.track(), generation)) {
                        tracks.put(desired.track(), new Workload(desired.version(), replicas, generation, 0, replicas, 3, desired.ranges()));
                        emit(service, desired.track());
                    }
                });
            }
        });
    }

    private boolean current(String service, Track track, long generation) {
        Workload w = workloads.getOrDefault(service, Map.of()).get(track);
        return w != null && w.generation() == generation;
    }

    /** Pods replaced per wave: maxSurge (rounded up) + maxUnavailable (rounded down), at least one. */
    private static int waves(TrackSpec spec) {
        int replicas = Math.max(1, spec.replicas());
        int batch = Math.max(1, pods(spec.maxSurge(), replicas, true) + pods(spec.maxUnavailable(), replicas, false));
        return (replicas + batch - 1) / batch;
    }

    private static int pods(String value, int replicas, boolean up) {
        if (value.endsWith("%")) {
            int percent = Integer.parseInt(value.substring(0, value.length() - 1));
            return up ? (replicas * percent + 99) / 100 : replicas * percent / 100;
        }
        return Integer.parseInt(value);
    }

    /**
     * Delivered as a separate callback, as a real cluster's watch would: an engine that stops while handling it
     * must not cut the cluster's own bookkeeping short.
     */
    private void emit(String service, Track track) {
        remember(service);
        TrackStatus status = status(service, track);
        clock.after(Duration.ZERO, () -> listener.accept(status));
    }

    private TrackStatus status(String service, Track track) {
        Workload w = workloads.get(service).get(track);
        return new TrackStatus(ENV, service, track, w.version(), w.generation(), w.generation(), w.replicas(),
                w.updated(), w.ready(), w.ready(), w.restarts(), false);
    }

    @Override
    public void route(String environment, String service, Map<Track, Integer> routed) {
        StringBuilder text = new StringBuilder();
        routed.forEach((t, w) -> text.append(text.isEmpty() ? "" : ", ").append(t.keyword()).append('=').append(w));
        calls.add("route " + service + " {" + text + "}");
        if (routed.values().stream().mapToInt(Integer::intValue).sum() != 100) {
            throw new IllegalArgumentException("weights of " + service + " do not add up to 100: " + routed);
        }
        weights.put(service, new EnumMap<>(routed));
        remember(service);
    }

    private void remember(String service) {
        Map<Track, Workload> tracks = workloads.getOrDefault(service, Map.of());
        Map<Track, Integer> routed = new EnumMap<>(Track.class);
        tracks.keySet().forEach(t -> routed.put(t, weight(service, t)));
        history.computeIfAbsent(service, s -> new ArrayList<>())
                .add(new Snapshot(clock.now(), tracks.isEmpty() ? Map.of() : new EnumMap<>(tracks), routed));
    }

    @Override
    public void remove(String environment, String service, Track track) {
        calls.add("remove " + service + " " + track.keyword());
        Map<Track, Workload> tracks = workloads.get(service);
        if (tracks != null) {
            tracks.remove(track);
        }
        Map<Track, Integer> routed = weights.get(service);
        if (routed != null) {
            routed.remove(track);
        }
        remember(service);
    }

    @Override
    public void watch(String environment, Consumer<TrackStatus> watcher) {
        this.listener = watcher;
        for (String service : workloads.keySet()) {
            for (Track track : workloads.get(service).keySet()) {
                TrackStatus status = status(service, track);
                clock.after(Duration.ZERO, () -> listener.accept(status));
            }
        }
    }

    @Override
    public void probe(String environment, String service, Track track, String path, Consumer<Boolean> healthy) {
        calls.add("probe " + service + " " + track.keyword() + " " + path);
        Workload w = workloads.get(service).get(track);
        boolean ok = w != null && w.ready() > 0 && !unhealthy.contains(service + "@" + w.version());
        clock.after(probeDelay, () -> healthy.accept(ok));
    }

    @Override
    public TrafficSample sample(String environment, String service, Track track, Instant from, Instant to) {
        return traffic(service, track, null, from, to);
    }

    @Override
    public TrafficSample versionSample(String environment, String service, Track track, String version, Instant from,
                                       Instant to) {
        return traffic(service, track, version, from, to);
    }

    /**
     * 10 requests/s split by weights (and on a track by the versions' shares of ready pods), second by second as
     * the service looked then; a service installed before the test started has looked the same since ever.
     */
    private TrafficSample traffic(String service, Track track, String version, Instant from, Instant to) {
        if (silent.contains(service)) {
            return TrafficSample.none();
        }
        double requests = 0;
        double errors = 0;
        for (Instant second = from; second.isBefore(to); second = second.plusSeconds(1)) {
            Snapshot shape = at(service, second);
            Workload w = shape.tracks().get(track);
            int weight = shape.weights().getOrDefault(track, 0);
            if (w == null || weight == 0) {
                continue;
            }
            for (String v : w.previous() == null ? List.of(w.version()) : List.of(w.version(), w.previous())) {
                if (version != null && !version.equals(v)) {
                    continue;
                }
                double n = 10.0 * weight / 100 * w.share(v);
                requests += n;
                errors += n * errorRates.getOrDefault(service + "@" + v, 0.0);
            }
        }
        long n = Math.round(requests);
        if (n == 0) {
            return TrafficSample.none();
        }
        return new TrafficSample(n, Math.min(n, Math.round(errors)), OptionalDouble.of(20), OptionalDouble.of(50),
                OptionalDouble.of(80));
    }

    private Snapshot at(String service, Instant when) {
        List<Snapshot> snapshots = history.getOrDefault(service, List.of());
        Snapshot found = null;
        for (Snapshot snapshot : snapshots) {
            if (snapshot.at().isAfter(when)) {
                break;
            }
            found = snapshot;
        }
        if (found != null) {
            return found;
        }
        if (!snapshots.isEmpty()) {
            return snapshots.getFirst().at().isAfter(when) && installedBefore.containsKey(service)
                    ? installedBefore.get(service) : new Snapshot(when, Map.of(), Map.of());
        }
        Map<Track, Workload> tracks = workloads.getOrDefault(service, Map.of());
        Map<Track, Integer> routed = new EnumMap<>(Track.class);
        tracks.keySet().forEach(t -> routed.put(t, weight(service, t)));
        return new Snapshot(when, tracks, routed);
    }
}
