package dev.slipway.release.cluster;

import dev.slipway.model.VersionRange;
import dev.slipway.release.Track;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The desired state of one track of one service: which version (image) runs and how many replicas, and for a
 * rolling update how many pods may be added or missing at a time. {@code ranges} are the dependency ranges this
 * version is released with, recorded so a later plan knows what the running version accepts.
 * <p>
 * {@code image} is the reference to run; with a {@code digest} it is {@code repository@digest}, so the cluster
 * runs exactly that image. The digest is also kept apart so an adapter can record it where the inventory reads it.
 */
public record TrackSpec(String environment, String service, Track track, String version, String image,
                        Optional<String> digest, int replicas, String maxSurge, String maxUnavailable,
                        Map<String, VersionRange> ranges) {

    public TrackSpec {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(track, "track");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(image, "image");
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas " + replicas);
        }
        ranges = Map.copyOf(ranges);
    }
}
