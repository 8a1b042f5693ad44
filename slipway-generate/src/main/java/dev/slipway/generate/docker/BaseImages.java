package dev.slipway.generate.docker;

import dev.slipway.model.BuildTool;

/**
 * Every base image the generated Dockerfiles and CI test steps start from, pinned to an exact version tag
 * (never {@code latest}, never a floating major like {@code node:22}) so a rebuild of the same commit gets
 * the same toolchain. One place, so a version bump (by hand or by Renovate/Dependabot on the generated
 * files) is one change here. Distroless publishes no version tags: its {@code nonroot} tag is the pin and a
 * digest is the further step (see docs/generators/tekton-docker.md).
 */
public final class BaseImages {

    public static final String NODE = "node:22.20.0-alpine";
    public static final String GO = "golang:1.25.5-alpine";
    public static final String MAVEN = "maven:3.9.11-eclipse-temurin-21-alpine";
    public static final String GRADLE = "gradle:8.14.3-jdk21-alpine";
    public static final String JAVA_RUNTIME = "eclipse-temurin:21.0.8_9-jre-alpine";
    public static final String PYTHON = "python:3.13.7-slim-bookworm";
    public static final String DOTNET_SDK = "mcr.microsoft.com/dotnet/sdk:8.0.416-alpine3.21";
    public static final String DOTNET_RUNTIME = "mcr.microsoft.com/dotnet/aspnet:8.0.20-alpine3.21";
    public static final String RUST = "rust:1.90.0-slim-bookworm";
    public static final String RUBY = "ruby:3.4.7-slim-bookworm";
    /** Static binaries (Go with CGO off): no shell, no package manager, user 65532. */
    public static final String DISTROLESS_STATIC = "gcr.io/distroless/static-debian12:nonroot";
    /** Binaries linked against glibc (Rust): as static, plus libc and libgcc. */
    public static final String DISTROLESS_CC = "gcr.io/distroless/cc-debian12:nonroot";

    /** Pinned versions of the Python packaging tools that are not part of the Python image. */
    public static final String POETRY_VERSION = "1.8.5";
    public static final String PIPENV_VERSION = "2024.4.0";

    private BaseImages() {
    }

    /** The image that has the build tool: the Dockerfile's build stage and the CI test step both use it. */
    public static String builder(BuildTool tool) {
        return switch (tool) {
            case MAVEN -> MAVEN;
            case GRADLE -> GRADLE;
            case GO -> GO;
            case NPM, YARN, PNPM -> NODE;
            case PIP, POETRY, PIPENV -> PYTHON;
            case DOTNET -> DOTNET_SDK;
            case CARGO -> RUST;
            case BUNDLER -> RUBY;
        };
    }
}
