package dev.slipway.model;

import java.util.Optional;

/** What a canary does when its judges still lack evidence after {@code analysis.inconclusiveAfter}. */
public enum OnInconclusive implements Keyword {
    /** Roll the canary back: no data never promotes. The default. */
    ROLLBACK("rollback"),
    /** Hold the canary at its step until a person resumes (promotes) or rolls back the release. */
    PAUSE("pause");

    private final String keyword;

    OnInconclusive(String keyword) {
        this.keyword = keyword;
    }

    @Override
    public String keyword() {
        return keyword;
    }

    public static Optional<OnInconclusive> of(String keyword) {
        return Keyword.parse(OnInconclusive.class, keyword);
    }
}
