package dev.slipway.generate.init;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.load.SpecLoader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** init on services in C++, PHP, Elixir, Ruby, Rust, Scala and Kotlin: language, build tool, port, Dockerfile. */
class InitLanguagesTest {

    @TempDir
    Path dir;

    @Test
    void eachBuildFileGivesItsLanguageBuildToolPortAndOwnDockerfile() {
        ImportResult result = new Fixture(dir)
                .file("render/CMakeLists.txt", "cmake_minimum_required(VERSION 3.20)\nproject(render CXX)\nadd_executable(render main.cpp)\n")
                .file("render/Dockerfile", "FROM gcc:14.3.0 AS build\nRUN cmake -S . -B b\nFROM debian:bookworm-slim\nEXPOSE 9090\n")
                .file("billing/composer.json", "{\"require\": {\"php\": \"^8.3\"}}\n")
                .file("billing/package.json", "{\"scripts\": {\"dev\": \"vite\"}}\n")
                .file("billing/Dockerfile", "FROM php:8.3-apache\nEXPOSE 80\n")
                .file("chat/mix.exs", "defmodule Chat.MixProject do\n  use Mix.Project\nend\n")
                .file("chat/Dockerfile", "FROM elixir:1.18.4\nCMD [\"mix\", \"phx.server\"]\n")
                .file("store/Gemfile", "source 'https://rubygems.org'\ngem 'rails'\n")
                .file("store/Dockerfile", "FROM ruby:3.4.7\n")
                .file("search/Gemfile", "source 'https://rubygems.org'\n")
                .file("search/Dockerfile", "FROM ruby:3.4.7\nEXPOSE 8081\n")
                .file("ledger/Cargo.toml", "[package]\nname = \"ledger\"\n")
                .file("ledger/Dockerfile", "FROM rust:1.90.0 AS build\nFROM debian:bookworm-slim\nEXPOSE 8000\n")
                .file("orders/build.sbt", "name := \"orders\"\nscalaVersion := \"3.5.2\"\n")
                .file("orders/Dockerfile", "FROM eclipse-temurin:21-jre\nEXPOSE 9000\n")
                .file("fleet/build.gradle.kts", "plugins {\n  kotlin(\"jvm\") version \"2.1.0\"\n  application\n}\n")
                .file("fleet/Dockerfile", "FROM eclipse-temurin:21-jre\nEXPOSE 8080\n")
                .file("audit/pom.xml", "<project><build><plugins><plugin><artifactId>kotlin-maven-plugin</artifactId>"
                        + "</plugin><plugin><artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build></project>")
                .file("audit/Dockerfile", "FROM eclipse-temurin:21-jre\nEXPOSE 8082\n")
                .file("plain/build.gradle.kts", "plugins { java; application }\n")
                .file("plain/Dockerfile", "FROM eclipse-temurin:21-jre\nEXPOSE 8083\n")
                .scan();

        Map<String, String> found = new LinkedHashMap<>();
        result.services().forEach(s -> found.put(s.name(), s.language().orElseThrow().keyword() + "/"
                + s.buildTool().orElseThrow().keyword() + "/" + s.port().map(String::valueOf).orElse("-") + "/"
                + s.dockerfile().orElse("-")));
        assertThat(found).containsOnly(
                Map.entry("render", "cpp/cmake/9090/render/Dockerfile"),
                Map.entry("billing", "php/composer/80/billing/Dockerfile"),
                // the repository names no port: Phoenix's and Rails' defaults, with a note
                Map.entry("chat", "elixir/mix/4000/chat/Dockerfile"),
                Map.entry("store", "ruby/bundler/3000/store/Dockerfile"),
                // the repository's port wins over the convention
                Map.entry("search", "ruby/bundler/8081/search/Dockerfile"),
                Map.entry("ledger", "rust/cargo/8000/ledger/Dockerfile"),
                Map.entry("orders", "scala/sbt/9000/orders/Dockerfile"),
                Map.entry("fleet", "kotlin/gradle/8080/fleet/Dockerfile"),
                Map.entry("audit", "kotlin/maven/8082/audit/Dockerfile"),
                Map.entry("plain", "java/gradle/8083/plain/Dockerfile"));
        assertThat(result.services().stream().filter(s -> s.name().equals("chat")).findFirst().orElseThrow().notes())
                .containsExactly("port 4000 is elixir's conventional default: nothing in the repository names one (check it)");
        assertThat(result.services().stream().filter(s -> s.name().equals("search")).findFirst().orElseThrow().notes()).isEmpty();
        assertThat(SpecLoader.load(SpecText.write(result, "poly", "ghcr.io/acme"), "slipway.yaml").errors()).isEmpty();
    }

    @Test
    void aLanguageSlipwayBuildsOnlyFromADockerfileIsWarnedWithoutOne() {
        ImportResult result = new Fixture(dir)
                .file("api/go.mod", "module api\n")
                .file("api/Dockerfile", "FROM golang:1.25\nEXPOSE 8080\n")
                .file("engine/CMakeLists.txt", "project(engine CXX)\n")
                .scan();

        assertThat(result.services()).extracting(ImportedService::name).containsExactly("api");
        assertThat(Fixture.besidesTheRemote(result)).contains("warning: engine is cpp (cmake) without a Dockerfile; "
                + "Slipway builds it only from its own: add engine/Dockerfile, or `slipway generate` refuses it");
        assertThat(result.leftOut()).anyMatch(l -> l.startsWith("engine: a cpp project without a Dockerfile"));
    }

    @Test
    void aSingleServiceRepositoryInPhpWithoutDockerfileIsImportedAndWarned() {
        ImportResult result = new Fixture(dir).file("composer.json", "{\"name\": \"acme/shop\"}\n").scan();

        assertThat(result.services()).singleElement().satisfies(s -> {
            assertThat(s.language().orElseThrow().keyword()).isEqualTo("php");
            assertThat(s.dockerfile()).isEqualTo(Optional.empty());
            assertThat(s.port()).isEmpty();
        });
        assertThat(Fixture.besidesTheRemote(result)).anyMatch(w -> w.contains("is php (composer) without a Dockerfile"));
    }

    @Test
    void k6LoadScriptsAreLeftOutEvenWithAPackageJson() {
        ImportResult result = new Fixture(dir)
                .file("web/package.json", "{\"scripts\": {\"start\": \"node server.js\"}, \"dependencies\": "
                        + "{\"express\": \"4.21.2\"}}\n")
                .file("web/server.js", "const app = require('express')();\napp.listen(process.env.PORT || 3000);\n")
                .file("load/package.json", "{\"scripts\": {\"start\": \"k6 run checkout.js\"}}\n")
                .file("load/checkout.js", "import http from 'k6/http';\nimport { sleep } from 'k6';\n"
                        + "export default function () { http.get('http://web:3000/'); sleep(1); }\n")
                .scan();

        assertThat(result.services()).extracting(ImportedService::name).containsExactly("web");
        assertThat(result.leftOut()).contains("load: k6 load-test scripts (they import k6), not a service");
    }
}
