package dev.slipway.release.cluster;

/** How one smoke test went: whether it passed, and what was asked and answered (for the report). */
public record SmokeAnswer(boolean passed, String detail) {
}
