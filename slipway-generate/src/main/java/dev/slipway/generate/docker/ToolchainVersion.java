package dev.slipway.generate.docker;

/**
 * The one version of a service's language toolchain, read from its repository ({@code go.mod},
 * {@code .nvmrc}/{@code engines}, {@code .python-version}/{@code requires-python}, {@code global.json}/the
 * target framework, {@code maven.compiler.release}/the Gradle toolchain) and used by the Dockerfile, every CI
 * target's test step and the docs alike.
 *
 * @param line  the release line the repository asks for, as setup tools take it ({@code 21}, {@code 3.12})
 * @param exact the exact release the pinned images carry ({@code 21.0.8}, {@code 3.12.12})
 * @param read  where the line was read, or {@code default} when the repository does not say
 */
public record ToolchainVersion(String line, String exact, String read) {
}
