package dev.slipway.model.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.BuildTool;
import dev.slipway.model.LoadResult;
import dev.slipway.model.Problem;
import dev.slipway.model.Service;
import dev.slipway.model.Strategy;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.Trigger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecLoaderTest {

    static final String VALID = """
            system:
              name: shop
              registry: ghcr.io/acme/shop
            environments:
              - name: dev
              - name: production
                trigger: tag
                promoteFrom: dev
                approval: true
                soak: 1h30m
            services:
              frontend:
                path: services/frontend
                language: node
                port: 3000
                dependsOn:
                  backend: ">=2.1 <3"
                strategy:
                  type: canary
                  steps: [5, 50, 100]
                  stepInterval: 90s
              backend:
                path: services/backend
                language: java
                buildTool: gradle
                port: 8080
                replicas: 4
                dependsOn:
                  db: "~16.4"
              db:
                image: postgres:16.4-alpine
                port: 5432
                stateful: true
            """;

    static LoadResult load(String text) {
        return SpecLoader.load(text, "slipway.yaml");
    }

    static List<String> messages(String text) {
        return load(text).problems().stream().map(Problem::format).toList();
    }

    @Test
    void loadsAValidSpecWithDefaultsApplied() {
        LoadResult result = load(VALID);
        assertThat(result.problems()).isEmpty();
        SystemSpec spec = result.orThrow();
        assertThat(spec.system().name()).isEqualTo("shop");
        assertThat(spec.services()).extracting(Service::name).containsExactly("frontend", "backend", "db");

        Service frontend = spec.service("frontend").orElseThrow();
        assertThat(frontend.buildTool()).contains(BuildTool.NPM);
        assertThat(frontend.replicas()).isEqualTo(2);
        assertThat(frontend.healthPath()).isEqualTo("/healthz");
        assertThat(frontend.dependsOn().getFirst().range().isSatisfiedBy("2.4.0")).isTrue();
        assertThat(frontend.dependsOn().getFirst().range().isSatisfiedBy("3.0.0")).isFalse();
        assertThat(frontend.strategy()).isEqualTo(new Strategy.Canary(List.of(5, 50, 100), Duration.ofSeconds(90)));

        assertThat(spec.service("backend").orElseThrow().buildTool()).contains(BuildTool.GRADLE);
        assertThat(spec.service("backend").orElseThrow().strategy()).isEqualTo(Strategy.Rolling.builtIn());
        assertThat(spec.service("db").orElseThrow().builtFromSource()).isFalse();

        assertThat(spec.environment("dev").orElseThrow().trigger()).isEqualTo(Trigger.PUSH);
        assertThat(spec.environment("dev").orElseThrow().namespace()).isEqualTo("shop-dev");
        assertThat(spec.environment("production").orElseThrow().soak()).isEqualTo(Duration.ofMinutes(90));
        assertThat(spec.environment("production").orElseThrow().approval()).isTrue();
        assertThat(spec.ci().providers()).extracting(p -> p.keyword()).containsExactly("github");
        assertThat(spec.environment("dev").orElseThrow().onFailure()).isEqualTo(dev.slipway.model.OnFailure.ROLLBACK_DEPENDENTS);
    }

    @Test
    void reportsAnUnknownKeyAtTheKeyWithASuggestion() {
        String text = VALID.replace("    replicas: 4\n", "    replicas: 4\n    dependson: {}\n");
        assertThat(messages(text)).containsExactly(
                "slipway.yaml:28:5: services.backend.dependson: unknown key 'dependson' (hint: did you mean 'dependsOn'?)");
    }

    @Test
    void reportsAnUnknownDependencyWithASuggestion() {
        String text = VALID.replace("backend: \">=2.1 <3\"", "backnd: \">=2.1 <3\"");
        assertThat(messages(text)).containsExactly(
                "slipway.yaml:17:7: services.frontend.dependsOn.backnd: unknown service 'backnd' (hint: did you mean 'backend'?)");
    }

    @Test
    void reportsACycleAsAPath() {
        String text = VALID.replace("      db: \"~16.4\"", "      db: \"~16.4\"\n      frontend: \"*\"");
        assertThat(messages(text)).containsExactly(
                "slipway.yaml:30:7: services.backend.dependsOn.frontend: dependency cycle backend -> frontend -> backend"
                        + " (hint: services must form a graph without cycles; remove one of these dependsOn entries)");
    }

    @Test
    void reportsALongerCycleFromItsFirstService() {
        String text = """
                system: {name: s, registry: r.io/s}
                services:
                  c: {image: "x:1", port: 1, dependsOn: {a: "*"}}
                  a: {image: "x:1", port: 1, dependsOn: {b: "*"}}
                  b: {image: "x:1", port: 1, dependsOn: {c: "*"}}
                """;
        assertThat(messages(text)).singleElement().asString()
                .contains("services.a.dependsOn.b: dependency cycle a -> b -> c -> a");
    }

    @Test
    void reportsAnInvalidRangeAtItsValue() {
        String text = VALID.replace("\">=2.1 <3\"", "\">>2\"");
        assertThat(messages(text)).containsExactly("slipway.yaml:17:16: services.frontend.dependsOn.backend: "
                + "range \">>2\" is not a valid version range (hint: use an npm-style range such as \">=2.1 <3\", \"^2.1\", \"~2.1\" or \"*\")");
    }

    @Test
    void reportsCanaryStepsThatDoNotIncreaseOrEndAt100() {
        String text = VALID.replace("[5, 50, 100]", "[50, 20, 90]");
        assertThat(messages(text)).containsExactly(
                "slipway.yaml:20:19: services.frontend.strategy.steps[1]: canary steps must increase: 20 follows 50"
                        + " (hint: list the traffic weights in increasing order, e.g. [10, 25, 50, 100])",
                "slipway.yaml:20:23: services.frontend.strategy.steps[2]: the last canary step is 90%, not 100%"
                        + " (hint: end the steps with 100 so the canary takes all traffic before it is promoted)");
    }

    @Test
    void reportsAPortOutOfRange() {
        assertThat(messages(VALID.replace("port: 3000", "port: 70000"))).containsExactly(
                "slipway.yaml:15:11: services.frontend.port: value 70000 is out of range (hint: expected a value from 1 to 65535)");
    }

    @Test
    void reportsMutableImageTags() {
        assertThat(messages(VALID.replace("postgres:16.4-alpine", "postgres:latest"))).containsExactly(
                "slipway.yaml:31:12: services.db.image: image \"postgres:latest\" has a mutable tag"
                        + " (hint: pin a version such as postgres:1.2.3 or a digest postgres@sha256:...)");
        assertThat(messages(VALID.replace("postgres:16.4-alpine", "registry:5000/postgres"))).singleElement().asString()
                .contains("image \"registry:5000/postgres\" has a mutable tag (none means latest)");
        assertThat(messages(VALID.replace("postgres:16.4-alpine", "postgres:alpine"))).singleElement().asString()
                .contains("image \"postgres:alpine\" has a mutable tag ('alpine' names no version)");
        assertThat(load(VALID.replace("postgres:16.4-alpine", "postgres@sha256:" + "a".repeat(64))).ok()).isTrue();
        assertThat(load(VALID.replace("postgres:16.4-alpine", "postgres:16")).ok()).isTrue();
    }

    @Test
    void reportsDuplicateServiceNamesWithBothLines() {
        String text = VALID + "  frontend:\n    image: nginx:1.27\n";
        assertThat(messages(text)).containsExactly("slipway.yaml:34:3: services.frontend: duplicate key 'frontend'"
                + " (first defined at line 12) (hint: names must be unique: remove or rename one of them)");
    }

    @Test
    void reportsDuplicateEnvironmentsAndBrokenPromotionChains() {
        String text = VALID.replace("promoteFrom: dev", "promoteFrom: staging")
                .replace("  - name: dev\n", "  - name: dev\n  - name: dev\n");
        assertThat(messages(text)).containsExactly(
                "slipway.yaml:6:11: environments[1].name: duplicate environment 'dev' (also environments[0])"
                        + " (hint: environment names must be unique)",
                "slipway.yaml:9:18: environments[2].promoteFrom: unknown environment 'staging'"
                        + " (hint: known environments: dev, production)");
    }

    @Test
    void reportsAPromotionCycle() {
        String text = VALID.replace("  - name: dev\n", "  - name: dev\n    promoteFrom: production\n");
        assertThat(messages(text)).containsExactly(
                "slipway.yaml:6:18: environments[0].promoteFrom: promotion cycle dev -> production -> dev"
                        + " (hint: a promotion chain must start at an environment without `promoteFrom`)",
                "slipway.yaml:9:18: environments[1].promoteFrom: promotion cycle production -> dev -> production"
                        + " (hint: a promotion chain must start at an environment without `promoteFrom`)");
    }

    @Test
    void reportsWrongTypesAndEnumValues() {
        String text = VALID.replace("replicas: 4", "replicas: four").replace("language: java", "language: cobol");
        assertThat(messages(text)).containsExactly(
                "slipway.yaml:24:15: services.backend.language: unknown value \"cobol\""
                        + " (hint: expected one of: java, go, node, python, dotnet, rust, ruby, kotlin, scala, cpp, php, elixir)",
                "slipway.yaml:27:15: services.backend.replicas: expected an integer, found \"four\""
                        + " (hint: see `slipway schema` or docs/spec.md for this key)");
    }

    @Test
    void readsAnEnvironmentsFailurePolicyAndRejectsAnUnknownOne() {
        String text = VALID.replace("    soak: 1h30m\n", "    soak: 1h30m\n    onFailure: pause\n");
        assertThat(load(text).orThrow().environment("production").orElseThrow().onFailure())
                .isEqualTo(dev.slipway.model.OnFailure.PAUSE);
        assertThat(load(text).orThrow().environment("production").orElseThrow().traffic())
                .isEqualTo(dev.slipway.model.TrafficRouting.REPLICAS);
        String istio = VALID.replace("    soak: 1h30m\n", "    soak: 1h30m\n    traffic: istio\n");
        assertThat(load(istio).orThrow().environment("production").orElseThrow().traffic())
                .isEqualTo(dev.slipway.model.TrafficRouting.ISTIO);
        assertThat(messages(VALID.replace("    soak: 1h30m\n", "    soak: 1h30m\n    onFailure: stop\n")))
                .singleElement().asString().contains("environments[1].onFailure: unknown value \"stop\"",
                        "expected one of: rollback-dependents, rollback-all, pause");
    }

    @Test
    void reportsMissingRequiredKeysAtTheirParent() {
        assertThat(messages(VALID.replace("  registry: ghcr.io/acme/shop\n", ""))).containsExactly(
                "slipway.yaml:2:3: system: missing required key 'registry' (hint: add `registry:` here)");
    }

    @Test
    void reportsEveryErrorAtOnce() {
        String text = VALID.replace("port: 3000", "port: 0").replace("backend: \">=2.1 <3\"", "nothere: \"*\"")
                .replace("postgres:16.4-alpine", "postgres");
        assertThat(load(text).errors()).hasSize(3);
        assertThat(load(text).ok()).isFalse();
    }

    @Test
    void reportsYamlSyntaxErrorsWithTheirPosition() {
        assertThat(messages("system:\n  name: [shop\nservices: {}\n")).singleElement().asString()
                .startsWith("slipway.yaml:3:").contains("YAML syntax error");
        assertThat(messages("")).containsExactly("slipway.yaml:1:1: (document): the file is empty"
                + " (hint: start from `slipway init` or the examples in examples/)");
        assertThat(messages("- a\n- b\n")).singleElement().asString().contains("expected a mapping");
    }

    @Test
    void rejectsStrategiesAStatefulServiceCannotUse() {
        String text = VALID.replace("    stateful: true\n", "    stateful: true\n    strategy: {type: canary}\n");
        assertThat(messages(text)).containsExactly("slipway.yaml:34:22: services.db.strategy.type: a stateful service"
                + " cannot use the canary strategy (hint: two versions would write the same data; use `type: rolling`)");
    }

    @Test
    void readsTheApproversNamesOfAnEnvironment() {
        SystemSpec spec = load(VALID.replace("    approval: true\n",
                "    approval: true\n    approvers: {minimum: 2, names: [bob, carol]}\n")).orThrow();
        dev.slipway.model.Environment.Approvers approvers = spec.environment("production").orElseThrow().approvers();
        assertThat(approvers.names()).containsExactly("bob", "carol");
        assertThat(approvers.admits("carol")).isTrue();
        assertThat(approvers.admits("mallory")).isFalse();
        assertThat(spec.environment("dev").orElseThrow().approvers().names()).isEmpty();
        assertThat(spec.environment("dev").orElseThrow().approvers().admits("anyone")).isTrue();
    }

    @Test
    void reportsApproversListedTwiceTooFewForTheMinimumAndBlankNames() {
        String twice = VALID.replace("    approval: true\n",
                "    approval: true\n    approvers:\n      minimum: 3\n      names: [bob, carol, bob]\n");
        assertThat(messages(twice)).containsExactly(
                "slipway.yaml:11:16: environments[1].approvers.minimum: approvers.minimum is 3 but only 2 people are"
                        + " named: no release to production could ever be approved (hint: name at least 3 people in"
                        + " approvers.names, or lower approvers.minimum)",
                "slipway.yaml:12:27: environments[1].approvers.names[2]: approver 'bob' is listed twice"
                        + " (hint: list each person once)");
        String blank = VALID.replace("    approval: true\n", "    approval: true\n    approvers: {names: [\"\", \"a,b\"]}\n");
        assertThat(messages(blank)).hasSize(2).allMatch(m -> m.contains("environments[1].approvers.names[")
                && m.contains("is not valid here (hint: A person's name, as their token is named"));
    }

    @Test
    void warnsWhenAJenkinsApprovalNamesNoApprovers() {
        String jenkins = VALID.replace("environments:\n", "ci:\n  providers: [jenkins]\nenvironments:\n");
        LoadResult result = load(jenkins);
        assertThat(result.ok()).isTrue();
        assertThat(result.warnings()).singleElement().asString()
                .contains("environments[1].approval: warning: environment production needs approval and names no"
                        + " approvers: the Jenkinsfile's input step cannot restrict who answers it");
        assertThat(load(jenkins.replace("    approval: true\n", "    approval: true\n    approvers: {names: [bob]}\n"))
                .problems()).isEmpty();
        // no Jenkinsfile, nothing to warn about: Slipway's own gate checks the grant approve:production
        assertThat(load(VALID).problems()).isEmpty();
    }

    @Test
    void warnsButLoadsWhenADependencyHasNoPort() {
        LoadResult result = load(VALID.replace("    port: 5432\n", ""));
        assertThat(result.ok()).isTrue();
        assertThat(result.warnings()).singleElement().asString()
                .contains("services.backend.dependsOn.db: warning: 'db' has no port");
    }

    @Test
    void survivesRecursiveAliases() {
        assertThat(messages("system: &a {name: x, registry: r.io/x, self: *a}\nservices: {}\n")).isNotEmpty();
        assertThat(messages("a: &a [*a]\n")).isNotEmpty();
    }
}
