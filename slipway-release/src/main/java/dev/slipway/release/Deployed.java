package dev.slipway.release;

import dev.slipway.model.VersionRange;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What runs of one service in an environment: its released version (and image digest), the tracks serving
 * traffic with their weights, whether it is healthy, and the version ranges this version was released with.
 * <p>
 * {@code ranges} (dependency → range) is empty when unknown: a version installed before Slipway recorded
 * ranges. The spec only holds the ranges of the version about to be released, so the ranges of the running
 * version come from here; the planner needs them to know whether the old version accepts a dependency's new one.
 */
public record Deployed(String service, String version, Optional<String> digest, List<TrackState> tracks,
                       boolean healthy, Optional<Map<String, VersionRange>> ranges) {

    public Deployed {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(digest, "digest");
        tracks = List.copyOf(tracks);
        ranges = ranges.map(r -> Collections.unmodifiableMap(new LinkedHashMap<>(r)));
        int total = tracks.stream().mapToInt(TrackState::weight).sum();
        if (!tracks.isEmpty() && total != 100) {
            throw new IllegalArgumentException(service + ": track weights add up to " + total + ", not 100");
        }
    }

    /** A settled service: one stable track with all the traffic, healthy, ranges unknown. */
    public static Deployed stable(String service, String version) {
        return new Deployed(service, version, Optional.empty(),
                List.of(new TrackState(Track.STABLE, version, 100)), true, Optional.empty());
    }

    public Deployed withRanges(Map<String, VersionRange> released) {
        return new Deployed(service, version, digest, tracks, healthy, Optional.of(released));
    }

    public Deployed withDigest(String imageDigest) {
        return new Deployed(service, version, Optional.of(imageDigest), tracks, healthy, ranges);
    }

    /** True while more than one track takes traffic: a rollout is under way or was left half done. */
    public boolean trafficSplit() {
        return tracks.stream().filter(t -> t.weight() > 0).count() > 1;
    }
}
