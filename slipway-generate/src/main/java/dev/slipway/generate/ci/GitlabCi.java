package dev.slipway.generate.ci;

import static dev.slipway.generate.support.Yaml.map;

import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.Generator;
import dev.slipway.generate.Layout;
import dev.slipway.generate.SourceTree;
import dev.slipway.generate.ci.ReleasePipeline.BuildTrack;
import dev.slipway.generate.ci.ReleasePipeline.Deployment;
import dev.slipway.generate.ci.ReleasePipeline.Stage;
import dev.slipway.generate.support.Yaml;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.Trigger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code .gitlab-ci.yml}: per service lint → unit tests → image build → integration → scan → push as a
 * {@code needs} DAG that runs only when the service's paths changed, then one deploy job per environment.
 */
public final class GitlabCi implements Generator {

    static final String DOCKER_IMAGE = "docker:28";
    static final String DIND_SERVICE = "docker:28-dind";
    static final String CURL_IMAGE = "curlimages/curl:8.11.1";
    static final String TRIVY_IMAGE = "aquasec/trivy:0.70.0";
    /** Change detection needs git and curl: Alpine with both added. */
    static final String GIT_IMAGE = "alpine:3.22";

    @Override
    public String target() {
        return "gitlab";
    }

    @Override
    public String description() {
        return "GitLab CI pipeline for the monorepo";
    }

    @Override
    public List<GeneratedFile> generate(SystemSpec spec) {
        return generate(spec, SourceTree.none());
    }

    @Override
    public List<GeneratedFile> generate(SystemSpec spec, SourceTree sources) {
        ReleasePipeline pipeline = ReleasePipeline.of(spec, sources);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("workflow", map("rules", workflowRules(pipeline)));
        List<Object> stages = new ArrayList<>();
        Arrays.stream(Stage.values()).forEach(s -> stages.add(s.id()));
        document.put("stages", stages);
        // a newer pipeline of the same ref may cancel build jobs; deploy jobs opt out below
        document.put("default", map("interruptible", true));
        if (!pipeline.builds().isEmpty()) {
            document.put(Stage.CHANGES.id(), changesJob(pipeline));
        }
        for (BuildTrack build : pipeline.builds()) {
            document.putAll(buildJobs(pipeline, build));
        }
        for (Deployment deployment : pipeline.deployments()) {
            document.put(jobId(Stage.DEPLOY, deployment.name()), deployJob(pipeline, deployment));
            if (pipeline.builds().stream().anyMatch(BuildTrack::probed)) {
                document.put("smoke-" + deployment.name(), smokeJob(pipeline, deployment));
            }
        }
        String text = header(pipeline) + Yaml.write(document);
        for (Deployment deployment : pipeline.deployments()) {
            if (deployment.approval()) {
                text = YamlComments.before(text, jobId(Stage.DEPLOY, deployment.name()) + ":", List.of(
                        "Approval is Slipway's gate: the release waits in awaiting-approval until an approver approves it",
                        "(slipway approve, or the web UI). This job waits for it (SLIPWAY_ON_APPROVAL=end: it ends with a link)."), "");
            }
        }
        return List.of(new GeneratedFile(".gitlab-ci.yml", text), CiScript.file());
    }

    private static String header(ReleasePipeline pipeline) {
        List<String> lines = new ArrayList<>(List.of(
                "# " + Layout.HEADER_TEXT,
                "#",
                "# Main branch: each changed service is built once, scanned, pushed by digest and recorded in Slipway, then",
                "# released to the first environment; later environments are promotions of what runs healthy before them.",
                "# Jobs talk to Slipway with .slipway/ci.sh (curl). CI/CD variables: SLIPWAY_URL and SLIPWAY_TOKEN (masked: a",
                "# deployer token); optionally SLIPWAY_ON_APPROVAL (wait|end), SLIPWAY_WAIT_TIMEOUT (seconds),",
                "# SLIPWAY_<ENV>_<SERVICE>_URL (base URL probed by the smoke tests), SLIPWAY_<ENV>_HOST (the environment's",
                "# host name, linked from GitLab's environment page: GitLab's schema takes only a URL there)."));
        if (!RegistryLogin.isGitlabRegistry(pipeline.registryHost())) {
            lines.add("# Registry " + pipeline.registryHost() + ": masked variables REGISTRY_USER and REGISTRY_PASSWORD.");
        }
        return String.join("\n", lines) + "\n";
    }

