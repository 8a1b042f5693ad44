package dev.slipway.release.execute;

/** What a judge concludes about one canary step. No data is never a pass: it is {@link Inconclusive}. */
public sealed interface Verdict {

    record Pass() implements Verdict {
    }

    record Fail(String reason) implements Verdict {
    }

    record Inconclusive(String reason) implements Verdict {
    }
}
