package dev.slipway.generate.docker;

import dev.slipway.generate.GenerationException;
import dev.slipway.model.BuildTool;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every base image the generated Dockerfiles and CI test steps start from, pinned to an exact version tag
 * (never {@code latest}, never a floating major like {@code node:22}) so a rebuild of the same commit gets
 * the same toolchain. One place, so a version bump (by hand or by Renovate/Dependabot on the generated
 * files) is one change here. Each language has the release lines it supports; a service gets the line its
 * repository names ({@link ToolchainVersion}). Distroless publishes no version tags: its {@code nonroot} tag
 * is the pin and a digest is the further step (see docs/generators/tekton-docker.md).
 *
 * <p>Every tag here was checked to exist (in the official images' sources and in public Dockerfiles that pull
 * it); docs/generators/tekton-docker.md has the table of where each was confirmed. A new pin gets a row there.
 */
public final class BaseImages {

    /** Release line → exact release, per language. The first line is the oldest supported. */
    static final Map<String, String> JAVA = lines("17", "17.0.16_8", "21", "21.0.8_9", "25", "25_36");
    static final Map<String, String> NODE = lines("20", "20.19.5", "22", "22.20.0", "24", "24.11.1");
    static final Map<String, String> PYTHON = lines("3.11", "3.11.14", "3.12", "3.12.12", "3.13", "3.13.7");
    static final Map<String, String> GO = lines("1.22", "1.22.12", "1.23", "1.23.12", "1.24", "1.24.9", "1.25", "1.25.5");
    /** .NET: SDK feature band per line; the runtime images carry the matching runtime. */
    static final Map<String, String> DOTNET = lines("8.0", "8.0.416", "9.0", "9.0.306", "10.0", "10.0.100");
    private static final Map<String, String> DOTNET_RUNTIME = Map.of("8.0", "8.0.22", "9.0", "9.0.11", "10.0", "10.0.0");

    public static final String RUST = "rust:1.90.0-slim-bookworm";
    public static final String RUBY = "ruby:3.4.7-slim-bookworm";
    /*
     * The toolchains of the languages built only from their own Dockerfile: the CI jobs of those services run
     * in them, where the user adds the test step the notice names.
     */
    public static final String SBT = "eclipse-temurin:21.0.8_9-jdk"; // the Ubuntu JDK image; sbt comes from the project's launcher
    public static final String CMAKE = "gcc:14.3.0"; // docker-library/gcc 14 on bookworm
    public static final String COMPOSER = "composer:2.8.12"; // composer/docker, PHP CLI with Composer
    public static final String MIX = "elixir:1.18.4"; // erlef/docker-elixir 1.18 (ELIXIR_VERSION v1.18.4, OTP 27)
    /** Static binaries (Go with CGO off): no shell, no package manager, user 65532. */
    public static final String DISTROLESS_STATIC = "gcr.io/distroless/static-debian12:nonroot";
    /** Binaries linked against glibc (Rust): as static, plus libc and libgcc. */
    public static final String DISTROLESS_CC = "gcr.io/distroless/cc-debian12:nonroot";

    /** Pinned versions of the build tools that are not part of the language image. */
    public static final String MAVEN_VERSION = "3.9.11";
    public static final String POETRY_VERSION = "1.8.5";
    public static final String PIPENV_VERSION = "2024.4.0";
    /**
     * uv: the Dockerfile copies the binary from Astral's image at this release (uv is one static binary with no
     * Python dependency; the image is what uv's Docker guide uses), and the CI test steps pip-install the same
     * release into the job's Python. Tag as used in public Dockerfiles, e.g. {@code COPY --from=ghcr.io/astral-sh/uv:0.9.21}.
     */
    public static final String UV_VERSION = "0.9.21";
    public static final String UV_IMAGE = "ghcr.io/astral-sh/uv:" + UV_VERSION;

    private BaseImages() {
    }

    /** The default line of each language, used when the repository does not name one: the current LTS. */
    static ToolchainVersion defaultVersion(BuildTool tool) {
        String line = switch (tool) {
            case MAVEN, GRADLE -> "21";
            case NPM, YARN, PNPM -> "22";
            case PIP, POETRY, PIPENV, UV -> "3.13";
            case GO -> "1.25";
            case DOTNET -> "8.0";
            case CARGO -> "1.90";
            case BUNDLER -> "3.4";
            case SBT -> "21";
            case CMAKE -> "14";
            case COMPOSER -> "2.8";
            case MIX -> "1.18";
        };
        return new ToolchainVersion(line, exact(tool, line), "default");
    }

