package dev.slipway.release.execute;

import java.time.Instant;
import java.util.Objects;

/**
 * One step of a release, written to the {@link Journal} before the actions it implies. Plain strings and numbers,
 * so a database journal can store it as one row.
 * <p>
 * A rollout's transition names its service, the state it leaves and the state it enters (keywords of
 * {@link RolloutState}), the step index and weight of the entered state (-1 / 0 when it has none), the tracks the
 * rollout uses (the new version's and the running version's; constant for a rollout) and why. {@code failure}
 * marks the transition with which a rollout failed on its own (stalled, crash loop, failed judgement or smoke
 * test): the coordinated rollback starts from it. A record of the release itself has {@link #RELEASE} as its
 * service and the release's state keywords ({@code running}, {@code paused}, {@code succeeded}, ...).
 */
public record Transition(String release, long sequence, Instant at, String service, String from, String to,
                         int step, int weight, String track, String baseline, String reason, boolean failure) {

    /** The service name of a record about the release as a whole. */
    public static final String RELEASE = "";

    public Transition {
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(track, "track");
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(reason, "reason");
    }

    public boolean ofRelease() {
        return service.equals(RELEASE);
    }
}
