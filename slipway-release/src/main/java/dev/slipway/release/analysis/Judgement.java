package dev.slipway.release.analysis;

import java.time.Instant;

/**
 * One recorded look at a canary: when, at which step and weight, whether it was the step's final look (its end,
 * or a look that decided early), and the verdict with its measurements. Every look is recorded, so a report can
 * show how the evidence built up.
 */
public record Judgement(String release, String service, String version, Instant at, int step, int weight,
                        boolean decisive, Verdict verdict) {
}
