package dev.slipway.model;

/** What starts a deployment to an environment. */
public enum Trigger implements Keyword {
    /** A push to the main branch. */
    PUSH("push"),
    /** A push to a {@code release/*} branch. */
    RELEASE_BRANCH("release-branch"),
    /** A {@code v*} tag. */
    TAG("tag"),
    /** Only by hand. */
    MANUAL("manual");

    private final String keyword;

    Trigger(String keyword) {
        this.keyword = keyword;
    }

    @Override
    public String keyword() {
        return keyword;
    }
}