    private static List<Object> workflowRules(ReleasePipeline pipeline) {
        List<Object> rules = new ArrayList<>();
        rules.add(map("if", "$CI_PIPELINE_SOURCE == \"merge_request_event\""));
        // a branch with an open merge request runs the merge request pipeline only, not a second one
        rules.add(map("if", "$CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS", "when", "never"));
        rules.add(map("if", "$CI_COMMIT_BRANCH == \"" + pipeline.mainBranch() + "\""));
        if (pipeline.uses(Trigger.RELEASE_BRANCH)) {
            rules.add(map("if", RELEASE_BRANCH));
        }
        rules.add(map("if", TAG));
        rules.add(map("if", "$CI_PIPELINE_SOURCE == \"web\""));
        return rules;
    }

    private static final String RELEASE_BRANCH = "$CI_COMMIT_BRANCH =~ /^release\\//";
    private static final String TAG = "$CI_COMMIT_TAG =~ /^v/";

    static String jobId(Stage stage, String name) {
        return stage.id() + "-" + name;
    }

    // -- per service ------------------------------------------------------------------------------------

    /**
     * Each service compares with its last successful deployment to the first environment, as Slipway's deployment
     * history records it (merge requests: with their base). The answers reach the build jobs as dotenv variables.
     */
    private static Map<String, Object> changesJob(ReleasePipeline pipeline) {
        List<Object> script = list(
                "apk add --no-cache curl git >/dev/null",
                "export SLIPWAY_CHANGE_BASE=\"${CI_MERGE_REQUEST_DIFF_BASE_SHA:-" + (pipeline.mainBranchDeployment().isPresent()
                        ? "" : "$CI_COMMIT_BEFORE_SHA") + "}\"",
                ": > changes.env",
                "version=\"$(" + CiScript.version() + ")\"",
                "echo \"SLIPWAY_VERSION=$version\" >> changes.env");
        for (BuildTrack build : pipeline.builds()) {
            script.add("changed=\"$(" + CiScript.changed(pipeline.changeEnvironment(), build) + ")\"");
            script.add("echo \"" + changedVariable(build) + "=$changed\" >> changes.env");
        }
        return map(
                "stage", Stage.CHANGES.id(),
                "image", GIT_IMAGE,
                "rules", buildRules(pipeline, false),
                // the whole history: the commit last deployed may be far back
                "variables", map("GIT_DEPTH", "0", "SLIPWAY_COMMIT", "$CI_COMMIT_SHA"),
                "script", script,
                "artifacts", map("reports", map("dotenv", "changes.env")));
    }

    static String changedVariable(BuildTrack build) {
        return "SLIPWAY_BUILD_" + build.variable();
    }

    /** Builds run on merge requests (which never publish) and on the main branch; every later road promotes. */
    private static List<Object> buildRules(ReleasePipeline pipeline, boolean publishes) {
        List<Object> rules = new ArrayList<>();
        if (!publishes) {
            rules.add(map("if", "$CI_PIPELINE_SOURCE == \"merge_request_event\""));
        }
        rules.add(map("if", "$CI_COMMIT_BRANCH == \"" + pipeline.mainBranch() + "\""));
        return rules;
    }

    /** The first command of every build job: a service that did not change ends its jobs at once, successfully. */
    private static String skipUnchanged(BuildTrack build) {
        return "if [ \"${" + changedVariable(build) + ":-}\" != true ]; then echo '" + build.name()
                + " did not change since its last successful deployment: nothing to do'; exit 0; fi";
    }

    private static Map<String, Object> changesNeed() {
        return map("job", Stage.CHANGES.id(), "artifacts", true);
    }

    private static Map<String, Object> buildJobs(ReleasePipeline pipeline, BuildTrack build) {
        Map<String, Object> jobs = new LinkedHashMap<>();
        String name = build.name();
        jobs.put(jobId(Stage.LINT, name), toolJob(pipeline, build, Stage.LINT, build.toolchain().lint(), List.of()));
        jobs.put(jobId(Stage.TEST, name), toolJob(pipeline, build, Stage.TEST, build.toolchain().test(), List.of(jobId(Stage.LINT, name))));
        jobs.put(jobId(Stage.BUILD, name), buildJob(pipeline, build));
        jobs.put(jobId(Stage.SCAN, name), scanJob(pipeline, build));
        jobs.put(jobId(Stage.RECORD, name), recordJob(pipeline, build));
        return jobs;
    }

