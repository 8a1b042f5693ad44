package dev.slipway.release.execute;

import dev.slipway.model.OnFailure;
import dev.slipway.release.execute.RolloutState.Pending;
import dev.slipway.release.execute.RolloutState.RollbackQueued;
import dev.slipway.release.execute.RolloutState.RollingBack;
import java.util.List;

/**
 * Scheduling and the coordinated rollback over the release's dependency graph ({@link Runs}). After every burst of
 * events: queued rollbacks go once their own changed dependents are back, and (while the release runs) the ready
 * services start, longest remaining path first, within the cap. After a failure: its dependents that have not
 * started are cancelled, the changed ones queue for rollback, then the release's failure policy. Deciding a
 * cascade twice changes nothing, which is what a resumed engine relies on.
 */
final class Coordinator {

    /** What the coordinator may do to the release it coordinates. */
    interface Release {
        ReleasePhase phase();

        /** Journals the release's new phase. */
        void enter(ReleasePhase next, String reason);

        /** Queues an event for a rollout; it is handled in this burst. */
        void queue(Run run, RolloutEvent event);
    }

    private final Runs runs;
    private final int maxParallel;
    private final OnFailure onFailure;
    private final Release release;

    Coordinator(Runs runs, int maxParallel, OnFailure onFailure, Release release) {
        this.runs = runs;
        this.maxParallel = maxParallel;
        this.onFailure = onFailure;
        this.release = release;
    }

    /** After every burst of events: let queued rollbacks go, and start what may start. */
    void settle() {
        for (Run run : runs.rollbackQueued()) {
            if (run.waiters.stream().noneMatch(w -> w.state().changed())) {
                release.queue(run, new RolloutEvent.RollbackTurn());
            }
        }
        if (release.phase() instanceof ReleasePhase.Running) {
            long starting = runs.inFlight();
            for (Run run : runs.ready()) {
                if (maxParallel > 0 && starting >= maxParallel) {
                    break;
                }
                release.queue(run, new RolloutEvent.Start());
                starting++;
            }
        }
    }

    /**
     * After {@code failed} failed: its dependents (transitively) are withdrawn; then, with {@code applyPolicy}, the
     * release's failure policy (a resumed engine decides again only the cascades its journal had not finished).
     */
    void cascade(Run failed, String reason, boolean applyPolicy) {
        String why = failed.name() + " failed: " + reason;
        for (Run dependent : runs.dependents(failed)) {
            withdraw(dependent, why);
        }
        if (!applyPolicy) {
            return;
        }
        switch (onFailure) {
            case ROLLBACK_DEPENDENTS -> { }
            case ROLLBACK_ALL -> rollbackEverything(why);
            case PAUSE -> {
                if (release.phase() instanceof ReleasePhase.Running) {
                    release.enter(new ReleasePhase.Paused(ReleasePhase.PauseReason.FAILURE_POLICY, List.of(), why),
                            why);
                }
            }
        }
    }

    /** Every changed service back, in reverse dependency order; nothing more starts. */
    void rollbackEverything(String reason) {
        if (!(release.phase() instanceof ReleasePhase.RollingBack)) {
            release.enter(new ReleasePhase.RollingBack(reason), reason);
        }
        for (Run run : runs.all()) {
            withdraw(run, reason);
        }
    }

    private void withdraw(Run run, String reason) {
        if (run.state() instanceof Pending) {
            release.queue(run, new RolloutEvent.Cancel(reason));
        } else if (run.state().changed() && !(run.state() instanceof RollbackQueued)
                && !(run.state() instanceof RollingBack)) {
            release.queue(run, new RolloutEvent.RollbackRequested(reason, true));
        }
    }
}
