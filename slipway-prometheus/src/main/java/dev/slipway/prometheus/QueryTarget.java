package dev.slipway.prometheus;

import dev.slipway.release.Track;
import java.time.Duration;
import java.util.Optional;

/**
 * What one query is about: a track of a service in a namespace, over a window that ends where the query is
 * evaluated. The version is known for user-defined metrics (the engine names it) and for the built-in metrics of
 * one version's pods ({@code byVersion}: during a rolling update old and new pods share the track); otherwise the
 * built-in metrics select the track, which is what tells a canary from its baseline.
 *
 * @param byVersion {@code {{selector}}} matches the version label too
 */
record QueryTarget(String service, String namespace, Track track, Optional<String> version, Duration window,
                   boolean byVersion) {

    QueryTarget(String service, String namespace, Track track, Optional<String> version, Duration window) {
        this(service, namespace, track, version, window, false);
    }
}
