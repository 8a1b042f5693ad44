package dev.slipway.sandbox;

import dev.slipway.release.Track;
import java.util.Map;
import java.util.Optional;

/**
 * What decides a service's traffic at one moment: per track, how many ready pods of each version it has, and the
 * route's weights if one was set. The sandbox records a shape whenever it changes; traffic is computed from them.
 */
record Shape(Map<Track, Map<String, Integer>> readyByVersion, Optional<Map<Track, Integer>> route) {

    static final Shape ABSENT = new Shape(Map.of(), Optional.empty());

    boolean installed() {
        return !readyByVersion.isEmpty();
    }

    int ready(Track track) {
        int ready = 0;
        for (int count : readyByVersion.getOrDefault(track, Map.of()).values()) {
            ready += count;
        }
        return ready;
    }

    /**
     * The share of the service's requests that go to {@code track}: the route's weight, or without a route the
     * track's share of ready pods (as a Service spreads over the pods its selector matches).
     */
    double share(Track track) {
        if (route.isPresent()) {
            return route.get().getOrDefault(track, 0) / 100.0;
        }
        int total = 0;
        for (Track each : readyByVersion.keySet()) {
            total += ready(each);
        }
        return total == 0 ? 0 : (double) ready(track) / total;
    }
}
