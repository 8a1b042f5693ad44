package dev.slipway.cli;

import dev.slipway.model.UserError;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The release commands on an environment that names a kube context: the CLI reaches the context's cluster (a
 * standalone mock API server in CRUD mode, a test thread playing the Deployment controller) through a kubeconfig
 * file, writes the Deployments there, and reads them back for {@code status} and {@code rollback}.
 */
@Timeout(120)
class KubeContextReleaseTest {

    static final String NS = "shop-staging";
    static final String CONTEXT = "test-context";
    static final String SPEC = """
            system:
              name: shop
              registry: ghcr.io/acme/shop
              repository: https://github.com/acme/shop.git
            ci:
              providers: [github]
              mainBranch: main
            environments:
              - name: staging
                namespace: shop-staging
                kubeContext: %s
                trigger: tag
            defaults:
              verify: {window: 0}
            services:
              db:
                path: db
                language: go
                port: 5432
                replicas: 1
              api:
                path: api
                language: go
                port: 8080
                replicas: 2
                dependsOn:
                  db: ">=1.0 <2"
            %s
              web:
                path: web
                language: node
                port: 3000
                replicas: 1
                dependsOn:
                  api: "^2.0"
            """;
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path tmp;

    ApiServer api;
    Path kubeconfig;

    @BeforeEach
    void startServer() throws IOException {
        api = ApiServer.start(NS);
        kubeconfig = ApiServer.kubeconfig(tmp.resolve("kubeconfig"), CONTEXT, api.url());
    }

    @AfterEach
    void stopServer() throws InterruptedException {
        api.close();
    }

    /** api rolls out with Kubernetes' rolling update. */
    Path spec(String context) throws IOException {
        return Files.writeString(tmp.resolve("slipway.yaml"), SPEC.formatted(context, ""));
    }

    /** api is a canary in two one-second steps, looked at every second, inconclusive after two more. */
    Path canarySpec() throws IOException {
        return Files.writeString(tmp.resolve("slipway.yaml"), SPEC.formatted(CONTEXT, """
                    strategy:
                        type: canary
                        steps: [50, 100]
                        stepInterval: 1s
                    analysis:
                        interval: 1s
                        inconclusiveAfter: 2s
                """.stripTrailing()));
    }

