package dev.slipway.cli;

import dev.slipway.model.UserError;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CommandsTest {

    @TempDir
    Path tmp;

    @Test
    void helpAndVersion() {
        Cli help = Cli.run("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: slipway", "init", "validate", "graph", "generate", "schema", "demo");
        assertThat(Cli.run("--version").out()).startsWith("slipway ");
        assertThat(Cli.run("generate", "--help").out()).contains("--target", "--out", "--check");
    }

    @Test
    void validateAcceptsTheExample() {
        Cli cli = Cli.run("validate", "-f", Cli.minimal());
        assertThat(cli.exitCode()).isZero();
        assertThat(cli.out()).contains("valid — system minimal, 3 services, 3 environments (dev → staging → production)");
    }

    @Test
    void validateListsEveryLocatedErrorAndExitsOne() throws IOException {
        Path spec = tmp.resolve("slipway.yaml");
        Files.writeString(spec, """
                system: {name: shop, registry: ghcr.io/acme/shop}
                services:
                  web:
                    path: web
                    language: node
                    port: 0
                    dependsOn: {api: ">=2.x", ghost: "*"}
                  api: {image: "api:latest", port: 80, dependsOn: {web: "*"}}
                """);
        Cli cli = Cli.run("validate", "-f", spec.toString());
        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.out()).isEmpty();
        assertThat(cli.err()).contains(
                spec + ":6:11: services.web.port: value 0 is out of range (hint: expected a value from 1 to 65535)",
                spec + ":7:31: services.web.dependsOn.ghost: unknown service 'ghost'",
                spec + ":8:16: services.api.image: image \"api:latest\" has a mutable tag",
                "dependency cycle api -> web -> api",
                "4 errors in " + spec + "; nothing was written.");
        assertThat(cli.err()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void aMissingFileIsAUserErrorNotAStackTrace() {
        Cli cli = Cli.run("validate", "-f", tmp.resolve("nope.yaml").toString());
        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.err()).contains("nope.yaml: (document): no such file (hint: create one with `slipway init`");
    }

    @Test
    void graphJsonIsTheStableContract() {
        Cli cli = Cli.run("graph", "-f", Cli.minimal(), "--format", "json");
        assertThat(cli.exitCode()).isZero();
        JsonNode graph = JsonMapper.builder().build().readTree(cli.out());
        assertThat(graph.propertyNames()).containsExactly("services", "edges");
        assertThat(graph.get("services").get(0).propertyNames()).containsExactly("name", "language", "port", "image");
        assertThat(graph.get("services").get(2).get("image").asString()).isEqualTo("postgres:16.4-alpine");
        assertThat(graph.get("edges").get(0).toString()).isEqualTo("{\"from\":\"web\",\"to\":\"api\",\"range\":\"^2.1\"}");
    }

    @Test
    void graphInEveryFormat() {
        assertThat(Cli.run("graph", "-f", Cli.minimal()).out())
                .contains("minimal: 3 services, 2 dependencies", "0  db", "2  web");
        assertThat(Cli.run("graph", "-f", Cli.minimal(), "--format", "dot").out())
                .startsWith("digraph \"minimal\" {").contains("\"web\" -> \"api\" [label=\"^2.1\"];");
        assertThat(Cli.run("graph", "-f", Cli.minimal(), "--format", "mermaid").out())
                .startsWith("graph LR").contains("web -->|\"^2.1\"| api");
        Cli bad = Cli.run("graph", "-f", Cli.minimal(), "--format", "svg");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("'svg' is not one of: text, json, dot, mermaid");
    }

    @Test
    void schemaIsValidJsonSchema() {
        Cli cli = Cli.run("schema");
        JsonNode schema = JsonMapper.builder().build().readTree(cli.out());
        assertThat(schema.get("$schema").asString()).contains("2020-12");
        assertThat(schema.get("properties").propertyNames()).contains("system", "services", "environments", "ci", "defaults");
    }

    @Test
    void generateRejectsUnknownTargetsListingTheValidOnes() {
        Cli cli = Cli.run("generate", "-f", Cli.minimal(), "--target", "github,helm", "--out", tmp.toString());
        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("unknown target helm; expected a comma-separated list of: github, gitlab");
        assertThat(tmp).isEmptyDirectory();
    }
}
