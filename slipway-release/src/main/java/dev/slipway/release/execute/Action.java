package dev.slipway.release.execute;

import dev.slipway.release.Track;
import dev.slipway.release.cluster.TrackSpec;
import java.time.Duration;
import java.util.Map;

/**
 * What a transition asks the engine to do. Every action states a desired state or (re)arms a timer, so doing
 * it twice is the same as doing it once: a resumed engine re-issues the actions of a rollout's last transition.
 */
public sealed interface Action {

    record Apply(TrackSpec spec) implements Action {
    }

    /** Traffic weights of the service's tracks, in percent, adding up to 100; insertion order is kept. */
    record Route(Map<Track, Integer> weights) implements Action {
        public Route {
            weights = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(weights));
        }
    }

    record Remove(Track track) implements Action {
    }

    /**
     * Send the smoke tests, one after the other, to the track through its preview Service; the first failure or the
     * last pass comes back as a smoke result.
     */
    record Smoke(Track track, java.util.List<dev.slipway.model.SmokeTest> tests) implements Action {
        public Smoke {
            tests = java.util.List.copyOf(tests);
        }
    }

    /** (Re)arms the rollout's timer {@code purpose} (replacing one already armed); fires a timer event. */
    record StartTimer(TimerPurpose purpose, int step, Duration delay) implements Action {
    }
}
