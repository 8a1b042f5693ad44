package dev.slipway.release.execute;

import dev.slipway.release.analysis.Judgement;

/** Told of every transition, on the engine's thread; must return quickly (the CLI's live view). */
public interface ProgressListener {

    ProgressListener NONE = new ProgressListener() {
    };

    default void progressed(Progress progress) {
    }

    /** The release paused (policy) or runs again after a resume. */
    default void releaseState(String release, String state) {
    }

    default void finished(ReleaseResult result) {
    }

    /** A look at a canary's evidence, decisive or not: every one is recorded for the release's report. */
    default void judged(Judgement judgement) {
    }
}
