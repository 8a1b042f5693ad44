package dev.slipway.release.execute;

import dev.slipway.release.analysis.Judgement;
import dev.slipway.release.cluster.TrackStatus;

/** Told of every transition, on the engine's thread; must return quickly (the CLI's live view). */
public interface ProgressListener {

    ProgressListener NONE = new ProgressListener() {
    };

    /** Tells {@code first}, then {@code second}. */
    static ProgressListener both(ProgressListener first, ProgressListener second) {
        return new ProgressListener() {
            @Override
            public void progressed(Progress progress) {
                first.progressed(progress);
                second.progressed(progress);
            }

            @Override
            public void phase(String release, ReleasePhase phase) {
                first.phase(release, phase);
                second.phase(release, phase);
            }

            @Override
            public void finished(ReleaseResult result) {
                first.finished(result);
                second.finished(result);
            }

            @Override
            public void observed(TrackStatus status) {
                first.observed(status);
                second.observed(status);
            }

            @Override
            public void judged(Judgement judgement) {
                first.judged(judgement);
                second.judged(judgement);
            }
        };
    }

    default void progressed(Progress progress) {
    }

    /**
     * The release entered a phase: it waits for a person (and why, and who is held), runs again after a resume,
     * rolls back, or ended. Told once per change, after the events that caused it have settled.
     */
    default void phase(String release, ReleasePhase phase) {
    }

    default void finished(ReleaseResult result) {
    }

    /** The cluster reported a track of a service of the release's environment (pods, readiness, restarts). */
    default void observed(TrackStatus status) {
    }

    /** A look at a canary's evidence, decisive or not: every one is recorded for the release's report. */
    default void judged(Judgement judgement) {
    }
}
