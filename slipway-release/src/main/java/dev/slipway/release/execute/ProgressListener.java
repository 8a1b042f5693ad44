package dev.slipway.release.execute;

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
}
