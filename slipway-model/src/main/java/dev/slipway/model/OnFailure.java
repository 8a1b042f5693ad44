package dev.slipway.model;

import java.util.Optional;

/**
 * What happens to the rest of a release when a service fails (an environment's {@code onFailure}). In every
 * case the failed service is rolled back, the changed services that depend on it (transitively) are rolled
 * back in reverse dependency order, and those of its dependents that have not started are cancelled. Then:
 */
public enum OnFailure implements Keyword {
    /** Independent branches carry on. The default. */
    ROLLBACK_DEPENDENTS("rollback-dependents"),
    /** Every changed service of the release is rolled back too, and nothing more starts. */
    ROLLBACK_ALL("rollback-all"),
    /** Nothing more starts and canaries hold at their current step until a person resumes or rolls back. */
    PAUSE("pause");

    private final String keyword;

    OnFailure(String keyword) {
        this.keyword = keyword;
    }

    @Override
    public String keyword() {
        return keyword;
    }

    public static Optional<OnFailure> of(String keyword) {
        return Keyword.parse(OnFailure.class, keyword);
    }
}
