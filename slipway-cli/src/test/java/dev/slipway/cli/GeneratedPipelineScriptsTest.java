package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.ci.GithubActions;
import dev.slipway.generate.ci.Jenkinsfile;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.load.SpecLoader;
import dev.slipway.run.World;
import dev.slipway.sandbox.Faults;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The generated GitHub Actions workflow's own steps, taken out of the generated file and run with {@code bash} the
 * way a runner runs them (with their {@code env:}, {@code GITHUB_OUTPUT}, {@code .slipway/ci.sh} in a real git
 * checkout), against a live {@code slipway serve} on the sandbox: change detection asks Slipway's deployment history;
 * the builds are recorded; a healthy build is released to dev and the job ends green; the promotion to staging, with
 * no build step, brings staging exactly dev's digests; production's promotion waits for an approver and, as
 * configured, ends the job with a link; the generated Jenkinsfile's production stages then cancel it, start the
 * promotion again and hand back its id, and send the approvers' decisions with their own tokens: one the environment
 * does not name is refused, bob approves and the release completes; a change whose canary fails ends red with the
 * root cause in the log, and only the changed service was built.
 */
class GeneratedPipelineScriptsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SPEC = """
            system:
              name: road
              registry: registry.example.com/road
            ci:
              providers: [github, jenkins]
              mainBranch: main
            environments:
              - name: dev
                trigger: push
              - name: staging
                trigger: release-branch
                promoteFrom: dev
              - name: production
                trigger: tag
                promoteFrom: staging
                approval: true
                approvers:
                  names: [bob]
            services:
              web:
                path: web
                language: go
                port: 8080
                dependsOn:
                  api: "^2.1"
                strategy:
                  type: canary
                  steps: [20, 50, 100]
                  stepInterval: 1m
              api:
                path: api
                language: go
                port: 8081
            """;

    @TempDir
    Path tmp;

    /** What one run of a step printed, and how it ended. */
    record StepRun(int exitCode, String log, Map<String, String> outputs) {
    }

    @Test
    @SuppressWarnings("unchecked")
    void theGeneratedJobsBuildOnlyWhatChangedReleaseItAndEndRedWithTheRootCauseWhenItsCanaryFails() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        SystemSpec spec = SpecLoader.load(SPEC, "slipway.yaml").orThrow();
        Map<String, Object> workflow = checkout(repo, spec);
        git(repo, "tag", "v2.1.0");
        String healthy = git(repo, "rev-parse", "HEAD");
        String faulty = commit(repo, "web/main.go", "package main // a faulty change\n");
        String faultyVersion = "2.1.0+" + faulty.substring(0, 12);

        Path data = tmp.resolve("data");
        Path specFile = Files.writeString(tmp.resolve("slipway.yaml"), SPEC);
        try (dev.slipway.store.Store store = dev.slipway.store.Store.h2(data);
             World world = World.open(store, data, spec, 0)) {
            world.inject(Faults.load("- {service: web, version: '" + faultyVersion
                    + "', errorRate: 0.4, latencyFactor: 1.0, crashLoop: false}\n", "faults.yaml").faults().orElseThrow());
            world.save();
        }
        String token = deployerToken(data);
        // people, not CI: both granted approve:production; production names only bob (approvers.names)
        String bob = token(data, "bob", "approve:production");
        String mallory = token(data, "mallory", "approve:production");
        ServerProcess server = ServerProcess.start(ServerProcess.freePort(), token, tmp.resolve("logs"), Map.of(),
                List.of("--config", specFile.toString(), "--data-dir", data.toString(), "--speed", "120"));
        try {
            // push of the tagged commit: nothing was ever deployed, so every service is built and released
            git(repo, "checkout", "-q", healthy);
            Map<String, String> github = new LinkedHashMap<>(Map.of("secrets.SLIPWAY_URL", server.uri("").toString(),
                    "secrets.SLIPWAY_TOKEN", token, "github.sha", healthy, "github.event.pull_request.base.sha", ""));
            StepRun changes = runStep(repo, workflow, "changes", "Changed services", github, Map.of());
            assertThat(changes.exitCode()).as(changes.log()).isZero();
            assertThat(changes.outputs()).containsEntry("web", "true").containsEntry("api", "true")
                    .containsEntry("version", "2.1.0+" + healthy.substring(0, 12));
            assertThat(changes.log()).contains("web has no successful deployment to dev with a commit: it is built");

            Map<String, String> built = withBuilds(github, changes, "web", "api");
            for (String service : List.of("web", "api")) {
                StepRun record = record(repo, workflow, service, built);
                assertThat(record.exitCode()).as(record.log()).isZero();
                assertThat(record.log()).contains("recorded " + service + " " + changes.outputs().get("version")
                        + " = registry.example.com/road/" + service + "@sha256:");
            }
            // a re-run records nothing new; the same version with another digest is refused
            assertThat(record(repo, workflow, "web", built).log()).contains("was already recorded");
            Map<String, String> repushed = new LinkedHashMap<>(built);
            repushed.put("needs.image-web.outputs.digest", digest("web", "a re-push"));
            StepRun conflict = record(repo, workflow, "web", repushed);
            assertThat(conflict.exitCode()).isEqualTo(1);
            assertThat(conflict.log()).contains("is recorded with another digest");

            StepRun release = runStep(repo, workflow, "deploy-dev", "Release to dev", built, Map.of());
            assertThat(release.exitCode()).as(release.log()).isZero();
            assertThat(release.log()).contains("release of web=2.1.0+", "to dev started: r-dev-", "succeeded");
            String version = changes.outputs().get("version");
            assertThat(server.runningIn("dev")).containsEntry("web", version).containsEntry("api", version);
            JsonNode inventory = JSON.readTree(server.get("/api/v1/environments/dev/inventory").body());
            for (JsonNode service : inventory.get("services")) {
                assertThat(service.get("digest").asString()).isEqualTo(digest(service.get("name").asString(), healthy));
            }

            // a release branch: the promotion job has no build on its road and brings staging exactly dev's digests
            assertThat(((Map<String, Object>) ((Map<String, Object>) workflow.get("jobs")).get("deploy-staging")))
                    .doesNotContainKey("needs");
            StepRun promotion = runStep(repo, workflow, "deploy-staging", "Promote to staging", built, Map.of());
            assertThat(promotion.exitCode()).as(promotion.log()).isZero();
            assertThat(promotion.log()).contains("promotion to staging started: r-staging-", "succeeded");
            assertThat(digests(server, "staging")).isEqualTo(digests(server, "dev")).hasSize(2);
            assertThat(server.runningIn("staging")).isEqualTo(server.runningIn("dev"));
            // run again, the promotion has nothing to do: green, and it says so
            StepRun again = runStep(repo, workflow, "deploy-staging", "Promote to staging", built, Map.of());
            assertThat(again.exitCode()).as(again.log()).isZero();
            assertThat(again.log()).contains("promotion to staging: nothing to promote, staging already runs what runs in dev");

            // a v* tag: production's promotion waits for an approver; with SLIPWAY_ON_APPROVAL=end the job ends
            // at once (exit 3) with a link, and the release goes on waiting in Slipway
            Map<String, String> ending = new LinkedHashMap<>(built);
            ending.put("vars.SLIPWAY_ON_APPROVAL", "end");
            StepRun waiting = runStep(repo, workflow, "deploy-production", "Promote to production", ending, Map.of());
            assertThat(waiting.exitCode()).as(waiting.log()).isEqualTo(3);
            assertThat(waiting.log()).containsPattern("r-production-\\d+ is awaiting-approval: it waits for a person")
                    .contains(server.uri("/#/releases/r-production-").toString(), "the job ends here (SLIPWAY_ON_APPROVAL=end)");
            String production = waiting.log().replaceAll("(?s).*promotion to production started: (r-production-\\d+).*", "$1");
            assertThat(JSON.readTree(server.get("/api/v1/releases/" + production).body()).get("state").asString())
                    .isEqualTo("awaiting-approval");

            // the Jenkinsfile's production stages, their shell as generated: an unanswered input cancels the waiting
            // release with the deployer token, nothing having changed
            String jenkinsfile = new Jenkinsfile().generate(spec).getFirst().content();
            Map<String, String> jenkins = new LinkedHashMap<>(Map.of("SLIPWAY_URL", server.uri("").toString(),
                    "SLIPWAY_TOKEN", token, "SLIPWAY_COMMIT", healthy, "SLIPWAY_RELEASE_PRODUCTION", production,
                    "BUILD_URL", "https://jenkins.example.com/job/road/7/"));
            StepRun cancelled = runScript(repo, groovyShell(jenkinsfile, "production: rollout", "sh '''"), jenkins);
            assertThat(cancelled.exitCode()).as(cancelled.log()).isZero();
            assertThat(cancelled.log()).contains(production + " cancelled: nothing it would have changed has changed");
            assertThat(ended(server, production)).isEqualTo("rolled-back");

            // start: the promotion runs again and, awaiting approval, hands back its id alone on stdout
            Map<String, String> start = new LinkedHashMap<>(jenkins);
            start.remove("SLIPWAY_RELEASE_PRODUCTION");
            start.put("SLIPWAY_ON_APPROVAL", "print-id"); // the start stage's environment block sets it
            StepRun started = runScriptSeparately(repo, groovyShell(jenkinsfile, "production: start", "script: '''"), start);
            assertThat(started.exitCode()).as(started.log()).isZero();
            String awaiting = started.outputs().get("stdout").strip();
            assertThat(awaiting).matches("r-production-\\d+").isNotEqualTo(production);
            assertThat(started.log()).contains("promotion to production started: " + awaiting,
                    "the pipeline asks for the approval itself (SLIPWAY_ON_APPROVAL=print-id)");

            // rollout: each answer of the input is sent with the person's own token
            String decide = groovyShell(jenkinsfile, "production: rollout", "outcome = sh(returnStatus: true, script: '''");
            Map<String, String> answer = new LinkedHashMap<>(jenkins);
            answer.putAll(Map.of("SLIPWAY_RELEASE_PRODUCTION", awaiting, "SLIPWAY_DECISION", "approve",
                    "SLIPWAY_COMMENT", "", "SLIPWAY_APPROVER", "mallory", "SLIPWAY_APPROVER_TOKEN", mallory));
            StepRun refused = runScript(repo, decide, answer);
            assertThat(refused.exitCode()).as(refused.log()).isEqualTo(1);
            assertThat(refused.log()).contains("approve " + awaiting + ": mallory is not an approver of production: only"
                    + " bob may approve release " + awaiting, "when the environment lists approvers.names, a name among them")
                    .doesNotContain(mallory, bob, token);
            answer.putAll(Map.of("SLIPWAY_COMMENT", "staging looks good", "SLIPWAY_APPROVER", "bob",
                    "SLIPWAY_APPROVER_TOKEN", bob));
            StepRun approved = runScript(repo, decide, answer);
            assertThat(approved.exitCode()).as(approved.log()).isZero();
            assertThat(approved.log()).containsPattern(Pattern.quote(awaiting) + " approved by bob \\(tok_\\w+\\): staging"
                    + " looks good / answered in Jenkins by bob: https://jenkins.example.com/job/road/7/")
                    .contains(awaiting + " succeeded").doesNotContain(bob, mallory, token);
            assertThat(digests(server, "production")).isEqualTo(digests(server, "staging"));
            JsonNode decided = JSON.readTree(server.get("/api/v1/releases/" + awaiting).body());
            assertThat(decided.get("state").asString()).isEqualTo("succeeded");

            // the next push changed web only: api is not built again, web's canary fails and the job ends red
            git(repo, "checkout", "-q", faulty);
            github.put("github.sha", faulty);
            StepRun next = runStep(repo, workflow, "changes", "Changed services", github, Map.of());
            assertThat(next.exitCode()).as(next.log()).isZero();
            assertThat(next.outputs()).containsEntry("web", "true").containsEntry("api", "false")
                    .containsEntry("version", faultyVersion);
            assertThat(next.log()).contains("api: nothing it watches changed since " + healthy);

            Map<String, String> faultyBuild = withBuilds(github, next, "web");
            StepRun recorded = record(repo, workflow, "web", faultyBuild);
            assertThat(recorded.exitCode()).as(recorded.log()).isZero();
            StepRun red = runStep(repo, workflow, "deploy-dev", "Release to dev", faultyBuild, Map.of());
            assertThat(red.exitCode()).as(red.log()).isEqualTo(1);
            assertThat(red.log()).contains("release of web=" + faultyVersion)
                    .containsPattern("r-dev-\\d+ ended rolled-back\\. Root cause: web " + Pattern.quote(faultyVersion) + ": .+")
                    .contains("\"metric\":", "/api/v1/releases/r-dev-");
            assertThat(server.runningIn("dev")).as("the canary was rolled back").containsEntry("web", version);

            // Tekton's release task, as generated: versions alone (their digests come from the build records); what
            // runs already is no change, and the task ends green saying so
            String releaseTask = tektonScript("tekton/tasks/slipway-release.yaml", spec);
            Map<String, String> tekton = new LinkedHashMap<>(Map.of("SLIPWAY_URL", server.uri("").toString(),
                    "SLIPWAY_TOKEN", token, "ENVIRONMENT", "dev", "VERSIONS", "web=" + version + " api=" + version,
                    "SLIPWAY_COMMIT", healthy));
            StepRun unchanged = runScript(repo, releaseTask, tekton);
            assertThat(unchanged.exitCode()).as(unchanged.log()).isZero();
            assertThat(unchanged.log()).contains("release of web=" + version + " api=" + version
                    + " to dev: nothing changes, every service already runs there");
        } finally {
            server.close();
        }
    }

    /** The image job's record step of {@code service}, with the digest its push step read back. */
    private static StepRun record(Path repo, Map<String, Object> workflow, String service, Map<String, String> values)
            throws Exception {
        Map<String, String> step = new LinkedHashMap<>(values);
        step.put("needs.changes.outputs.version", values.get("needs.image-" + service + ".outputs.version"));
        step.put("steps.push.outputs.digest", values.get("needs.image-" + service + ".outputs.digest"));
        return runStep(repo, workflow, "image-" + service, "Record the build in Slipway", step, Map.of());
    }

    private static Map<String, String> digests(ServerProcess server, String environment) {
        Map<String, String> digests = new LinkedHashMap<>();
        for (JsonNode service : JSON.readTree(server.get("/api/v1/environments/" + environment + "/inventory").body())
                .get("services")) {
            digests.put(service.get("name").asString(), service.get("digest").asString());
        }
        return digests;
    }

    // -- the workflow, as a runner would run it -------------------------------------------------------------------

    /** Generates the workflow and .slipway/ci.sh into a fresh repository, committed, and parses the workflow. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> checkout(Path repo, SystemSpec spec) throws Exception {
        git(repo, "init", "-q", "-b", "main");
        List<GeneratedFile> files = new GithubActions().generate(spec);
        for (GeneratedFile file : files) {
            Path path = repo.resolve(file.path());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.content());
        }
        Files.createDirectories(repo.resolve("web"));
        Files.writeString(repo.resolve("web/main.go"), "package main\n");
        Files.createDirectories(repo.resolve("api"));
        Files.writeString(repo.resolve("api/main.go"), "package main\n");
        git(repo, "add", "-A");
        git(repo, "commit", "-q", "-m", "a road to production");
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(files.getFirst().content());
    }

    /**
     * The outputs the image jobs of {@code services} would give: the version change detection computed and the digest
     * the push read back (here the digest of a made-up manifest, one per service and commit). The record step needs
     * {@code POST /api/v1/builds}; the release names each version with its digest.
     */
    private static Map<String, String> withBuilds(Map<String, String> github, StepRun changes, String... services) {
        Map<String, String> values = new LinkedHashMap<>(github);
        values.put("vars.SLIPWAY_ON_APPROVAL", "");
        values.put("vars.SLIPWAY_WAIT_TIMEOUT", "");
        for (String service : List.of("web", "api")) {
            boolean built = List.of(services).contains(service);
            values.put("needs.image-" + service + ".outputs.version", built ? changes.outputs().get("version") : "");
            values.put("needs.image-" + service + ".outputs.digest", built ? digest(service, github.get("github.sha")) : "");
        }
        return values;
    }

    private static String digest(String service, String commit) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((service + "@" + commit).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs one step of one job of the generated workflow with {@code bash -e} (GitHub's shell for {@code run}), its
     * {@code env:} with every {@code ${{ expression }}} taken from {@code values}: an expression the test does not
     * know fails it, so a new one in the generator is noticed here.
     */
    @SuppressWarnings("unchecked")
    private static StepRun runStep(Path repo, Map<String, Object> workflow, String job, String step,
                                   Map<String, String> values, Map<String, String> extra) throws Exception {
        Map<String, Object> jobs = (Map<String, Object>) workflow.get("jobs");
        Map<String, Object> theJob = (Map<String, Object>) jobs.get(job);
        Map<String, Object> theStep = ((List<Map<String, Object>>) theJob.get("steps")).stream()
                .filter(s -> step.equals(s.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no step '" + step + "' in job " + job));
        Path output = Files.createTempFile("github-output", ".txt");
        Path script = Files.createTempFile("step", ".sh");
        Files.writeString(script, (String) theStep.get("run"));
        ProcessBuilder builder = new ProcessBuilder("bash", "--noprofile", "--norc", "-eo", "pipefail", script.toString())
                .directory(repo.toFile()).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(k -> k.startsWith("SLIPWAY_") || k.startsWith("GITHUB_"));
        environment.put("GITHUB_OUTPUT", output.toString());
        environment.put("GITHUB_SHA", values.get("github.sha"));
        for (Map<String, Object> env : List.of(
                (Map<String, Object>) theJob.getOrDefault("env", Map.of()),
                (Map<String, Object>) theStep.getOrDefault("env", Map.of()))) {
            env.forEach((name, value) -> environment.put(name, resolve(String.valueOf(value), values)));
        }
        environment.putAll(extra);
        Process process = builder.start();
        String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("%s / %s finished", job, step).isTrue();
        Map<String, String> outputs = new LinkedHashMap<>();
        for (String line : Files.readAllLines(output)) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                outputs.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return new StepRun(process.exitValue(), log, outputs);
    }

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{\\s*(.+?)\\s*}}");
    private static final Pattern DEFAULTED = Pattern.compile("(\\S+) \\|\\| '([^']*)'");

    /** {@code ${{ a.b }}} from values; {@code ${{ vars.X || 'd' }}} is the value, or d when it is empty. */
    private static String resolve(String text, Map<String, String> values) {
        Matcher matcher = EXPRESSION.matcher(text);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            String expression = matcher.group(1);
            Matcher defaulted = DEFAULTED.matcher(expression);
            String value;
            if (defaulted.matches()) {
                String given = values.get(defaulted.group(1));
                assertThat(given).as("a value for %s", defaulted.group(1)).isNotNull();
                value = given.isEmpty() ? defaulted.group(2) : given;
            } else {
                value = values.get(expression);
                assertThat(value).as("a value for ${{ %s }}", expression).isNotNull();
            }
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(resolved);
        return resolved.toString();
    }

    /** The script of the one step of a generated Tekton Task. */
    @SuppressWarnings("unchecked")
    private static String tektonScript(String path, SystemSpec spec) {
        String text = new dev.slipway.generate.ci.tekton.TektonPipeline().generate(spec).stream()
                .filter(f -> f.path().equals(path)).findFirst().orElseThrow().content();
        Map<String, Object> task = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(text);
        List<Map<String, Object>> steps = (List<Map<String, Object>>) ((Map<String, Object>) task.get("spec")).get("steps");
        assertThat(steps).hasSize(1);
        return (String) steps.getFirst().get("script");
    }

    /** Runs a step's script with {@code sh} in the checkout, with only the environment given (as a Task step has). */
    private static StepRun runScript(Path repo, String script, Map<String, String> environment) throws Exception {
        Path file = Files.createTempFile("task", ".sh");
        Files.writeString(file, script);
        ProcessBuilder builder = new ProcessBuilder("sh", file.toString()).directory(repo.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("SLIPWAY_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return new StepRun(process.exitValue(), log, Map.of());
    }

    // -- git and the token ----------------------------------------------------------------------------------------

    private static String git(Path repo, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=ci", "-c", "user.email=ci@example.com"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("git %s: %s", String.join(" ", args), output).isZero();
        return output.strip();
    }

    private static String commit(Path repo, String path, String text) throws IOException, InterruptedException {
        Files.writeString(repo.resolve(path), text);
        git(repo, "add", path);
        git(repo, "commit", "-q", "-m", "change " + path);
        return git(repo, "rev-parse", "HEAD");
    }

    /**
     * The shell of a {@code '''} string of the generated Jenkinsfile: the first after {@code marker} inside the stage
     * named {@code stage}, as the agent's shell receives it (Groovy's {@code \\\\} is one backslash).
     */
    private static String groovyShell(String jenkinsfile, String stage, String marker) {
        int at = jenkinsfile.indexOf("stage('" + stage + "')");
        assertThat(at).as("stage %s in the Jenkinsfile", stage).isNotNegative();
        int open = jenkinsfile.indexOf(marker, at);
        assertThat(open).as("%s in stage %s", marker, stage).isNotNegative();
        int from = jenkinsfile.indexOf('\n', open) + 1;
        int to = jenkinsfile.indexOf("'''", from);
        return jenkinsfile.substring(from, to).stripIndent().replace("\\\\", "\\");
    }

    /** Runs a script as {@link #runScript} does, its stdout apart from its stderr (in outputs, key "stdout"). */
    private static StepRun runScriptSeparately(Path repo, String script, Map<String, String> environment) throws Exception {
        Path file = Files.createTempFile("stage", ".sh");
        Files.writeString(file, script);
        Path out = Files.createTempFile("stage-out", ".txt");
        Path err = Files.createTempFile("stage-err", ".txt");
        ProcessBuilder builder = new ProcessBuilder("sh", file.toString()).directory(repo.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("SLIPWAY_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return new StepRun(process.exitValue(), Files.readString(err), Map.of("stdout", Files.readString(out)));
    }

    /** The state a release ends in (waiting for it a minute at most). */
    private static String ended(ServerProcess server, String release) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        String state = "";
        while (System.nanoTime() < deadline) {
            state = JSON.readTree(server.get("/api/v1/releases/" + release).body()).get("state").asString();
            if (!List.of("running", "paused", "awaiting-approval").contains(state)) {
                return state;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(release + " is still " + state);
    }

    /** A token of {@code name}, a deployer with {@code grants}. */
    private static String token(Path data, String name, String... grants) {
        List<String> args = new ArrayList<>(List.of("token", "create", "--name", name, "--role", "deployer"));
        for (String grant : grants) {
            args.addAll(List.of("--grant", grant));
        }
        args.addAll(List.of("--data-dir", data.toString()));
        StringWriter issued = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(Main.run(new PrintWriter(issued, true), new PrintWriter(err, true), args.toArray(String[]::new)))
                .as(err.toString()).isZero();
        return issued.toString().strip();
    }

    /** A deployer token granted the environments, as a team gives its CI (it may start releases, not approve them). */
    private static String deployerToken(Path data) {
        return token(data, "ci", "dev", "staging", "production");
    }
}
