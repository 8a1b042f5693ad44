package dev.slipway.release.execute;

import dev.slipway.release.execute.ReleasePhase.Ended;
import dev.slipway.release.execute.ReleasePhase.Paused;
import dev.slipway.release.execute.ReleasePhase.RollingBack;
import dev.slipway.release.execute.ReleasePhase.Running;
import dev.slipway.release.execute.ReleaseResult.Outcome;
import java.time.Instant;
import java.util.List;

/** The journal's records of a release's own state ({@link Transition#RELEASE}): its phases as keywords, and back. */
final class ReleaseJournal {

    /** The {@code from} of the first record of a release. */
    static final String NEW = "new";

    private ReleaseJournal() {
    }

    /** @param from the phase left; null for the first record of the release */
    static Transition transition(String release, long sequence, Instant at, ReleasePhase from, ReleasePhase to,
                                 String reason) {
        return new Transition(release, sequence, at, Transition.RELEASE, from == null ? NEW : from.keyword(),
                to.keyword(), -1, 0, "stable", "stable", reason, false);
    }

    /**
     * The phase a release record entered; a paused release was paused by its failure policy (gates and inconclusive
     * canaries pause a rollout, not the release).
     */
    static ReleasePhase phase(Transition t) {
        if (!t.ofRelease()) {
            throw new IllegalArgumentException("a record of " + t.service() + ", not of the release");
        }
        return switch (t.to()) {
            case "running" -> new Running();
            case "paused" -> new Paused(ReleasePhase.PauseReason.FAILURE_POLICY, List.of(), t.reason());
            case ReleasePhase.AWAITING_APPROVAL -> new Paused(ReleasePhase.PauseReason.AWAITING_APPROVAL, List.of(),
                    t.reason());
            case "rolling-back" -> new RollingBack(t.reason());
            default -> new Ended(Outcome.of(t.to()));
        };
    }
}
