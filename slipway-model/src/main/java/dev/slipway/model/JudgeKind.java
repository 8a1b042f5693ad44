package dev.slipway.model;

import java.util.Optional;

/** A judge of canary evidence (an {@code analysis.judges} entry). */
public enum JudgeKind implements Keyword {
    /** The classic rule: error rate above a limit, or p95 latency above a multiple of the baseline's. */
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
