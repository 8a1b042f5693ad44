package dev.slipway.model;

import java.util.List;

/** The language a service is written in, with the build tools that fit it (the first is the usual one). */
public enum Language implements Keyword {
    JAVA("java", List.of(BuildTool.MAVEN, BuildTool.GRADLE)),
    KOTLIN("kotlin", List.of(BuildTool.GRADLE, BuildTool.MAVEN)),
    SCALA("scala", List.of(BuildTool.SBT, BuildTool.MAVEN, BuildTool.GRADLE)),
    GO("go", List.of(BuildTool.GO)),
    NODE("node", List.of(BuildTool.NPM, BuildTool.YARN, BuildTool.PNPM)),
    PYTHON("python", List.of(BuildTool.PIP, BuildTool.POETRY, BuildTool.PIPENV, BuildTool.UV)),
    DOTNET("dotnet", List.of(BuildTool.DOTNET)),
    RUST("rust", List.of(BuildTool.CARGO)),
    RUBY("ruby", List.of(BuildTool.BUNDLER)),
    CPP("cpp", List.of(BuildTool.CMAKE)),
    PHP("php", List.of(BuildTool.COMPOSER)),
    ELIXIR("elixir", List.of(BuildTool.MIX));

    private final String keyword;
    private final List<BuildTool> buildTools;

    Language(String keyword, List<BuildTool> buildTools) {
        this.keyword = keyword;
        this.buildTools = buildTools;
    }

    @Override
    public String keyword() {
        return keyword;
    }

    public List<BuildTool> buildTools() {
        return buildTools;
    }

    public BuildTool defaultBuildTool() {
        return buildTools.getFirst();
    }
}
