package dev.slipway.store.auth;

import dev.slipway.model.Keyword;

/**
 * What a caller of the API asks to do; every mutating operation of the API is one of these. The audit log names it
 * by its {@link #keyword()}: {@code create-release}.
 */
public enum Action implements Keyword {
    /** Status, releases, reports, validate and plan: nothing changes. */
    READ(false),
    /** Start a release (deploy) in an environment. */
    CREATE_RELEASE(true),
    /** Cancel a running release. */
    CANCEL_RELEASE(true),
    /** Let a release paused at a gate continue. */
    RESUME_GATE(true),
    /** Roll an environment back to what ran before a release. */
    ROLL_BACK(true),
    /** Approve or reject a release that awaits approval: needs the grant {@code approve:ENV}. */
    APPROVE_RELEASE(true),
    /** Record what CI built (a build record) or verified (a contract verification): a deployer or an admin. */
    RECORD_BUILD(false),
    /** Create, list and revoke API tokens (and so grant environments). */
    MANAGE_TOKENS(false);

    private final boolean releasesToEnvironment;

    Action(boolean releasesToEnvironment) {
        this.releasesToEnvironment = releasesToEnvironment;
    }

    /** True for the actions that change what runs in an environment, the ones grants are about. */
    public boolean releasesToEnvironment() {
        return releasesToEnvironment;
    }
}
