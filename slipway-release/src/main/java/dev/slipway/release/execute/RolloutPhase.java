package dev.slipway.release.execute;

import dev.slipway.model.Keyword;

/**
 * The kind of state a service's rollout is in, without the state's data: what listeners, results and views
 * see. The keyword is the journal's and the JSON contract's spelling ({@link #keyword()}, {@link #of(String)}).
 */
public enum RolloutPhase implements Keyword {
    PENDING, DEPLOYING, SMOKE_TESTING, ANALYSING, PAUSED, PROMOTING, VERIFYING, SWITCHED, PROMOTED, ROLLBACK_QUEUED,
    ROLLING_BACK, ROLLED_BACK, FAILED, CANCELLED;

    private final String keyword = Keyword.spelled(this);

    @Override
    public String keyword() {
        return keyword;
    }

    /** Nothing more will happen to the rollout in this release. */
    public boolean terminal() {
        return this == PROMOTED || this == ROLLED_BACK || this == FAILED || this == CANCELLED;
    }

    /** Nothing happens in this phase until a person acts or something else in the release moves. */
    public boolean still() {
        return this == PENDING || this == PAUSED || terminal();
    }

    /** @throws IllegalArgumentException for a keyword no phase has */
    public static RolloutPhase of(String keyword) {
        return Keyword.required(RolloutPhase.class, keyword, "rollout state");
    }

    @Override
    public String toString() {
        return keyword;
    }
}
