package dev.slipway.release.execute;

/** What a rollout's timer is for; each rollout has at most one armed timer per purpose. */
public enum TimerPurpose {
    /** The end of a canary step: its decisive judgement. */
    STEP,
    /**
     * A look at the new version's evidence: between a canary step's start and end, during a rolling update, during a
     * verification window. A failure decides at once.
     */
    CHECK,
    /** The end of a verification window (or of its wait for evidence): its decisive judgement. */
    VERIFY,
    /** Blue-green: blue is removed once the scale-down delay after the switch has passed. */
    SCALE_DOWN
}
