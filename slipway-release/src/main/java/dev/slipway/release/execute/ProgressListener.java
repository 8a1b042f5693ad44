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
            public void releaseState(String release, String state) {
                first.releaseState(release, state);
                second.releaseState(release, state);
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

    /** The release paused (policy) or runs again after a resume. */
    default void releaseState(String release, String state) {
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
