package dev.slipway.generate.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.GenerationException;
import dev.slipway.generate.SourceTree;
import dev.slipway.generate.ci.Toolchain;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.load.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** C++, PHP, Elixir and Scala (sbt) services build from their own Dockerfile; without one generate refuses them. */
class OwnDockerfileLanguagesTest {

    @TempDir
    Path repository;

    private SystemSpec spec() throws Exception {
        Files.writeString(repository.resolve("slipway.yaml"), """
                system: {name: r, registry: registry.example.com/r}
                environments: [{name: dev}]
                services:
                  render: {path: render, language: cpp, port: 9090}
                  billing: {path: billing, language: php, port: 80}
                  chat: {path: chat, language: elixir, port: 4000}
                  orders: {path: orders, language: scala, port: 9000, dockerfile: build/orders.Dockerfile}
                """);
        for (String dir : new String[] {"render", "billing", "chat", "orders", "build"}) {
            Files.createDirectories(repository.resolve(dir));
        }
        Files.writeString(repository.resolve("render/CMakeLists.txt"), "project(render CXX)\n");
        Files.writeString(repository.resolve("billing/composer.json"), "{}\n");
        Files.writeString(repository.resolve("chat/mix.exs"), "defmodule Chat.MixProject do\nend\n");
        Files.writeString(repository.resolve("orders/build.sbt"), "name := \"orders\"\n");
        Files.writeString(repository.resolve("build/orders.Dockerfile"), "FROM eclipse-temurin:21-jre\n");
        return SpecLoader.load(repository.resolve("slipway.yaml")).orThrow();
    }

    @Test
    void withoutItsOwnDockerfileTheServiceIsRefusedAndNothingIsWritten() throws Exception {
        SystemSpec spec = spec();
        SourceTree sources = SourceTree.at(repository);
        assertThatThrownBy(() -> BuildInspector.inspect(spec.service("render").orElseThrow(), sources))
                .isInstanceOf(GenerationException.class)
                .hasMessage("service render (render) is cpp built with cmake, which Slipway does not write Dockerfiles for,"
                        + " and it has no Dockerfile of its own")
                .extracting(e -> ((GenerationException) e).hint()).asString()
                .isEqualTo("add a Dockerfile to render (or point `dockerfile:` at one): generate builds render with it");
        assertThatThrownBy(() -> new Dockerfiles().generate(spec, sources)).isInstanceOf(GenerationException.class)
                .hasMessageContaining("no Dockerfile of its own");
        // without the repository the rule is the same: there is no convention to assume
        assertThatThrownBy(() -> BuildInspector.inspect(spec.service("chat").orElseThrow(), SourceTree.none()))
                .isInstanceOf(GenerationException.class).hasMessageContaining("elixir built with mix");
    }

    @Test
    void withItsOwnDockerfileItBuildsWithItAndTheCiSaysWhichTestCommandToAdd() throws Exception {
        SystemSpec spec = spec();
        Files.writeString(repository.resolve("render/Dockerfile"), "FROM gcc:14.3.0\n");
        Files.writeString(repository.resolve("billing/Dockerfile"), "FROM php:8.3-apache\n");
        Files.writeString(repository.resolve("chat/Dockerfile"), "FROM elixir:1.18.4\n");
        SourceTree sources = SourceTree.at(repository);

        ServiceBuild render = BuildInspector.inspect(spec.service("render").orElseThrow(), sources);
        assertThat(render.dockerfile()).isEqualTo("render/Dockerfile");
        assertThat(BuildInspector.inspect(spec.service("orders").orElseThrow(), sources).dockerfile())
                .isEqualTo("build/orders.Dockerfile");
        assertThat(new Dockerfiles().generate(spec, sources)).extracting(GeneratedFile::path).isEmpty();

        assertThat(Toolchain.of(render).test()).containsExactly("echo \"render builds from its own Dockerfile (cmake): "
                + "Slipway runs no tests for it. Add a step that runs: cmake -S . -B build && cmake --build build && ctest --test-dir build\"");
        assertThat(Toolchain.of(render).lint()).containsExactly(
                "echo \"render builds from its own Dockerfile (cmake): Slipway runs no linter for it.\"");
        assertThat(Toolchain.of(BuildInspector.inspect(spec.service("chat").orElseThrow(), sources)).test().getFirst())
                .endsWith("Add a step that runs: mix deps.get && mix test\"");
        assertThat(Toolchain.of(BuildInspector.inspect(spec.service("billing").orElseThrow(), sources)).ciImage())
                .isEqualTo("composer:2.8.12");
    }
}