    /**
     * The supported line for what a repository asks ({@code 11} → {@code 17}: the oldest supported line at
     * least as new); a line newer than any supported one is refused with a hint rather than silently downgraded.
     */
    static ToolchainVersion supported(BuildTool tool, String asked, String readFrom) {
        Map<String, String> lines = linesOf(tool);
        if (lines.isEmpty()) {
            return defaultVersion(tool);
        }
        for (String line : lines.keySet()) {
            if (compare(line, asked) >= 0) {
                return new ToolchainVersion(line, lines.get(line), readFrom);
            }
        }
        throw new GenerationException(readFrom + " asks for " + tool.keyword() + " toolchain " + asked
                + ", newer than the images Slipway pins (" + String.join(", ", lines.keySet()) + ")",
                "give the service its own `dockerfile:`, or ask for a supported version");
    }

    /** The image that has the build tool: the Dockerfile's build stage and the CI test step both use it. */
    public static String builder(BuildTool tool, ToolchainVersion version) {
        String exact = version.exact();
        return switch (tool) {
            case MAVEN -> "maven:" + MAVEN_VERSION + "-eclipse-temurin-" + version.line() + "-alpine";
            case GRADLE -> version.line().equals("25") ? "gradle:9.1.0-jdk25-alpine" : "gradle:8.14.3-jdk" + version.line() + "-alpine";
            case GO -> "golang:" + exact + "-alpine";
            case NPM, YARN, PNPM -> "node:" + exact + "-alpine";
            case PIP, POETRY, PIPENV, UV -> "python:" + exact + "-slim-bookworm";
            case DOTNET -> "mcr.microsoft.com/dotnet/sdk:" + exact + "-alpine3.22";
            case CARGO -> RUST;
            case BUNDLER -> RUBY;
            case SBT -> SBT;
            case CMAKE -> CMAKE;
            case COMPOSER -> COMPOSER;
            case MIX -> MIX;
        };
    }

    /** The image a service's built artifact runs in, on the same toolchain line as it was built with. */
    static String runtime(BuildTool tool, ToolchainVersion version) {
        return switch (tool) {
            // the Alpine release pinned too, as for .NET: the plain -jre-alpine alias moves to the next Alpine
            case MAVEN, GRADLE -> "eclipse-temurin:" + version.exact() + "-jre-alpine-3.22";
            case NPM, YARN, PNPM, PIP, POETRY, PIPENV, UV -> builder(tool, version);
            case DOTNET -> "mcr.microsoft.com/dotnet/aspnet:" + DOTNET_RUNTIME.get(version.line()) + "-alpine3.22";
            case GO -> DISTROLESS_STATIC;
            case CARGO -> DISTROLESS_CC;
            case BUNDLER -> RUBY;
            case SBT, CMAKE, COMPOSER, MIX -> throw BuildInspector.ownDockerfileOnly(tool);
        };
    }

    /** The exact release of a line, as the images' tags spell it ({@code 21.0.8_9}, {@code 3.12.12}). */
    static String exact(BuildTool tool, String line) {
        return linesOf(tool).getOrDefault(line, line);
    }

    static Map<String, String> linesOf(BuildTool tool) {
        return switch (tool) {
            case MAVEN, GRADLE -> JAVA;
            case NPM, YARN, PNPM -> NODE;
            case PIP, POETRY, PIPENV, UV -> PYTHON;
            case GO -> GO;
            case DOTNET -> DOTNET;
            case CARGO, BUNDLER, SBT, CMAKE, COMPOSER, MIX -> Map.of();
        };
    }

    /** Numeric comparison of dotted versions ({@code 3.9} < {@code 3.12}). */
    static int compare(String a, String b) {
        List<String> x = List.of(a.split("\\.")), y = List.of(b.split("\\."));
        for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
            int p = i < x.size() ? Integer.parseInt(x.get(i)) : 0, q = i < y.size() ? Integer.parseInt(y.get(i)) : 0;
            if (p != q) {
                return Integer.compare(p, q);
            }
        }
        return 0;
    }

    private static Map<String, String> lines(String... pairs) {
        Map<String, String> lines = new TreeMap<>(BaseImages::compare);
        for (int i = 0; i < pairs.length; i += 2) {
            lines.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(lines);
    }
}
