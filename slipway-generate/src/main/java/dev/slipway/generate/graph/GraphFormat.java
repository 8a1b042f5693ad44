package dev.slipway.generate.graph;

import dev.slipway.model.Keyword;

/** The ways {@code slipway graph} draws the dependency graph. */
public enum GraphFormat implements Keyword {
    TEXT("text"), JSON("json"), DOT("dot"), MERMAID("mermaid");

    private final String keyword;

    GraphFormat(String keyword) {
        this.keyword = keyword;
    }

    @Override
    public String keyword() {
        return keyword;
    }
}
