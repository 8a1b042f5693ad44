package dev.slipway.release.report;

import dev.slipway.release.Track;
import dev.slipway.release.cluster.TrackStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * Something a person looks for first when a rollout fails: a track's pods restarted, became unready, or stopped
 * making progress.
 */
public record PodEvent(String service, Track track, String version, Instant at, String what, int readyReplicas,
                       int replicas, int restarts) {

    /**
     * The event {@code now} shows against {@code before} (the same track's previous status, if any): more restarts,
     * fewer ready pods, or the progress deadline passed. Empty when nothing got worse.
     */
    public static Optional<PodEvent> between(Optional<TrackStatus> before, TrackStatus now, Instant at) {
        int restartsBefore = before.map(TrackStatus::restarts).orElse(0);
        boolean deadlineBefore = before.map(TrackStatus::progressDeadlineExceeded).orElse(false);
        String what = null;
        if (now.restarts() > restartsBefore) {
            what = "restarted (" + now.restarts() + " restarts)";
        } else if (now.progressDeadlineExceeded() && !deadlineBefore) {
            what = "progress deadline exceeded";
        } else if (before.isPresent() && before.get().version().equals(now.version())
                && now.readyReplicas() < before.get().readyReplicas()) {
            what = "pods became unready (" + now.readyReplicas() + " of " + now.replicas() + " ready)";
        }
        return Optional.ofNullable(what).map(w -> new PodEvent(now.service(), now.track(), now.version(), at, w,
                now.readyReplicas(), now.replicas(), now.restarts()));
    }
}
