package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.release.dora.Deployment;
import dev.slipway.release.dora.Deployment.Outcome;
import dev.slipway.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code slipway dora} over the deployment history that releases on the sandbox write, and over a seeded one. */
class DoraCommandTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String SHA = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path tmp;

    Cli slipway(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command, "--data-dir", tmp.resolve("data").toString()));
        if (!command.equals("dora")) {
            all.addAll(List.of("-f", ReleaseCommandsTest.shop()));
        }
        all.addAll(List.of(args));
        return Cli.run(all.toArray(String[]::new));
    }

    Cli deploy(List<String> sets, String... more) {
        List<String> args = new ArrayList<>(List.of("--env", "production", "--format", "json"));
        sets.forEach(s -> args.addAll(List.of("--set", s)));
        args.addAll(List.of(more));
        return slipway("deploy", args.toArray(String[]::new));
    }

    static JsonNode json(Cli cli) {
        assertThat(cli.exitCode()).as(cli.out() + cli.err()).isZero();
        return JSON.readTree(cli.out());
    }

    /** The services of a deploy's JSON result whose rollout ended with {@code outcome}. */
    static long count(JsonNode result, String outcome) {
        long n = 0;
        for (JsonNode s : result.get("services")) {
            n += s.get("outcome").asString().equals(outcome) ? 1 : 0;
        }
        return n;
    }

    @Test
    void releasesOnTheSandboxAreCountedAFailureRestoredAndLeadTimeMeasuredFromTheCommitTime() throws IOException {
        Cli install = deploy(ReleaseCommandsTest.INSTALL);
        assertThat(install.exitCode()).as(install.err()).isZero();

        Path faults = Files.writeString(tmp.resolve("faults.yaml"),
                "- {service: catalog, version: 2.0.0, errorRate: 0.3}\n");
        Cli failing = deploy(List.of("catalog=2.0.0", "recommendations=1.1.0", "frontend=1.1.0", "cart=1.1.0"),
                "--sandbox-faults", faults.toString());
        assertThat(failing.exitCode()).as(failing.out() + failing.err()).isEqualTo(2);
        JsonNode failed = JSON.readTree(failing.out());
        long failures = count(failed, "rolled-back") + count(failed, "failed");
        long shippedBeforeTheFix = count(failed, "promoted");
        assertThat(failures).as("catalog at least").isPositive();
        assertThat(shippedBeforeTheFix).as("cart, an independent branch").isEqualTo(1);

        Instant committed = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        Cli fixed = deploy(List.of("catalog=2.0.1", "recommendations=1.1.0", "frontend=1.1.0"),
                "--commit", SHA, "--commit-time", committed.toString());
        assertThat(fixed.exitCode()).as(fixed.out() + fixed.err()).isZero();
        assertThat(fixed.err()).doesNotContain("warning");

        JsonNode dora = json(slipway("dora", "--env", "production", "--format", "json"));
        assertThat(dora.get("environment").asString()).isEqualTo("production");
        JsonNode system = dora.get("system");
        long deployments = 11 + failures + shippedBeforeTheFix + 3;
        assertThat(system.get("changeFailureRate").get("deployments").asLong()).isEqualTo(deployments);
        assertThat(system.get("changeFailureRate").get("failures").asLong()).isEqualTo(failures);
        assertThat(system.get("changeFailureRate").get("rate").asDouble())
                .isEqualTo(failures / (double) deployments);
        assertThat(system.get("deploymentFrequency").get("count").asInt())
                .as("three releases shipped something: the install, cart in the rolled-back one, the fix").isEqualTo(3);
        JsonNode restore = system.get("timeToRestore");
        assertThat(restore.get("failures").asLong()).isEqualTo(failures);
        assertThat(restore.get("restored").asLong()).as("the fix restores every failed service").isEqualTo(failures);
        assertThat(restore.get("open").asInt()).isZero();
        assertThat(restore.get("medianSeconds").asDouble()).isNotNegative();
        JsonNode lead = system.get("leadTime");
        assertThat(lead.get("measured").asInt()).as("the fix's three services").isEqualTo(3);
        assertThat(lead.get("withoutCommitTime").asLong()).isEqualTo(11 + shippedBeforeTheFix);
        assertThat(lead.get("medianSeconds").asDouble()).as("an hour since the commit, plus the run")
                .isBetween(3600.0, 3600.0 + 600);
        assertThat(dora.get("services")).extracting(s -> s.get("service").asString()).hasSize(11)
                .contains("catalog", "cart", "postgres");

        Cli text = slipway("dora", "--env", "production");
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).contains("production", "catalog", "frontend");
        assertThat(json(slipway("dora", "--env", "staging", "--format", "json")).get("system")
                .get("changeFailureRate").get("deployments").asInt()).as("nothing went to staging").isZero();
    }

    @Test
    void theMetricsOfASeededHistoryAreExact() {
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant tenDaysAgo = t.minus(Duration.ofDays(10));
        Instant fiveDaysAgo = t.minus(Duration.ofDays(5));
        Duration tenMinutes = Duration.ofMinutes(10);
        List<Deployment> history = List.of(
                Deployment.succeeded("api", "0.9.0", "production", t.minus(Duration.ofDays(40)).minus(tenMinutes),
                        t.minus(Duration.ofDays(40))).withCommit(SHA, t.minus(Duration.ofDays(41)))
                        .withRelease("r-production-1"),
                Deployment.succeeded("api", "1.0.0", "production", tenDaysAgo.minus(tenMinutes), tenDaysAgo)
                        .withCommit(SHA, tenDaysAgo.minus(Duration.ofHours(2))).withRelease("r-production-2")
                        .withDigest("sha256:" + "ab".repeat(32)),
                Deployment.succeeded("web", "2.0.0", "production", tenDaysAgo.minus(tenMinutes), tenDaysAgo)
                        .withRelease("r-production-2"),
                Deployment.failed("api", "1.1.0", "production", Outcome.ROLLED_BACK, fiveDaysAgo.minus(tenMinutes),
                        fiveDaysAgo).withRelease("r-production-3"),
                Deployment.succeeded("api", "1.1.1", "production", fiveDaysAgo.plus(Duration.ofMinutes(20)),
                        fiveDaysAgo.plus(Duration.ofMinutes(30)))
                        .withCommit(SHA, fiveDaysAgo.minus(Duration.ofMinutes(30))).withRelease("r-production-4"),
                Deployment.failed("api", "1.1.0", "staging", Outcome.FAILED, fiveDaysAgo.minus(Duration.ofHours(1)),
                        fiveDaysAgo.minus(Duration.ofMinutes(50))).withRelease("r-staging-5"));
        try (Store store = Store.h2(tmp.resolve("data"))) {
            history.forEach(store.deployments()::record);
        }

        JsonNode production = json(slipway("dora", "--env", "production", "--since", "30d", "--format", "json"));
        assertThat(production.propertyNames()).containsExactly("from", "to", "environment", "days", "system",
                "services");
        assertThat(Duration.between(Instant.parse(production.get("from").asString()),
                Instant.parse(production.get("to").asString()))).isEqualTo(Duration.ofDays(30));
        assertThat(production.get("days").asDouble()).isEqualTo(30.0);
        assertThat(production.get("system").toString()).isEqualTo("{"
                + "\"deploymentFrequency\":{\"count\":2,\"perDay\":0.06666666666666667,\"band\":\"medium\"},"
                + "\"leadTime\":{\"measured\":2,\"withoutCommitTime\":1,\"medianSeconds\":5400,\"p90Seconds\":6840},"
                + "\"changeFailureRate\":{\"deployments\":4,\"failures\":1,\"rate\":0.25},"
                + "\"timeToRestore\":{\"failures\":1,\"restored\":1,\"open\":0,\"medianSeconds\":1800}}");
        assertThat(production.get("services")).extracting(s -> s.get("service").asString())
                .containsExactly("api", "web");
        JsonNode api = production.get("services").get(0);
        assertThat(api.get("changeFailureRate").toString())
                .isEqualTo("{\"deployments\":3,\"failures\":1,\"rate\":0.3333333333333333}");
        assertThat(api.get("deploymentFrequency").get("count").asInt()).isEqualTo(2);

        JsonNode onlyApi = json(slipway("dora", "--env", "production", "--service", "api", "--format", "json"));
        assertThat(onlyApi.get("services")).extracting(s -> s.get("service").asString()).containsExactly("api");
        assertThat(onlyApi.get("system").get("changeFailureRate").get("deployments").asInt()).isEqualTo(3);

        JsonNode everywhere = json(slipway("dora", "--format", "json"));
        assertThat(everywhere.get("environment").isNull()).isTrue();
        assertThat(everywhere.get("system").get("changeFailureRate").toString())
                .isEqualTo("{\"deployments\":5,\"failures\":2,\"rate\":0.4}");
        assertThat(everywhere.get("system").get("timeToRestore").toString()).as("nothing restored staging")
                .isEqualTo("{\"failures\":2,\"restored\":1,\"open\":1,\"medianSeconds\":1800}");

        JsonNode lastWeek = json(slipway("dora", "--env", "production", "--since", "1w", "--format", "json"));
        assertThat(lastWeek.get("system").get("changeFailureRate").get("deployments").asInt()).isEqualTo(2);
        assertThat(lastWeek.get("system").get("deploymentFrequency").get("count").asInt()).isEqualTo(1);
    }

    @Test
    void aBadSinceIsBadUsageWithItsMessage() {
        Cli months = slipway("dora", "--since", "1m");
        assertThat(months.exitCode()).isEqualTo(2);
        assertThat(months.err()).contains("--since", "\"1m\" is not a length of time", "for months, use 30d or 4w");
        Cli empty = slipway("dora", "--since", "0d");
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.err()).contains("\"0d\" is an empty window");
    }

    @Test
    void aBadCommitIsRefusedBeforeTheReleaseStarts() {
        Cli sha = deploy(List.of("catalog=1.0.0"), "--commit", "not-a-sha");
        assertThat(sha.exitCode()).isEqualTo(1);
        assertThat(sha.err()).contains("--commit 'not-a-sha' is not a commit SHA", "hint:");
        Cli time = deploy(List.of("catalog=1.0.0"), "--commit-time", "yesterday");
        assertThat(time.exitCode()).isEqualTo(1);
        assertThat(time.err()).contains("--commit-time 'yesterday' is not an ISO-8601 time", "2025-03-01T12:00:00Z");
        try (Store store = Store.h2(tmp.resolve("data"))) {
            assertThat(store.releases().list()).as("nothing recorded").isEmpty();
        }
    }

    @Test
    void aCommitGivenWithoutItsTimeIsTimedFromTheRepositoryThatHoldsTheSpec() throws Exception {
        Path repository = tmp.resolve("shop");
        Files.createDirectories(repository);
        Path spec = Files.writeString(repository.resolve("slipway.yaml"),
                Files.readString(Path.of(ReleaseCommandsTest.shop())));
        Instant committed = Instant.parse("2026-11-20T09:30:00Z");
        String sha;
        try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.init().setDirectory(repository.toFile())
                .setInitialBranch("main").call()) {
            git.add().addFilepattern("slipway.yaml").call();
            org.eclipse.jgit.lib.PersonIdent author = new org.eclipse.jgit.lib.PersonIdent("CI", "ci@example.com",
                    committed, java.time.ZoneOffset.ofHours(2));
            sha = git.commit().setMessage("shop").setAuthor(author).setCommitter(author).setSign(false).call()
                    .getName();
        }
        Cli known = Cli.run("deploy", "--data-dir", tmp.resolve("data").toString(), "-f", spec.toString(),
                "--env", "production", "--set", "postgres=16.4.0", "--commit", sha);
        assertThat(known.exitCode()).as(known.out() + known.err()).isZero();
        assertThat(known.err()).doesNotContain("warning");
        Cli unknown = Cli.run("deploy", "--data-dir", tmp.resolve("data").toString(), "-f", spec.toString(),
                "--env", "production", "--set", "redis=7.2.5", "--commit", SHA);
        assertThat(unknown.exitCode()).as(unknown.out() + unknown.err()).isZero();
        assertThat(unknown.err()).contains("warning: commit " + SHA + " is not in a Git repository around",
                "--commit-time");
        try (Store store = Store.h2(tmp.resolve("data"))) {
            var rows = store.deployments().list("production", Instant.EPOCH, Instant.now().plusSeconds(60));
            assertThat(rows).extracting(d -> d.service() + " " + d.commit().orElse("-") + " "
                            + d.committed().map(Instant::toString).orElse("-"))
                    .containsExactly("postgres " + sha + " " + committed, "redis " + SHA + " -");
        }
    }

    @Test
    void aDatabaseThatCannotBeOpenedRefusesTheReleaseBeforeAnythingChanges() throws IOException {
        // a directory where the database file goes: H2 cannot open it
        Files.createDirectories(tmp.resolve("data/slipway.mv.db"));
        Cli install = deploy(List.of("postgres=16.4.0"));
        assertThat(install.exitCode()).isEqualTo(1);
        assertThat(install.err()).contains("cannot open the database in " + tmp.resolve("data"), "hint:")
                .doesNotContain("Exception");
        assertThat(tmp.resolve("data/sandbox.json")).as("the sandbox was not touched").doesNotExist();
    }
}