    private static Map<String, Object> toolJob(ReleasePipeline pipeline, BuildTrack build, Stage stage, List<String> commands,
                                               List<String> needs) {
        Toolchain toolchain = build.toolchain();
        Toolchain.Cache cache = toolchain.cache();
        String cacheDir = build.path() + "/" + cache.dir();
        Object key = toolchain.lockFile()
                .<Object>map(lock -> map("files", list(build.path() + "/" + lock), "prefix", build.name()))
                .orElse(build.name() + "-" + toolchain.tool().keyword());
        List<Object> before = list(skipUnchanged(build), "cd " + build.path());
        before.addAll(toolchain.install());
        List<Object> allNeeds = list(changesNeed());
        allNeeds.addAll(needs);
        return map(
                "stage", stage.id(),
                "image", toolchain.ciImage(),
                "needs", allNeeds,
                "rules", buildRules(pipeline, false),
                // dependency caches live inside the checkout: GitLab caches nothing outside it
                "variables", map(cache.variable(), cache.valuePrefix() + "$CI_PROJECT_DIR/" + cacheDir),
                "cache", map("key", key, "paths", list(cacheDir),
                        // lint and tests of one service share the cache; only the test job writes it
                        "policy", stage == Stage.TEST ? "pull-push" : "pull"),
                "before_script", before,
                "script", new ArrayList<Object>(commands));
    }

    private static Map<String, Object> dockerJob(ReleasePipeline pipeline, BuildTrack build, Stage stage, List<Object> needs,
                                                 List<Object> script) {
        List<Object> allNeeds = list(changesNeed());
        allNeeds.addAll(needs);
        return map(
                "stage", stage.id(),
                "image", DOCKER_IMAGE,
                "services", list(DIND_SERVICE),
                "needs", allNeeds,
                // the build pushes the candidate: never from a merge request
                "rules", buildRules(pipeline, true),
                "variables", map("DOCKER_TLS_CERTDIR", "/certs", "IMAGE", build.image()),
                // an empty dotenv report when the service did not change, so the report is never missing
                "before_script", list(": > build.env", skipUnchanged(build),
                        login(pipeline, "docker login --username \"%s\" --password-stdin " + pipeline.registryHost())),
                "script", script);
    }

    private static String login(ReleasePipeline pipeline, String command) {
        boolean gitlab = RegistryLogin.isGitlabRegistry(pipeline.registryHost());
        return "printf '%s' \"" + (gitlab ? "$CI_REGISTRY_PASSWORD" : "$REGISTRY_PASSWORD") + "\" | "
                + String.format(Locale.ROOT, command, gitlab ? "$CI_REGISTRY_USER" : "$REGISTRY_USER");
    }

    /**
     * Jobs do not share a Docker daemon, so the build pushes the candidate under its commit SHA (immutable) and hands
     * its digest on; then it starts the candidate on the job's Docker service and probes its health path. The scan
     * judges that digest, and only then is the build recorded in Slipway: nothing releases a digest whose scan
     * did not pass.
     */
    private static Map<String, Object> buildJob(ReleasePipeline pipeline, BuildTrack build) {
        String digest = ShellSteps.digestVariable(build);
        List<Object> script = list(
                "docker buildx create --use --driver docker-container",
                "docker buildx build --file " + build.dockerfile() + " --tag \"$IMAGE:$CI_COMMIT_SHA\""
                        + " --cache-from \"type=registry,ref=$IMAGE:buildcache\""
                        + " --cache-to \"type=registry,ref=$IMAGE:buildcache,mode=max\" --push " + build.context(),
                "echo \"" + digest + "=$(docker buildx imagetools inspect \"$IMAGE:$CI_COMMIT_SHA\" --format '{{.Manifest.Digest}}')\" >> build.env",
                // the version a build is recorded and released as (change detection computed it)
                "echo \"" + ShellSteps.versionVariable(build) + "=$SLIPWAY_VERSION\" >> build.env");
        if (build.probed()) {
            int port = build.service().port().orElseThrow();
            // the candidate runs on the job's Docker service (host `docker`): it starts and answers its health path
            script.add("docker run --detach --name slipway-it --publish " + port + " \"$IMAGE:$CI_COMMIT_SHA\"\n"
                    + "port=\"$(docker port slipway-it " + port + "/tcp | head -n 1 | sed 's/.*://')\"\n"
                    + "attempt=0\n"
                    + "until wget -q -O /dev/null \"http://docker:${port}" + build.service().healthPath() + "\"; do\n"
                    + "  attempt=$((attempt + 1))\n"
                    + "  if [ \"$attempt\" -ge 30 ]; then docker logs slipway-it; exit 1; fi\n"
                    + "  sleep 2\n"
                    + "done\n");
        }
        Map<String, Object> job = dockerJob(pipeline, build, Stage.BUILD, list(jobId(Stage.TEST, build.name())), script);
        job.put("artifacts", map("reports", map("dotenv", "build.env")));
        return job;
    }

