package dev.slipway.release.execute;

import dev.slipway.release.Track;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A stopped release read back from its journal into its runs: every rollout in the state it last entered (with
 * when), the tracks each uses, the failures whose cascades may need deciding again, and the release's own phase.
 */
final class Replay {

    final ReleasePhase phase;
    final Instant releaseStart;
    final long nextSequence;
    /** The sequence of the last record of the release itself: failures after it were not yet handled by policy. */
    final long lastReleaseRecord;
    private final Map<String, Track[]> tracks;
    private final Map<String, Instant> enteredAt;
    final List<Transition> failures;

    private Replay(ReleasePhase phase, Instant releaseStart, long nextSequence, long lastReleaseRecord,
                   Map<String, Track[]> tracks, Map<String, Instant> enteredAt, List<Transition> failures) {
        this.phase = phase;
        this.releaseStart = releaseStart;
        this.nextSequence = nextSequence;
        this.lastReleaseRecord = lastReleaseRecord;
        this.tracks = tracks;
        this.enteredAt = enteredAt;
        this.failures = failures;
    }

    /** @throws IllegalArgumentException when the journal is empty or names a service the plan does not have */
    static Replay of(String releaseId, List<Transition> transitions, Runs runs) {
        if (transitions.isEmpty()) {
            throw new IllegalArgumentException("release " + releaseId + " is not in the journal");
        }
        ReleasePhase phase = new ReleasePhase.Running();
        Map<String, Track[]> tracks = new HashMap<>();
        Map<String, Instant> enteredAt = new HashMap<>();
        List<Transition> failures = new ArrayList<>();
        long lastReleaseRecord = -1;
        for (Transition t : transitions) {
            if (t.ofRelease()) {
                phase = ReleaseJournal.phase(t);
                lastReleaseRecord = t.sequence();
                continue;
            }
            Run run = runs.get(t.service());
            if (run == null) {
                throw new IllegalArgumentException("the journal of " + releaseId + " names " + t.service()
                        + ", which is not in the plan");
            }
            tracks.putIfAbsent(t.service(), new Track[] {track(t.track()), track(t.baseline())});
            runs.enter(run, RolloutState.parse(t.to(), t.step(), t.weight(), run.state()));
            run.entered(t.at());
            enteredAt.put(t.service(), t.at());
            if (t.failure()) {
                failures.add(t);
            }
        }
        return new Replay(phase, transitions.getFirst().at(), transitions.getLast().sequence() + 1,
                lastReleaseRecord, tracks, enteredAt, failures);
    }

    /** The (track, baseline) the journal recorded for a rollout under way. */
    Optional<Track[]> tracks(String service) {
        return Optional.ofNullable(tracks.get(service));
    }

    /** How long the service has been in its state at {@code now}; zero for one that never left pending. */
    Duration inState(String service, Instant now) {
        return Optional.ofNullable(enteredAt.get(service)).map(at -> Duration.between(at, now)).orElse(Duration.ZERO);
    }

    private static Track track(String keyword) {
        return Track.valueOf(keyword.toUpperCase(Locale.ROOT));
    }
}
