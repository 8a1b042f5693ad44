package dev.slipway.release.analysis;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whose traffic a judge compares, beyond the two tracks: a canary and its baseline over the same time (the
 * default); a rolling update's new pods against its old pods on the one track they share, told apart by version;
 * or a version after its rollout against the previous version's own traffic from before the release.
 *
 * @param canaryVersion   only the pods of this version on the canary track
 * @param baselineVersion only the pods of this version on the baseline track
 * @param baselineBefore  the baseline is read from the time before this instant, as much of it as the canary has had
 *                        since {@code canaryStart}; empty: over the same time as the canary
 */
public record Comparison(Optional<String> canaryVersion, Optional<String> baselineVersion,
                         Optional<Instant> baselineBefore) {

    /** A canary and its baseline, each a whole track, over the same time. */
    public static final Comparison SAME_TIME = new Comparison(Optional.empty(), Optional.empty(), Optional.empty());

    /** A rolling update: the new version's pods against the old version's, over the same time. */
    public static Comparison byVersion(String newVersion, String oldVersion) {
        return new Comparison(Optional.of(newVersion), Optional.of(oldVersion), Optional.empty());
    }

    /** A verification window: the new version against the baseline track's traffic before {@code before}. */
    public static Comparison before(Instant before) {
        return new Comparison(Optional.empty(), Optional.empty(), Optional.of(before));
    }

    /** Where the baseline's looks start, for {@code elapsed} of canary evidence since {@code canaryStart}. */
    Instant baselineStart(Instant canaryStart, Duration elapsed) {
        return baselineBefore.map(before -> before.minus(elapsed)).orElse(canaryStart);
    }
}
