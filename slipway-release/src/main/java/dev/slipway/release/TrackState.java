package dev.slipway.release;

import java.util.Objects;

/** One track of a running service: which version it serves and its share of the traffic (percent). */
public record TrackState(Track track, String version, int weight) {

    public TrackState {
        Objects.requireNonNull(track, "track");
        Objects.requireNonNull(version, "version");
        if (weight < 0 || weight > 100) {
            throw new IllegalArgumentException("a traffic weight is a percentage, got " + weight);
        }
    }
}
