package dev.slipway.release.cluster;

import dev.slipway.release.Inventory;
import dev.slipway.model.SmokeTest;
import dev.slipway.release.Track;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The port through which the engine changes and observes an environment: the sandbox and the Kubernetes
 * adapter implement it. Every change states a desired state and is idempotent, so an engine resumed from its
 * journal can simply issue the last transition's actions again.
 */
public interface Cluster {

    /** What runs in the environment now. */
    Inventory inventory(String environment);

    /** Makes one track of one service run {@code desired} (creates or updates its workload). */
    void apply(TrackSpec desired);

    /**
     * Splits the service's traffic between its tracks; weights are percentages that add up to 100. Tracks not
     * named get 0.
     */
    void route(String environment, String service, Map<Track, Integer> weights);

    /** Removes one track's workload (and its preview Service, if any); nothing happens if it does not exist. */
    void remove(String environment, String service, Track track);

    /**
     * Delivers every change of a track's status in the environment, on the clock's thread. One listener per
     * environment; a second call replaces the first.
     */
    void watch(String environment, Consumer<TrackStatus> listener);

    /**
     * Calls {@code path} on the track through its preview Service (blue-green smoke test) and delivers true
     * for an HTTP 2xx, on the clock's thread.
     */
    void probe(String environment, String service, Track track, String path, Consumer<Boolean> healthy);

    /**
     * Sends one smoke test to the track through its preview Service and delivers how it went, on the clock's
     * thread. A cluster that only knows {@link #probe} runs a test that asks for nothing but a 2xx on a GET as a
     * probe, and fails any other with a message saying so.
     */
    default void smoke(String environment, String service, Track track, SmokeTest test, Consumer<SmokeAnswer> answer) {
        if (test.method().equals(SmokeTest.DEFAULT_METHOD) && test.status().isEmpty() && test.contains().isEmpty()) {
            probe(environment, service, track, test.path(), healthy -> answer.accept(new SmokeAnswer(healthy,
                    test.describe() + (healthy ? ": passed" : ": no 2xx answer"))));
        } else {
            probe(environment, service, track, test.path(), healthy -> answer.accept(new SmokeAnswer(false,
                    test.describe() + ": this cluster can only check for a 2xx on a GET")));
        }
    }
}
