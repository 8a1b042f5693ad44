package dev.slipway.model;

/** A CI system Slipway writes pipelines for. */
public enum CiProvider implements Keyword {
    GITHUB("github"), GITLAB("gitlab"), JENKINS("jenkins"), TEKTON("tekton");

    private final String keyword;

    CiProvider(String keyword) {
        this.keyword = keyword;
    }

    @Override
    public String keyword() {
        return keyword;
    }
}