    private static Map<String, Object> scanJob(ReleasePipeline pipeline, BuildTrack build) {
        boolean gitlab = RegistryLogin.isGitlabRegistry(pipeline.registryHost());
        List<Object> needs = list(changesNeed(), map("job", jobId(Stage.BUILD, build.name()), "artifacts", true));
        String candidate = "\"$IMAGE@$" + ShellSteps.digestVariable(build) + "\"";
        return map(
                "stage", Stage.SCAN.id(),
                "image", map("name", TRIVY_IMAGE, "entrypoint", list("")),
                "needs", needs,
                "rules", buildRules(pipeline, true),
                "variables", map(
                        "IMAGE", build.image(),
                        "TRIVY_USERNAME", gitlab ? "$CI_REGISTRY_USER" : "$REGISTRY_USER",
                        "TRIVY_PASSWORD", gitlab ? "$CI_REGISTRY_PASSWORD" : "$REGISTRY_PASSWORD",
                        "TRIVY_NO_PROGRESS", "true",
                        "TRIVY_CACHE_DIR", ".trivycache/"),
                "cache", map("key", "trivy", "paths", list(".trivycache/")),
                "script", list(skipUnchanged(build),
                        // the full report for GitLab's vulnerability view, then the gate on the configured severities
                        "trivy image --exit-code 0 --format template --template @/contrib/gitlab.tpl"
                                + " --output gl-container-scanning-report.json " + candidate,
                        "trivy image --exit-code 1 --severity " + pipeline.failOn() + " " + candidate),
                "artifacts", map("when", "always", "reports", map("container_scanning", "gl-container-scanning-report.json")));
    }

    /** The scanned digest, recorded in Slipway under the commit it was built from. */
    private static Map<String, Object> recordJob(ReleasePipeline pipeline, BuildTrack build) {
        return map(
                "stage", Stage.RECORD.id(),
                "image", map("name", CURL_IMAGE, "entrypoint", list("")),
                "needs", list(changesNeed(), map("job", jobId(Stage.BUILD, build.name()), "artifacts", true),
                        map("job", jobId(Stage.SCAN, build.name()), "artifacts", false)),
                "rules", buildRules(pipeline, true),
                "variables", map("IMAGE", build.image(), "SLIPWAY_COMMIT", "$CI_COMMIT_SHA"),
                "script", list(skipUnchanged(build),
                        CiScript.recordBuild(build, ShellSteps.versionVariable(build), "IMAGE", ShellSteps.digestVariable(build))));
    }

    // -- deployments ------------------------------------------------------------------------------------

    private static Map<String, Object> deployRule(ReleasePipeline pipeline, Deployment deployment) {
        Map<String, Object> rule = switch (deployment.trigger()) {
            case PUSH -> map("if", "$CI_COMMIT_BRANCH == \"" + pipeline.mainBranch() + "\"");
            case RELEASE_BRANCH -> map("if", RELEASE_BRANCH);
            case TAG -> map("if", TAG);
            // offered on every pipeline that is not a merge request; optional, so it never blocks
            case MANUAL -> map("if", "$CI_PIPELINE_SOURCE != \"merge_request_event\"", "when", "manual", "allow_failure", true);
        };
        // approval is Slipway's gate (the release waits in awaiting-approval), not a manual job
        return rule;
    }

