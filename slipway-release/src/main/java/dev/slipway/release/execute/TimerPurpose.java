package dev.slipway.release.execute;

/** What a rollout's timer is for; each rollout has at most one armed timer per purpose. */
public enum TimerPurpose {
    /** The end of a canary step: its decisive judgement. */
    STEP,
    /** A look at a canary's evidence between the step's start and end: a failure decides at once. */
    CHECK,
    /** Blue-green: blue is removed once the scale-down delay after the switch has passed. */
    SCALE_DOWN
}