    Cli slipway(Path spec, String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command, "-f", spec.toString(), "--data-dir",
                tmp.resolve("data").toString(), "--kubeconfig", kubeconfig.toString()));
        all.addAll(List.of(args));
        return Cli.run(all.toArray(String[]::new));
    }

    Map<String, Deployment> deployments() {
        Map<String, Deployment> byName = new TreeMap<>();
        api.client.apps().deployments().inNamespace(NS).list().getItems()
                .forEach(d -> byName.put(d.getMetadata().getName(), d));
        return byName;
    }

    static String image(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage();
    }

    static String version(Deployment d) {
        return d.getMetadata().getLabels().get("app.kubernetes.io/version");
    }

    Map<String, String> statusVersions(Path spec) {
        Cli status = slipway(spec, "status", "--env", "staging", "--format", "json");
        assertThat(status.exitCode()).as(status.err()).isZero();
        Map<String, String> versions = new TreeMap<>();
        for (JsonNode s : JSON.readTree(status.out()).get("services")) {
            assertThat(s.get("healthy").asBoolean()).as(s.toString()).isTrue();
            versions.put(s.get("name").asString(), s.get("version").asString());
        }
        return versions;
    }

    @Test
    void deploysToTheContextsClusterAndReadsItBack() throws IOException {
        Path spec = spec(CONTEXT);

        Cli plan = slipway(spec, "plan", "--env", "staging", "--set", "db=1.0.0", "--set", "api=2.0.0",
                "--set", "web=3.0.0", "--format", "json");
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
        assertThat(JSON.readTree(plan.out()).get("services")).hasSize(3);

        Cli deploy = slipway(spec, "deploy", "--env", "staging", "--set", "db=1.0.0", "--set", "api=2.0.0",
                "--set", "web=3.0.0");
        assertThat(deploy.exitCode()).as(deploy.out() + deploy.err()).isZero();
        assertThat(deploy.out()).contains("kube context " + CONTEXT + ", real time");
        assertThat(deploy.err()).doesNotContain("no metrics source"); // no canary in this release

        Map<String, Deployment> onServer = deployments();
        assertThat(onServer).containsOnlyKeys("db", "api", "web");
        assertThat(image(onServer.get("db"))).isEqualTo("ghcr.io/acme/shop/db:1.0.0");
        assertThat(image(onServer.get("api"))).isEqualTo("ghcr.io/acme/shop/api:2.0.0");
        assertThat(image(onServer.get("web"))).isEqualTo("ghcr.io/acme/shop/web:3.0.0");
        assertThat(version(onServer.get("api"))).isEqualTo("2.0.0");
        assertThat(onServer.get("api").getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/name", "api")
                .containsEntry("app.kubernetes.io/managed-by", "slipway");
        assertThat(onServer.get("api").getSpec().getReplicas()).isEqualTo(2);

        assertThat(statusVersions(spec)).isEqualTo(Map.of("db", "1.0.0", "api", "2.0.0", "web", "3.0.0"));
        Cli text = slipway(spec, "status", "--env", "staging");
        assertThat(text.out()).contains("Last release: r-staging-1 succeeded");

        // an upgrade, then its rollback: both read what runs from the server
        Cli upgrade = slipway(spec, "deploy", "--env", "staging", "--set", "api=2.1.0", "--format", "json");
        assertThat(upgrade.exitCode()).as(upgrade.out() + upgrade.err()).isZero();
        assertThat(JSON.readTree(upgrade.out()).get("services").get(0).get("from").asString()).isEqualTo("2.0.0");
        assertThat(image(deployments().get("api"))).isEqualTo("ghcr.io/acme/shop/api:2.1.0");

        Cli rollback = slipway(spec, "rollback", "--env", "staging");
        assertThat(rollback.exitCode()).as(rollback.out() + rollback.err()).isZero();
        assertThat(image(deployments().get("api"))).isEqualTo("ghcr.io/acme/shop/api:2.0.0");
        assertThat(statusVersions(spec)).containsEntry("api", "2.0.0");
    }

    @Test
    void aCanaryWithoutAMetricsSourceIsWarnedAboutAndNeverPassed() throws IOException {
        Path spec = canarySpec();
        Cli install = slipway(spec, "deploy", "--env", "staging", "--set", "db=1.0.0", "--set", "api=2.0.0");
        assertThat(install.exitCode()).as(install.out() + install.err()).isZero();

        Cli upgrade = slipway(spec, "deploy", "--env", "staging", "--set", "api=2.1.0", "--format", "json");
        assertThat(upgrade.err()).contains("warning: no metrics source: canary steps will be inconclusive and the "
                + "canary rolled back; use rolling or blue-green here until Prometheus is configured (metrics.prometheus.url "
                + "in slipway.yaml, or --prometheus-url)");
        // no data is never a pass: the canary is judged inconclusive twice and withdrawn
        assertThat(upgrade.exitCode()).as(upgrade.out() + upgrade.err()).isEqualTo(ReleaseRunner.ROLLED_BACK);
        assertThat(JSON.readTree(upgrade.out()).get("outcome").asString()).isEqualTo("rolled-back");
        assertThat(deployments()).containsOnlyKeys("db", "api");
        assertThat(image(deployments().get("api"))).isEqualTo("ghcr.io/acme/shop/api:2.0.0");
    }

    @Test
    void aCanaryIsJudgedFromPrometheusPromotedWhenHealthyAndRolledBackWhenNot() throws IOException {
        try (FakePrometheus prometheus = FakePrometheus.start()) {
            // one api pod: the basic judge counts the canary's ready pods against all the service's replicas,
            // while replica-ratio routing gives a 50 % canary only its share of them
            Path spec = Files.writeString(canarySpec(), Files.readString(canarySpec()).replace("replicas: 2",
                    "replicas: 1") + "metrics:\n  prometheus:\n    url: " + prometheus.url() + "\n");
            Cli install = slipway(spec, "deploy", "--env", "staging", "--set", "db=1.0.0", "--set", "api=2.0.0");
            assertThat(install.exitCode()).as(install.out() + install.err()).isZero();

            Cli healthy = slipway(spec, "deploy", "--env", "staging", "--set", "api=2.1.0", "--format", "json");
            assertThat(healthy.exitCode()).as(healthy.out() + healthy.err()).isZero();
            assertThat(healthy.err()).doesNotContain("no metrics source");
            assertThat(image(deployments().get("api"))).isEqualTo("ghcr.io/acme/shop/api:2.1.0");
            // the canary's errors in the environment's namespace, interval by interval from the counter's samples
            // (the default judge reads series: any scrape interval works with any look interval)
            assertThat(prometheus.queries).anySatisfy(q -> assertThat(q).startsWith("sum((http_requests_total"
                    + "{app_kubernetes_io_name=\"api\",namespace=\"shop-staging\",slipway_dev_track=\"canary\","
                    + "code=~\"5..\"} - http_requests_total{").contains(" offset "));

            // --prometheus-url overrides slipway.yaml: this one sees the canary fail 10 % of its requests
            try (FakePrometheus failing = FakePrometheus.start()) {
                failing.canaryErrorShare = 0.10;
                Cli bad = slipway(spec, "deploy", "--env", "staging", "--set", "api=2.2.0", "--format", "json",
                        "--prometheus-url", failing.url());
                assertThat(bad.exitCode()).as(bad.out() + bad.err()).isEqualTo(ReleaseRunner.ROLLED_BACK);
                assertThat(failing.queries).isNotEmpty();
            }
            assertThat(deployments()).containsOnlyKeys("db", "api");
            assertThat(image(deployments().get("api"))).isEqualTo("ghcr.io/acme/shop/api:2.1.0");
        }
    }

    @Test
    void aPrometheusThatDoesNotAnswerRefusesACanaryReleaseBeforeAnythingChanges() throws Exception {
        Path spec = canarySpec();
        String nowhere = "http://127.0.0.1:" + ApiServer.freePort();
        // no canary in a first install: the metrics are not needed, and not asked
        Cli install = slipway(spec, "deploy", "--env", "staging", "--set", "db=1.0.0", "--set", "api=2.0.0",
                "--prometheus-url", nowhere);
        assertThat(install.exitCode()).as(install.out() + install.err()).isZero();

        Cli upgrade = slipway(spec, "deploy", "--env", "staging", "--set", "api=2.1.0", "--prometheus-url", nowhere);
        assertThat(upgrade.exitCode()).isEqualTo(1);
        assertThat(upgrade.err()).contains("error: Prometheus at " + nowhere + "/ did not answer after 3 attempts: "
                        + "connection refused; the release has a canary, which cannot be judged without it")
                .contains("hint: start Prometheus, or point --prometheus-url")
                .doesNotContain("\tat ");
        assertThat(deployments()).containsOnlyKeys("db", "api");
        assertThat(image(deployments().get("api"))).isEqualTo("ghcr.io/acme/shop/api:2.0.0");
        // nothing was recorded as started, so nothing blocks the next release
        Cli status = slipway(spec, "status", "--env", "staging");
        assertThat(status.out()).contains("Last release: r-staging-1 succeeded");

        Cli badUrl = slipway(spec, "deploy", "--env", "staging", "--set", "api=2.1.0", "--prometheus-url",
                "prometheus:9090");
        assertThat(badUrl.exitCode()).isEqualTo(1);
        assertThat(badUrl.err()).contains("error: the Prometheus URL must be http:// or https:// with a host")
                .contains("hint: check --prometheus-url");
    }

    @Test
    void anUnknownContextIsAUserErrorNamingTheContextsThereAre() throws IOException {
        Path spec = spec("no-such-context");
        Cli deploy = slipway(spec, "deploy", "--env", "staging", "--set", "db=1.0.0");
        assertThat(deploy.exitCode()).isEqualTo(1);
        assertThat(deploy.err()).contains("error: kube context no-such-context is not in " + kubeconfig)
                .contains("hint: contexts there: " + CONTEXT)
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(deployments()).isEmpty();

        Cli status = slipway(spec, "status", "--env", "staging");
        assertThat(status.exitCode()).isEqualTo(1);
        assertThat(status.err()).contains("kube context no-such-context is not in");
    }

    @Test
    void anUnreachableClusterIsAUserError() throws Exception {
        kubeconfig = ApiServer.kubeconfig(tmp.resolve("kubeconfig-down"), CONTEXT,
                "http://127.0.0.1:" + ApiServer.freePort());
        Cli plan = slipway(spec(CONTEXT), "plan", "--env", "staging", "--set", "db=1.0.0");
        assertThat(plan.exitCode()).isEqualTo(1);
        assertThat(plan.err()).contains("error: the cluster of kube context " + CONTEXT + " did not answer")
                .contains("hint: check that the cluster runs")
                .doesNotContain("internal error").doesNotContain("\tat ");
    }
}
