package dev.slipway.release.execute;

import java.time.Duration;

/**
 * One service's progress for a live view: its state, canary step (1-based; 0 when none) of how many, the
 * new version's traffic weight, and the time since its rollout started (zero while pending).
 */
public record Progress(String release, String service, RolloutPhase state, int step, int steps, int weight,
                       Duration elapsed) {
}
