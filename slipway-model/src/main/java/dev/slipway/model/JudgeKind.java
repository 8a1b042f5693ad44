package dev.slipway.model;

import java.util.Optional;

/** A judge of canary evidence (an {@code analysis.judges} entry). */
public enum JudgeKind implements Keyword {
    /**
     * The classic limits (error rate above {@code maxErrorRate}, p95 latency above {@code maxLatencyRatio} × the
     * baseline's) decided by sequential tests, so that a canary within them is rolled back with probability at most
     * {@code falseRollbackRate} however long it runs and however often it is looked at. The default.
     */
    LIMITS("limits"),
    /**
     * The same limits compared raw over the last {@code window} at every look, as Flagger and Argo Rollouts do: fast
     * at low traffic, and for that it rolls back healthy canaries (28.7 % at 10 requests/s over a 40-minute canary).
     */
    THRESHOLD("threshold"),
    /** Canary against baseline with a sequential test whose false-rollback rate is bounded at every look. */
    STATISTICAL("statistical");

    private final String keyword;

    JudgeKind(String keyword) {
        this.keyword = keyword;
    }

    @Override
    public String keyword() {
        return keyword;
    }

    public static Optional<JudgeKind> of(String keyword) {
        return Keyword.parse(JudgeKind.class, keyword);
    }
}