    /**
     * The build and record jobs whose digests a release reads; optional because only the main branch builds, and a
     * service that did not change leaves its digest empty.
     */
    private static List<Object> buildNeeds(ReleasePipeline pipeline) {
        List<Object> needs = new ArrayList<>();
        if (!pipeline.builds().isEmpty()) {
            // a change detection that failed (Slipway unreachable, say) must stop the release, not empty it
            needs.add(map("job", Stage.CHANGES.id(), "artifacts", false, "optional", true));
        }
        for (BuildTrack build : pipeline.builds()) {
            needs.add(map("job", jobId(Stage.BUILD, build.name()), "artifacts", true, "optional", true));
            needs.add(map("job", jobId(Stage.RECORD, build.name()), "artifacts", false, "optional", true));
        }
        return needs;
    }

    /**
     * An environment without {@code promoteFrom} receives the services this pipeline built; one with it is a
     * promotion of what runs healthy in its source, with no build on its road. The job waits for the outcome.
     */
    private static Map<String, Object> deployJob(ReleasePipeline pipeline, Deployment deployment) {
        List<Object> needs = deployment.promotion() ? new ArrayList<>() : buildNeeds(pipeline);
        deployment.sameRunSource().ifPresent(source -> needs.add(map("job", jobId(Stage.DEPLOY, source.name()), "artifacts", false)));
        return map(
                "stage", Stage.DEPLOY.id(),
                "image", map("name", CURL_IMAGE, "entrypoint", list("")),
                "needs", needs,
                "rules", list(deployRule(pipeline, deployment)),
                "environment", map("name", deployment.name(), "url", "https://$" + deployment.hostVariable(),
                        "deployment_tier", tier(deployment.name())),
                // one deployment per environment at a time, in order; never cancelled half-way
                "resource_group", deployment.name(),
                "interruptible", false,
                // SLIPWAY_URL, SLIPWAY_TOKEN (and SLIPWAY_ON_APPROVAL, SLIPWAY_WAIT_TIMEOUT) are CI/CD variables
                "variables", map("SLIPWAY_COMMIT", "$CI_COMMIT_SHA", "SLIPWAY_COMMIT_TIME", "$CI_COMMIT_TIMESTAMP"),
                "script", list(deployment.promotion() ? CiScript.promote(deployment) : CiScript.release(deployment, pipeline.builds())));
    }

    private static Map<String, Object> smokeJob(ReleasePipeline pipeline, Deployment deployment) {
        List<Object> needs = deployment.promotion() ? new ArrayList<>() : buildNeeds(pipeline);
        needs.add(map("job", jobId(Stage.DEPLOY, deployment.name()), "artifacts", false));
        List<Object> script = new ArrayList<>();
        for (BuildTrack build : pipeline.builds()) {
            if (build.probed()) {
                // a release probes what this pipeline built; a promotion may have moved any service
                script.add(deployment.promotion() ? ShellSteps.smokeTest(deployment, build)
                        : "if [ -n \"${" + ShellSteps.digestVariable(build) + ":-}\" ]; then\n"
                        + ShellSteps.smokeTest(deployment, build).indent(2) + "fi\n");
            }
        }
        Map<String, Object> rule = deployRule(pipeline, deployment);
        rule.remove("when");
        rule.remove("allow_failure");
        return map(
                "stage", Stage.DEPLOY.id(),
                "image", map("name", CURL_IMAGE, "entrypoint", list("")),
                "needs", needs,
                "rules", list(rule),
                "interruptible", false,
                "script", script);
    }

    private static String tier(String environment) {
        String name = environment.toLowerCase(Locale.ROOT);
        if (name.startsWith("prod")) {
            return "production";
        }
        if (name.startsWith("stag")) {
            return "staging";
        }
        if (name.startsWith("test") || name.startsWith("qa")) {
            return "testing";
        }
        if (name.startsWith("dev")) {
            return "development";
        }
        return "other";
    }

    private static List<Object> list(Object... items) {
        return new ArrayList<>(List.of(items));
    }
}
