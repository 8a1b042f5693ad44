package dev.slipway.release.execute;

import dev.slipway.release.analysis.Judge;
import dev.slipway.release.execute.RolloutState.Pending;
import dev.slipway.release.plan.PlannedService;
import dev.slipway.release.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** One service of a running release: its rollout, where it is, and when. Owned by the engine's thread. */
final class Run {
    final PlannedService planned;
    final int order;
    /** The plan's estimate of this service's duration plus the longest chain waiting on it: the start priority. */
    Duration remaining;
    /** How many of {@link #waitsFor} are not promoted. */
    int unpromoted;
    Rollout rollout;
    private RolloutState state = new Pending();
    Instant since;
    /** When the canary first took traffic: the start of every look at its evidence. */
    Instant canaryStart;
    /** When the verification window opened (blue-green: the switch): the start of every look in it. */
    Instant verifyStart;
    Judge judge;
    Instant startedAt;
    Instant finishedAt;
    final List<Run> waitsFor = new ArrayList<>();
    final List<Run> waiters = new ArrayList<>();
    final Map<TimerPurpose, Clock.Timer> timers = new EnumMap<>(TimerPurpose.class);

    Run(PlannedService planned, int order) {
        this.planned = planned;
        this.order = order;
    }

    String name() {
        return planned.name();
    }

    RolloutState state() {
        return state;
    }

    /**
     * The rollout's next state ({@link Runs#enter} keeps the graph's counters in step). An ended rollout stays
     * ended, except a promoted one, which a later failure can still roll back.
     *
     * @throws IllegalStateException for a move out of an ended rollout
     */
    void moveTo(RolloutState next) {
        if (state.terminal() && !(state instanceof RolloutState.Promoted)) {
            throw new IllegalStateException(name() + " ended " + state.keyword() + " and cannot become "
                    + next.keyword());
        }
        state = next;
    }

    /** Keeps the times of the state just entered at {@code at}: of the step, the canary, the rollout's start and end. */
    void entered(Instant at) {
        since = at;
        if (state instanceof RolloutState.Analysing && canaryStart == null) {
            canaryStart = at;
        }
        if (state instanceof RolloutState.Verifying v && v.holds() == 0) {
            verifyStart = at;
            judge = null; // a judge may keep state about the rollout's looks: the window starts afresh
        }
        if (state instanceof RolloutState.Deploying && startedAt == null) {
            startedAt = at;
        }
        if (finishedAt == null && (state.promoted() || state.terminal())) {
            finishedAt = at;
        } else if (!state.promoted() && !state.terminal()) {
            finishedAt = null; // a promoted service that is rolled back finishes again later
        }
    }
}
