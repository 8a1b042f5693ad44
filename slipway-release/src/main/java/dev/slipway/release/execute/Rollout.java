package dev.slipway.release.execute;

import dev.slipway.model.CanaryAnalysis;
import dev.slipway.model.Service;
import dev.slipway.model.Strategy;
import dev.slipway.model.SystemSpec;
import dev.slipway.release.Deployed;
import dev.slipway.release.TrackState;
import dev.slipway.release.Track;
import dev.slipway.release.cluster.TrackSpec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What stays fixed during one service's rollout: versions, images, replicas, the strategy's parameters and the
 * two tracks it uses — {@code track} for the new version, {@code baseline} for the running one (the same track for
 * a rolling update).
 * <p>
 * A service that does not run yet has no traffic to shift and nothing to compare a canary with: it is installed
 * with a rolling update whatever its strategy.
 * <p>
 * A version pinned to a digest runs the image {@code repository@digest}, so the cluster runs exactly the image
 * the pipeline scanned; so does the previous version on a rollback when the inventory knows its digest.
 * <p>
 * A canary is judged by {@code analysis}: looked at every {@code analysis.interval()}, decided at each step's end,
 * and given up to {@code analysis.inconclusiveAfter()} more when the evidence is still too thin.
 */
public record Rollout(String environment, String service, Optional<String> from, String to, Kind kind,
                      int replicas, String image, Optional<String> digest, Optional<String> previousImage, Optional<String> previousDigest,
                      Track track, Track baseline, Map<String, String> ranges, Map<String, String> previousRanges,
                      String healthPath, String maxSurge, String maxUnavailable, List<Integer> steps,
                      Duration stepInterval, Duration scaleDownDelay, boolean manualGate, CanaryAnalysis analysis) {

    public enum Kind { ROLLING, BLUE_GREEN, CANARY }

    public Rollout {
        ranges = Map.copyOf(ranges);
        previousRanges = Map.copyOf(previousRanges);
        steps = List.copyOf(steps);
    }

    /**
     * @param digest  the image digest the new version is pinned to, if any
     * @param running what runs of the service (its version must be {@code from} to use its ranges and digest)
     * @param tracks  the tracks recorded in the journal for a rollout already under way, as (track, baseline)
     */
    static Rollout of(SystemSpec spec, String environment, String service, Optional<String> from, String to,
                      Optional<String> digest, Optional<Deployed> running, Optional<Track[]> tracks,
                      boolean manualGate) {
        Service s = spec.service(service).orElseThrow(() -> new IllegalArgumentException("unknown service " + service));
        return of(spec, s, environment, from, to, digest, Optional.empty(), running, tracks, manualGate);
    }

    /**
     * As above, with the service already looked up (the spec's lookup is a linear search) and the target's own
     * ranges where they are not the spec's ({@code declared}: a rollback's older version).
     */
    static Rollout of(SystemSpec spec, Service s, String environment, Optional<String> from, String to,
                      Optional<String> digest, Optional<Map<String, String>> declared, Optional<Deployed> running,
                      Optional<Track[]> tracks, boolean manualGate) {
        String service = s.name();
        Kind kind = from.isEmpty() ? Kind.ROLLING : switch (s.strategy()) {
            case Strategy.Rolling r -> Kind.ROLLING;
            case Strategy.BlueGreen b -> Kind.BLUE_GREEN;
            case Strategy.Canary c -> Kind.CANARY;
        };
        Optional<Deployed> previous = running.filter(d -> from.isPresent() && d.version().equals(from.get()));
        Track baseline = tracks.map(t -> t[1]).orElseGet(() -> servingTrack(running));
        Track track = tracks.map(t -> t[0]).orElseGet(() -> switch (kind) {
            case ROLLING -> baseline;
            case CANARY -> Track.CANARY;
            case BLUE_GREEN -> baseline == Track.GREEN ? Track.BLUE : Track.GREEN;
        });
        Map<String, String> ranges = new LinkedHashMap<>();
        declared.ifPresentOrElse(ranges::putAll,
                () -> s.dependsOn().forEach(d -> ranges.put(d.service(), d.range().text())));
        String maxSurge = "25%";
        String maxUnavailable = "0";
        List<Integer> steps = List.of();
        Duration interval = Duration.ZERO;
        Duration scaleDown = Duration.ZERO;
        switch (s.strategy()) {
            case Strategy.Rolling r -> {
                maxSurge = r.maxSurge();
                maxUnavailable = r.maxUnavailable();
            }
            case Strategy.BlueGreen b -> scaleDown = b.scaleDownDelay();
            case Strategy.Canary c -> {
                steps = c.steps();
                interval = c.stepInterval();
            }
        }
        Optional<String> previousDigest = previous.flatMap(Deployed::digest);
        return new Rollout(environment, service, from, to, kind, Math.max(1, s.replicas()), image(spec, s, to, digest),
                digest, from.map(v -> image(spec, s, v, previousDigest)), previousDigest, track, baseline, ranges,
                previous.flatMap(Deployed::ranges).orElse(Map.of()), s.healthPath(), maxSurge, maxUnavailable, steps,
                interval, scaleDown, manualGate && kind == Kind.CANARY, s.analysis());
    }

    /** The track that takes the traffic now; stable when nothing runs or nothing says otherwise. */
    private static Track servingTrack(Optional<Deployed> running) {
        return running.flatMap(d -> d.tracks().stream().filter(t -> t.weight() == 100).map(TrackState::track)
                .findFirst()).orElse(Track.STABLE);
    }

    /**
     * Built images are {@code registry/service:version}; an external image keeps its repository. Pinned to a
     * digest, the reference is {@code repository@digest}: the tag would only be a name for it.
     */
    static String image(SystemSpec spec, Service service, String version, Optional<String> digest) {
        String repository;
        if (service.builtFromSource()) {
            repository = spec.system().imageRepository(service.name());
        } else {
            String external = service.image().orElseThrow();
            external = external.contains("@") ? external.substring(0, external.indexOf('@')) : external;
            int slash = external.lastIndexOf('/');
            int colon = external.lastIndexOf(':');
            repository = colon > slash ? external.substring(0, colon) : external;
        }
        return digest.map(d -> repository + "@" + d).orElse(repository + ":" + version);
    }

    /** The new version on {@code onTrack} with all replicas. */
    TrackSpec newVersion(Track onTrack) {
        return new TrackSpec(environment, service, onTrack, to, image, digest, replicas, maxSurge,
                maxUnavailable, ranges);
    }

    /** The running version back on the baseline track. Requires {@code from}. */
    TrackSpec previousVersion() {
        return new TrackSpec(environment, service, baseline, from.orElseThrow(), previousImage.orElseThrow(),
                previousDigest, replicas, maxSurge, maxUnavailable, previousRanges);
    }

    /** The track on which the new version runs in {@code state}: a promoted canary runs on the stable track. */
    Track newVersionTrack(RolloutState state) {
        return kind == Kind.CANARY && (state instanceof RolloutState.Promoting || state instanceof RolloutState.Promoted)
                ? baseline : track;
    }
}
