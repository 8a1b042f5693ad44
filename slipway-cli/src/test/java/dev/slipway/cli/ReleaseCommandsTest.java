package dev.slipway.cli;

import dev.slipway.release.ShopFixture;

import dev.slipway.store.Store;

import dev.slipway.run.ReleaseRecords;

import dev.slipway.run.ReleaseRecord;

import dev.slipway.store.EnvironmentLeases;
import dev.slipway.run.EnvironmentLease;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The release commands on the example shop, on the sandbox in a temporary data directory, in virtual time. */
class ReleaseCommandsTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String ENV = "production";

    /** Every service of the shop at its first version. */
    static final List<String> INSTALL = List.of("postgres=16.4.0", "rabbitmq=3.13.7", "redis=7.2.5", "cart=1.0.0",
            "catalog=1.0.0", "checkout=1.0.0", "frontend=1.0.0", "notifications=1.0.0", "payments=1.0.0",
            "recommendations=1.0.0", "shipping=1.0.0");

    @TempDir
    Path tmp;

    Path data;

    @BeforeEach
    void dataDir() {
        data = tmp.resolve("data");
    }

    /**
     * The example shop with a production that takes releases directly ({@link ShopFixture#directYaml}), inside the
     * repository so that commits resolve as beside the real one; the road through staging is PromotionTest's.
     */
    static String shop() {
        Path direct = Cli.repository().resolve("slipway-cli/target/shop-direct/slipway.yaml");
        try {
            Files.createDirectories(direct.getParent());
            Files.writeString(direct, ShopFixture.directYaml());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return direct.toString();
    }

    Cli slipway(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command, "-f", shop(), "--data-dir", data.toString()));
        all.addAll(List.of(args));
        return Cli.run(all.toArray(String[]::new));
    }

    Cli release(String command, List<String> sets, String... more) {
        List<String> args = new ArrayList<>(List.of("--env", ENV));
        sets.forEach(s -> args.addAll(List.of("--set", s)));
        args.addAll(List.of(more));
        return slipway(command, args.toArray(String[]::new));
    }

    static JsonNode json(Cli cli) {
        return JSON.readTree(cli.out());
    }

    Map<String, JsonNode> statusByService() {
        Cli status = slipway("status", "--env", ENV, "--format", "json");
        assertThat(status.exitCode()).as(status.err()).isZero();
        Map<String, JsonNode> services = new java.util.TreeMap<>();
        json(status).get("services").forEach(s -> services.put(s.get("name").asString(), s));
        return services;
    }

    /** The number of the first line that holds both words. */
    static int line(String text, String first, String second) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(first) && lines.get(i).contains(second)) {
                return i;
            }
        }
        return -1;
    }

    void install() {
        Cli cli = release("deploy", INSTALL);
        assertThat(cli.exitCode()).as(cli.out() + cli.err()).isZero();
    }

    @Test
    void planShowsTheShopAsATimelineAndAsTheJsonContract() {
        Cli text = release("plan", INSTALL);
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).contains("Release to production: 11 services",
                "Critical path", "postgres -> catalog -> checkout -> frontend", "(new) -> 16.4.0");

        Cli cli = release("plan", INSTALL, "--format", "json");
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        JsonNode plan = json(cli);
        assertThat(plan.get("ok").asBoolean()).isTrue();
        assertThat(plan.get("services")).hasSize(11);
        JsonNode checkout = null;
        for (JsonNode s : plan.get("services")) {
            assertThat(s.propertyNames()).containsExactly("name", "from", "to", "strategy", "after");
            assertThat(s.get("from").isNull()).as("nothing runs yet").isTrue();
            if (s.get("name").asString().equals("checkout")) {
                checkout = s;
            }
        }
        assertThat(checkout.get("strategy").asString()).as("a first install has no traffic to shift: rolling")
                .isEqualTo("rolling");
        assertThat(checkout.get("after").toString()).contains("catalog", "payments");
        assertThat(plan.get("criticalPath").toString()).isEqualTo("[\"postgres\",\"catalog\",\"checkout\",\"frontend\"]");
        assertThat(plan.get("checks").get(0).propertyNames())
                .containsExactly("service", "dependency", "range", "version", "ok");
    }

    @Test
    void planRefusesWithReasonsAndHints() {
        Cli cli = slipway("plan", "--env", "prod", "--set", "catalog=1.0.0");
        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.err()).contains("refused", "environment \"prod\" is not in the spec", "production");

        install();
        // postgres below what catalog 1.0.0 needs (^16.4): refused before anything is touched
        Cli downgrade = release("plan", List.of("postgres=15.0.0"), "--format", "json");
        assertThat(downgrade.exitCode()).isEqualTo(1);
        JsonNode refused = json(downgrade);
        assertThat(refused.get("ok").asBoolean()).isFalse();
        assertThat(refused.get("errors").toString()).contains("catalog", "postgres", "^16.4", "15.0.0");
    }

    @Test
    void deployInstallsTheShopThenRollsBackAFaultyCatalogAndItsDependents() throws IOException {
        Cli first = release("deploy", INSTALL, "--format", "json");
        assertThat(first.exitCode()).as(first.err()).isZero();
        JsonNode result = json(first);
        assertThat(result.propertyNames()).containsExactly("release", "outcome", "services", "makespanSeconds",
                "criticalPathSeconds", "gates");
        assertThat(result.get("gates")).as("the direct shop's production has no gate").isEmpty();
        assertThat(result.get("release").asString()).isEqualTo("r-production-1");
        assertThat(result.get("outcome").asString()).isEqualTo("succeeded");
        assertThat(result.get("services")).hasSize(11).allSatisfy(s -> {
            assertThat(s.propertyNames()).containsExactly("name", "from", "to", "outcome", "startedAt", "finishedAt");
            assertThat(s.get("outcome").asString()).isEqualTo("promoted");
        });
        assertThat(result.get("makespanSeconds").asDouble()).isGreaterThan(0)
                .isGreaterThanOrEqualTo(result.get("criticalPathSeconds").asDouble());

        Path faults = tmp.resolve("faults.yaml");
        Files.writeString(faults, "- {service: catalog, version: 2.0.0, errorRate: 0.3, latencyFactor: 1.0, "
                + "crashLoop: false}\n");
        Cli second = release("deploy", List.of("catalog=2.0.0", "recommendations=1.1.0", "frontend=1.1.0",
                "cart=1.1.0@sha256:" + "ab".repeat(32)), "--sandbox-faults", faults.toString());
        assertThat(second.exitCode()).as(second.out() + second.err()).isEqualTo(2);
        assertThat(second.out()).contains("Release r-production-2 to production", "catalog", "rolling-back",
                "rolled-back", "catalog failed:", "error rate");

        Map<String, JsonNode> status = statusByService();
        assertThat(status.get("catalog").get("version").asString()).isEqualTo("1.0.0");
        assertThat(status.get("recommendations").get("version").asString()).isEqualTo("1.0.0");
        assertThat(status.get("frontend").get("version").asString()).isEqualTo("1.0.0");
        assertThat(status.get("cart").get("version").asString()).as("an independent branch goes on").isEqualTo("1.1.0");
        assertThat(status.values()).allSatisfy(s -> {
            assertThat(s.get("tracks")).as(s.toString()).hasSize(1);
            assertThat(s.get("tracks").get(0).get("weight").asInt()).isEqualTo(100);
            assertThat(s.get("healthy").asBoolean()).isTrue();
        });
        try (Store store = Store.h2(data)) {
            ReleaseRecords records = new ReleaseRecords(store, data);
            ReleaseRecord record = records.require("r-production-2");
            assertThat(record.state()).isEqualTo("rolled-back");
            assertThat(record.digests().values()).anyMatch(d -> d.startsWith("sha256:abab"));
            assertThat(records.journal().read("r-production-2")).isNotEmpty();
        }

        Cli text = slipway("status", "--env", ENV);
        assertThat(text.out()).contains("SERVICE", "DIGEST", "stable 1.0.0 100%", "healthy",
                "Last release: r-production-2 rolled-back");

        assertThat(second.out()).contains("`slipway report r-production-2`");
        Cli report = Cli.run("report", "r-production-2", "--data-dir", data.toString(), "--format", "json");
        assertThat(report.exitCode()).as(report.err()).isZero();
        JsonNode failure = json(report).get("failure");
        assertThat(failure.get("service").asString()).isEqualTo("catalog");
        assertThat(failure.get("metric").asString()).isEqualTo("error-rate");
        assertThat(failure.get("canary").asDouble()).isGreaterThan(0.2);
        assertThat(failure.get("weight").asInt()).isEqualTo(10);
        assertThat(failure.get("detectedAfterSeconds").asDouble()).isPositive().isLessThanOrEqualTo(30);
        assertThat(json(report).get("dependentsAffected")).extracting(n -> n.get("service").asString())
                .containsExactlyInAnyOrder("recommendations", "frontend");
        assertThat(Cli.run("report", "r-production-2", "--data-dir", data.toString()).out())
                .contains("Root cause: catalog 2.0.0", "Dependents affected:", "Rolled back:");
        assertThat(Cli.run("report", "r-production-9", "--data-dir", data.toString()).err())
                .contains("no release r-production-9");
    }

    @Test
    void aSecondReleaseOnTheSameEnvironmentIsRefusedNamingTheRunningOneAndItsLease() throws Exception {
        // a release of this process holds production (the CLI runs in this JVM: its holder id is this process's)
        EnvironmentLeases.Lease held;
        try (Store store = Store.h2(data)) {
            held = store.leases().acquire(ENV, EnvironmentLease.HOLDER, "r-production-7", Duration.ofMinutes(5));
        }
        Cli refused = release("deploy", INSTALL);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("release r-production-7 is running on production: held by "
                + EnvironmentLease.HOLDER + " since " + held.acquired() + ", expires " + held.expires(), "hint:");
        try (Store store = Store.h2(data)) {
            assertThat(store.releases().list()).as("nothing recorded").isEmpty();
            // a process that is gone left its lease: one process owns an H2 data directory, so it was killed
            store.leases().acquire(ENV, "host-0/0badf00d", "r-production-7", Duration.ofMinutes(5));
        }

        // taken over at once (no wait for its expiry), and released at the end
        Cli taken = release("deploy", INSTALL);
        assertThat(taken.exitCode()).as(taken.err()).isZero();
        try (Store store = Store.h2(data)) {
            assertThat(store.leases().holder(ENV)).isEmpty();
            assertThat(store.leases().acquire(ENV, "test", "r", Duration.ofSeconds(1)).token())
                    .as("the dead process's lease was token 2, the deploy's 3").isEqualTo(held.token() + 3);
        }
    }

    @Test
    void rollbackTakesTheChangedServicesOfTheLastReleaseBack() {
        Cli nothing = slipway("rollback", "--env", ENV);
        assertThat(nothing.exitCode()).isEqualTo(1);
        assertThat(nothing.err()).contains("nothing to roll back");

        install();
        Cli upgrade = release("deploy", List.of("cart=1.1.0", "frontend=1.2.0"));
        assertThat(upgrade.exitCode()).as(upgrade.out()).isZero();
        assertThat(statusByService().get("cart").get("version").asString()).isEqualTo("1.1.0");

        Cli rollback = slipway("rollback", "--env", ENV);
        assertThat(rollback.exitCode()).as(rollback.out() + rollback.err()).isZero();
        assertThat(rollback.out()).contains("Rolling back r-production-2: cart -> 1.0.0, frontend -> 1.0.0",
                "Release r-production-3 to production");
        assertThat(line(rollback.out(), "frontend", "promoted")).isPositive();
        Map<String, JsonNode> status = statusByService();
        assertThat(status.get("cart").get("version").asString()).isEqualTo("1.0.0");
        assertThat(status.get("frontend").get("version").asString()).isEqualTo("1.0.0");

        Cli again = slipway("rollback", "--env", ENV, "--release", "r-production-2");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("already rolled back by r-production-3");
        Cli installOnly = slipway("rollback", "--env", ENV);
        assertThat(installOnly.exitCode()).isEqualTo(1);
        assertThat(installOnly.err()).contains("r-production-1 has nothing to roll back", "does not uninstall");
    }

    @Test
    void aPinnedDigestIsDeployedShownByStatusAndRestoredByARollback() {
        install();
        String scanned = "sha256:" + "a1".repeat(32);
        String next = "sha256:" + "b2".repeat(32);
        Cli first = release("deploy", List.of("cart=1.1.0@" + scanned));
        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        assertThat(statusByService().get("cart").get("digest").asString()).isEqualTo(scanned);
        assertThat(slipway("status", "--env", ENV).out()).contains("sha256:a1a1a1a1a1a1");

        Cli second = release("deploy", List.of("cart=1.2.0@" + next));
        assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
        assertThat(statusByService().get("cart").get("digest").asString()).isEqualTo(next);

        Cli rollback = slipway("rollback", "--env", ENV);
        assertThat(rollback.exitCode()).as(rollback.out() + rollback.err()).isZero();
        JsonNode cart = statusByService().get("cart");
        assertThat(cart.get("version").asString()).isEqualTo("1.1.0");
        assertThat(cart.get("digest").asString()).as("the image that ran before, not the tag").isEqualTo(scanned);
    }

    @Test
    void rollbackGoesInReverseDependencyOrderDependentsFirst() throws IOException {
        // the shop with real ranges on the chain frontend -> checkout -> catalog (frontend -> catalog too)
        Path spec = tmp.resolve("slipway.yaml");
        Files.writeString(spec, Files.readString(Path.of(shop())).replace("catalog: '*'", "catalog: ^1.0")
                .replace("checkout: '*'", "checkout: ^1.0"));
        java.util.function.Function<List<String>, Cli> run = args -> {
            List<String> all = new ArrayList<>(List.of(args.getFirst(), "-f", spec.toString(), "--data-dir",
                    data.toString(), "--env", ENV, "--format", "json"));
            all.addAll(args.subList(1, args.size()));
            return Cli.run(all.toArray(String[]::new));
        };
        List<String> install = new ArrayList<>(List.of("deploy"));
        INSTALL.forEach(s -> install.addAll(List.of("--set", s)));
        assertThat(run.apply(install).exitCode()).isZero();
        Cli upgrade = run.apply(List.of("deploy", "--set", "catalog=1.1.0", "--set", "checkout=1.1.0", "--set",
                "frontend=1.1.0"));
        assertThat(upgrade.exitCode()).as(upgrade.out() + upgrade.err()).isZero();
        assertThat(startOrder(json(upgrade))).as("a release: dependencies first")
                .containsExactly("catalog", "checkout", "frontend");

        Cli rollback = run.apply(List.of("rollback"));
        assertThat(rollback.exitCode()).as(rollback.out() + rollback.err()).isZero();
        JsonNode result = json(rollback);
        assertThat(result.get("outcome").asString()).isEqualTo("succeeded");
        assertThat(startOrder(result)).containsExactly("frontend", "checkout", "catalog");
        // each goes back only once every dependent of it is back: no moment where frontend 1.1.0 or checkout 1.1.0
        // (which may need the newer catalog) runs against catalog 1.0.0
        Map<String, JsonNode> byName = new java.util.TreeMap<>();
        result.get("services").forEach(s -> byName.put(s.get("name").asString(), s));
        assertThat(byName.get("checkout").get("startedAt").asDouble())
                .isGreaterThanOrEqualTo(byName.get("frontend").get("finishedAt").asDouble());
        assertThat(byName.get("catalog").get("startedAt").asDouble())
                .isGreaterThanOrEqualTo(byName.get("checkout").get("finishedAt").asDouble());
        assertThat(byName.values()).allSatisfy(s -> {
            assertThat(s.get("outcome").asString()).isEqualTo("promoted");
            assertThat(s.get("to").asString()).isEqualTo("1.0.0");
        });
    }

    /** The services of a JSON result by their start time. */
    private static List<String> startOrder(JsonNode result) {
        List<JsonNode> services = new ArrayList<>();
        result.get("services").forEach(services::add);
        services.sort(java.util.Comparator.comparingDouble(s -> s.get("startedAt").asDouble()));
        return services.stream().map(s -> s.get("name").asString()).toList();
    }

    @Test
    void aReleasePausedAtAManualGateIsResumedByALaterProcess() {
        install();
        Cli paused = release("deploy", List.of("catalog=1.1.0", "recommendations=1.1.0"), "--gate", "catalog");
        assertThat(paused.exitCode()).as(paused.out() + paused.err()).isEqualTo(3);
        assertThat(paused.out()).contains("Release r-production-2 is paused: catalog waits for a person",
                "slipway resume r-production-2");
        JsonNode catalog = statusByService().get("catalog");
        assertThat(catalog.get("tracks")).as("the canary holds at the gate").hasSize(2);

        Cli blocked = release("deploy", List.of("cart=1.1.0"));
        assertThat(blocked.exitCode()).isEqualTo(1);
        assertThat(blocked.err()).contains("release r-production-2 is paused on production",
                "slipway resume r-production-2");

        Cli resumed = Cli.run("resume", "r-production-2", "--data-dir", data.toString(), "--format", "json");
        assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isZero();
        assertThat(json(resumed).get("outcome").asString()).isEqualTo("succeeded");
        Map<String, JsonNode> status = statusByService();
        assertThat(status.get("catalog").get("version").asString()).isEqualTo("1.1.0");
        assertThat(status.get("catalog").get("tracks")).hasSize(1);
        assertThat(status.get("recommendations").get("version").asString()).isEqualTo("1.1.0");

        Cli over = Cli.run("resume", "r-production-2", "--data-dir", data.toString());
        assertThat(over.exitCode()).isEqualTo(1);
        assertThat(over.err()).contains("has already ended (succeeded)");
    }

    @Test
    void aReleasePausedByThePolicyCanBeRolledBackInPlace() throws IOException {
        install();
        Path faults = tmp.resolve("faults.yaml");
        Files.writeString(faults, "- {service: catalog, version: 2.0.0, errorRate: 0.3}\n");
        // one at a time: catalog (the longest path) goes first, cart waits, and the pause holds it
        Cli paused = release("deploy", List.of("catalog=2.0.0", "cart=1.1.0"), "--on-failure", "pause",
                "--sandbox-faults", faults.toString(), "--max-parallel", "1");
        assertThat(paused.exitCode()).as(paused.out() + paused.err()).isEqualTo(3);
        assertThat(paused.out()).contains("release r-production-2 is paused", "catalog failed");
        Cli rollback = slipway("rollback", "--env", ENV);
        assertThat(rollback.exitCode()).as(rollback.out() + rollback.err()).isEqualTo(2);
        Map<String, JsonNode> status = statusByService();
        assertThat(status.get("catalog").get("version").asString()).isEqualTo("1.0.0");
        assertThat(status.get("cart").get("version").asString()).isEqualTo("1.0.0");
    }

    @Test
    void theEnvironmentsOnFailurePolicyAppliesWithoutTheOption() throws IOException {
        Path spec = tmp.resolve("slipway.yaml");
        Files.writeString(spec, Files.readString(Path.of(shop())).replace("  - name: production\n",
                "  - name: production\n    onFailure: pause\n"));
        List<String> install = new ArrayList<>(List.of("deploy", "-f", spec.toString(), "--data-dir", data.toString(),
                "--env", ENV));
        INSTALL.forEach(s -> install.addAll(List.of("--set", s)));
        assertThat(Cli.run(install.toArray(String[]::new)).exitCode()).isZero();
        Path faults = Files.writeString(tmp.resolve("faults.yaml"), "- {service: catalog, version: 2.0.0, errorRate: 0.3}\n");

        Cli paused = Cli.run("deploy", "-f", spec.toString(), "--data-dir", data.toString(), "--env", ENV,
                "--set", "catalog=2.0.0", "--set", "cart=1.1.0", "--max-parallel", "1",
                "--sandbox-faults", faults.toString());

        assertThat(paused.exitCode()).as(paused.out() + paused.err()).isEqualTo(3);
        assertThat(paused.out()).contains("is paused", "catalog failed");
    }

    @Test
    void sandboxResetForgetsWhatRuns() {
        install();
        Cli reset = Cli.run("sandbox", "reset", "--data-dir", data.toString());
        assertThat(reset.exitCode()).isZero();
        assertThat(reset.out()).contains("is reset");
        assertThat(statusByService()).isEmpty();
        assertThat(slipway("status", "--env", ENV).out()).contains("Nothing runs in production yet");
        assertThat(Cli.run("sandbox", "reset", "--data-dir", data.toString()).out()).contains("already empty");
    }

    @Test
    void anEnvironmentWithAKubeContextIsNotFakedOnTheSandbox() throws IOException {
        Path spec = tmp.resolve("slipway.yaml");
        Files.writeString(spec, Files.readString(Path.of(shop())).replace("  - name: dev\n",
                "  - name: dev\n    kubeContext: prod-eu\n"));
        Path kubeconfig = ApiServer.kubeconfig(tmp.resolve("kubeconfig"), "staging-eu", "http://127.0.0.1:1");
        Cli cli = Cli.run("deploy", "-f", spec.toString(), "--data-dir", data.toString(), "--env", "dev",
                "--set", "redis=7.2.5", "--kubeconfig", kubeconfig.toString());
        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.err()).contains("kube context prod-eu is not in " + kubeconfig, "contexts there: staging-eu");
        try (Store store = Store.h2(data)) {
            assertThat(store.sandbox().read()).as("nothing on the sandbox").isEmpty();
        }
    }

    @Test
    void aDigestThatIsNotOneIsRefused() {
        Cli cli = release("deploy", List.of("cart=1.0.0@latest"));
        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.err()).contains("is not an image digest");
    }
}
