package dev.slipway.model;

/** The tool that builds and tests a service's source. */
public enum BuildTool implements Keyword {
    MAVEN("maven"), GRADLE("gradle"), GO("go"), NPM("npm"), YARN("yarn"), PNPM("pnpm"), PIP("pip"),
    POETRY("poetry"), PIPENV("pipenv"), UV("uv"), DOTNET("dotnet"), CARGO("cargo"), BUNDLER("bundler"),
    SBT("sbt"), CMAKE("cmake"), COMPOSER("composer"), MIX("mix");

    private final String keyword;

    BuildTool(String keyword) {
        this.keyword = keyword;
    }

    @Override
    public String keyword() {
        return keyword;
    }
}
