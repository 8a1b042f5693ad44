package dev.slipway.prometheus;

import dev.slipway.release.Track;
import java.time.Duration;
import java.util.Optional;

/**
 * What one query is about: a track of a service in a namespace, over a window that ends where the query is
 * evaluated. The version is known only for user-defined metrics (the engine names it); the built-in metrics select
 * the track, which is what tells a canary from its baseline.
 */
record QueryTarget(String service, String namespace, Track track, Optional<String> version, Duration window) {
}
