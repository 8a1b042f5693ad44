package dev.slipway.release.analysis;

import java.time.Instant;

/**
 * One recorded look at a canary: when, at which step and weight, whether it decided (a step's end, or a look that
 * failed or ended a held step), and the verdict with its measurements. Every look is recorded, so a report can
 * show how the evidence built up.
 *
 * @param canaryStart when the canary first took traffic: a failure's detection time is measured from it
 */
public record Judgement(String release, String service, String version, Instant canaryStart, Instant at, int step,
                        int weight, boolean decisive, Verdict verdict) {
}
