package dev.slipway.generate.ci;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code .slipway/ci.sh} run for real with {@code sh} (dash here, as on Debian runners; BusyBox on Alpine images):
 * what needs no server. Its conversations with a live {@code slipway serve} are tested in slipway-cli
 * ({@code GeneratedPipelineScriptsTest}).
 */
class CiScriptTest {

    @TempDir
    Path repo;

    record Run(int exitCode, String stdout, String stderr) {
    }

    private Run run(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        Path script = repo.resolve(CiScript.PATH);
        Files.createDirectories(script.getParent());
        Files.writeString(script, CiScript.file().content());
        List<String> command = new ArrayList<>(List.of("sh", CiScript.PATH));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(repo.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("SLIPWAY_"));
        builder.environment().putAll(environment);
        Path out = Files.createTempFile("ci-out", ".txt");
        Path err = Files.createTempFile("ci-err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private String git(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=t", "-c", "user.email=t@example.com"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        return output.strip();
    }

    private String commit(String path, String text) throws IOException, InterruptedException {
        Path file = repo.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        git("add", path);
        git("commit", "-q", "-m", "change " + path);
        return git("rev-parse", "HEAD");
    }

    @Test
    void aServiceIsBuiltWhenAPathItWatchesChangedSinceTheBaseAndOnlyThen() throws Exception {
        git("init", "-q", "-b", "main");
        String base = commit("web/index.js", "1");
        commit("api/main.go", "package main");
        String head = commit("libs/ui/button.js", "export {}");
        Map<String, String> env = Map.of("SLIPWAY_CHANGE_BASE", base, "SLIPWAY_COMMIT", head);

        Run api = run(env, "changed", "dev", "api", "api/**", "docker/api/Dockerfile");
        assertThat(api.exitCode()).as(api.stderr()).isZero();
        assertThat(api.stdout()).isEqualTo("true\n");

        Run web = run(env, "changed", "dev", "web", "web/**", "docker/web/Dockerfile");
        assertThat(web.stdout()).isEqualTo("false\n");
        assertThat(web.stderr()).contains("web: nothing it watches changed since " + base);

        // a shared library it watches, at any depth (git's ** glob)
        Run watching = run(env, "changed", "dev", "web", "web/**", "libs/ui/**");
        assertThat(watching.stdout()).isEqualTo("true\n");
        // `*` of a pathspec glob does not cross a directory: a root file pattern matches root files only
        Run rootOnly = run(env, "changed", "dev", "web", "*.js");
        assertThat(rootOnly.stdout()).isEqualTo("false\n");
    }

    @Test
    void aBaseThatIsNotInTheCloneBuildsTheServiceAndSaysWhy() throws Exception {
        git("init", "-q", "-b", "main");
        String head = commit("api/main.go", "package main");
        Run run = run(Map.of("SLIPWAY_CHANGE_BASE", "0123456789abcdef0123456789abcdef01234567", "SLIPWAY_COMMIT", head),
                "changed", "dev", "api", "api/**");
        assertThat(run.stdout()).isEqualTo("true\n");
        assertThat(run.stderr()).contains("is not in this clone (fetch the whole history): it is built");
    }

    @Test
    void withoutTheSecretsTheScriptSaysWhichOneIsMissing() throws Exception {
        git("init", "-q", "-b", "main");
        Run noUrl = run(Map.of(), "wait", "r-dev-1");
        assertThat(noUrl.exitCode()).isEqualTo(1);
        assertThat(noUrl.stderr()).contains("SLIPWAY_URL is not set");
        Run noToken = run(Map.of("SLIPWAY_URL", "http://127.0.0.1:9"), "promote", "staging");
        assertThat(noToken.exitCode()).isEqualTo(1);
        assertThat(noToken.stderr()).contains("SLIPWAY_TOKEN is not set", "slipway token create --role deployer");
    }

    @Test
    void wrongUsagePrintsTheCommandsAndExitsTwo() throws Exception {
        Run run = run(Map.of(), "deploy");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("usage: sh .slipway/ci.sh record-build SERVICE VERSION IMAGE DIGEST",
                "usage: sh .slipway/ci.sh promote ENV [SERVICE]...");
        assertThat(run(Map.of(), "record-build", "web").exitCode()).isEqualTo(2);
    }

    @Test
    void aDecisionNeedsThePersonsOwnTokenAndTheApprovalModeIsOneOfThree() throws Exception {
        Map<String, String> ci = Map.of("SLIPWAY_URL", "http://127.0.0.1:9", "SLIPWAY_TOKEN", "slw_x");
        Run noApprover = run(ci, "approve", "r-production-1", "looks good");
        assertThat(noApprover.exitCode()).isEqualTo(1);
        assertThat(noApprover.stderr()).contains("approve: SLIPWAY_APPROVER_TOKEN is not set: the deciding person's own"
                + " token (slipway token create --name NAME --role deployer --grant approve:ENV)");
        assertThat(run(ci, "reject").exitCode()).isEqualTo(2);
        assertThat(run(ci, "approve", "r-1", "a", "b").exitCode()).isEqualTo(2);
        assertThat(run(ci, "cancel").exitCode()).isEqualTo(2);
        assertThat(run(Map.of(), "nope").stderr()).contains("usage: sh .slipway/ci.sh approve RELEASE [COMMENT]",
                "usage: sh .slipway/ci.sh reject RELEASE [COMMENT]", "usage: sh .slipway/ci.sh cancel RELEASE");

        Map<String, String> bogus = new java.util.HashMap<>(ci);
        bogus.put("SLIPWAY_ON_APPROVAL", "ask");
        Run mode = run(bogus, "promote", "production");
        assertThat(mode.exitCode()).isEqualTo(1);
        assertThat(mode.stderr()).contains("SLIPWAY_ON_APPROVAL is 'ask': wait, end or print-id");
        // print-id keeps stdout for the release's id alone: whatever else is said goes to stderr
        bogus.put("SLIPWAY_ON_APPROVAL", "print-id");
        Run printId = run(bogus, "release", "dev");
        assertThat(printId.exitCode()).isZero();
        assertThat(printId.stdout()).isEmpty();
        assertThat(printId.stderr()).contains("no service was built for dev: nothing to release");
    }

    @Test
    void anUnreachableServerIsAClearFailure() throws Exception {
        Run run = run(Map.of("SLIPWAY_URL", "http://127.0.0.1:9", "SLIPWAY_TOKEN", "slw_x"), "wait", "r-dev-1");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("GET /api/v1/releases/r-dev-1: http://127.0.0.1:9 did not answer");
    }

    @Test
    void theScriptIsShellcheckCleanAsPosixSh() throws Exception {
        Path script = repo.resolve("ci.sh");
        Files.writeString(script, CiScript.file().content());
        Process process;
        try {
            process = new ProcessBuilder("shellcheck", "--shell=sh", "--severity=style", script.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("shellcheck is not installed: apt-get install -y shellcheck (./scripts/test.sh installs it)", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        assertThat(CiScript.file().content()).startsWith("#!/bin/sh\n# Generated by Slipway")
                .doesNotContain("jq ", "bash", "slipway deploy");
    }
}
