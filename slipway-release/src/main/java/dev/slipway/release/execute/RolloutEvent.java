package dev.slipway.release.execute;

import dev.slipway.release.analysis.Verdict;
import dev.slipway.release.cluster.TrackStatus;

/** What can happen to a rollout. Events the current state does not expect are ignored. */
public sealed interface RolloutEvent {

    /** Every service this one waits for is promoted: go. */
    record Start() implements RolloutEvent {
    }

    /** The cluster reported a track of this service. */
    record TrackObserved(TrackStatus status) implements RolloutEvent {
    }

    /** A timer of this rollout fired: {@code purpose} {@link Action.StartTimer#SCALE_DOWN}, or a step's end. */
    record TimerFired(TimerPurpose purpose, int step) implements RolloutEvent {
    }

    /**
     * The judges' decisive verdict on canary step {@code step}, on a verification window (step -1), or a failing look
     * during a rolling update (step -1).
     */
    record Judged(int step, Verdict verdict) implements RolloutEvent {
    }

    /** The blue-green smoke tests' answer: all passed, or what the first failing one got. */
    record SmokeResult(boolean healthy, String detail) implements RolloutEvent {
    }

    /** The release is paused: hold the canary where it is instead of judging the step. */
    record Hold(String reason) implements RolloutEvent {
    }

    /** A person resumed the release: gates open, paused steps go on. */
    record Resume() implements RolloutEvent {
    }

    /** The release no longer wants this rollout: not started, it is cancelled; started, it is rolled back. */
    record Cancel(String reason) implements RolloutEvent {
    }

    /**
     * Roll back: {@code queued} waits for the dependents first (coordinated rollback), otherwise at once.
     */
    record RollbackRequested(String reason, boolean queued) implements RolloutEvent {
    }

    /** A queued rollback's turn has come: every dependent is rolled back. */
    record RollbackTurn() implements RolloutEvent {
    }
}
