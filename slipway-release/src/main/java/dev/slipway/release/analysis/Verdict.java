package dev.slipway.release.analysis;

import java.util.List;

/**
 * What a judge concludes, why, and the measurements it concluded from. No data is never a pass: it is
 * {@link Outcome#INCONCLUSIVE}.
 */
public record Verdict(Outcome outcome, String reason, List<Measurement> measurements) {

    public enum Outcome {
        PASS, FAIL, INCONCLUSIVE;

        public String keyword() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Verdict {
        measurements = List.copyOf(measurements);
    }

    public static Verdict pass(String reason, List<Measurement> measurements) {
        return new Verdict(Outcome.PASS, reason, measurements);
    }

    public static Verdict fail(String reason, List<Measurement> measurements) {
        return new Verdict(Outcome.FAIL, reason, measurements);
    }

    public static Verdict inconclusive(String reason, List<Measurement> measurements) {
        return new Verdict(Outcome.INCONCLUSIVE, reason, measurements);
    }

    public boolean passed() {
        return outcome == Outcome.PASS;
    }

    public boolean failed() {
        return outcome == Outcome.FAIL;
    }
}
