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
                        "Approval: a manual job that blocks the pipeline until someone runs it. Protect the environment",
                        "'" + deployment.name() + "' (Settings > CI/CD > Protected environments) so only approvers can."), "");
            }
        }
        return List.of(new GeneratedFile(".gitlab-ci.yml", text));
    }

    private static String header(ReleasePipeline pipeline) {
        List<String> lines = new ArrayList<>(List.of(
                "# " + Layout.HEADER_TEXT,
                "#",
                "# Needs CI/CD variables: SLIPWAY_IMAGE (an image with the slipway CLI, for the deploy jobs);",
                "# SLIPWAY_<ENV>_<SERVICE>_URL (base URL probed by the smoke tests), SLIPWAY_<ENV>_HOST (the environment's",
                "# host name, linked from GitLab's environment page: GitLab's schema takes only a URL there);",
                "# a File variable KUBECONFIG scoped to each environment that has a kube context."));
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
     * Release branches, tags and manual pipelines build every service (a release candidate holds the whole
     * system); otherwise a service builds only when its paths changed.
     */
    private static List<Object> serviceRules(BuildTrack build, boolean publishes) {
        List<Object> rules = new ArrayList<>();
        if (publishes) {
            // merge requests build and scan, but never move a tag in the registry
            rules.add(map("if", "$CI_PIPELINE_SOURCE == \"merge_request_event\"", "when", "never"));
        }
        rules.add(map("if", "$CI_COMMIT_TAG || " + RELEASE_BRANCH + " || $CI_PIPELINE_SOURCE == \"web\""));
        List<Object> paths = new ArrayList<>();
        build.watchedPaths().forEach(p -> paths.add(p.endsWith("/**") ? p + "/*" : p));
        rules.add(map("changes", map("paths", paths)));
        return rules;
    }

    private static Map<String, Object> buildJobs(ReleasePipeline pipeline, BuildTrack build) {
        Map<String, Object> jobs = new LinkedHashMap<>();
        String name = build.name();
        jobs.put(jobId(Stage.LINT, name), toolJob(build, Stage.LINT, build.toolchain().lint(), List.of()));
        jobs.put(jobId(Stage.TEST, name), toolJob(build, Stage.TEST, build.toolchain().test(), List.of(jobId(Stage.LINT, name))));
        jobs.put(jobId(Stage.BUILD, name), buildJob(pipeline, build));
        if (build.probed()) {
            jobs.put(jobId(Stage.INTEGRATION, name), integrationJob(build));
        }
        jobs.put(jobId(Stage.SCAN, name), scanJob(pipeline, build));
        jobs.put(jobId(Stage.PUSH, name), pushJob(pipeline, build));
        return jobs;
    }

    private static Map<String, Object> toolJob(BuildTrack build, Stage stage, List<String> commands, List<String> needs) {
        Toolchain toolchain = build.toolchain();
        Toolchain.Cache cache = toolchain.cache();
        String cacheDir = build.path() + "/" + cache.dir();
        Object key = toolchain.lockFile()
                .<Object>map(lock -> map("files", list(build.path() + "/" + lock), "prefix", build.name()))
                .orElse(build.name() + "-" + toolchain.tool().keyword());
        List<Object> before = list("cd " + build.path());
        before.addAll(toolchain.install());
        return map(
                "stage", stage.id(),
                "image", toolchain.ciImage(),
                "needs", new ArrayList<Object>(needs),
                "rules", serviceRules(build, false),
                // dependency caches live inside the checkout: GitLab caches nothing outside it
                "variables", map(cache.variable(), cache.valuePrefix() + "$CI_PROJECT_DIR/" + cacheDir),
                "cache", map("key", key, "paths", list(cacheDir),
                        // lint and tests of one service share the cache; only the test job writes it
                        "policy", stage == Stage.TEST ? "pull-push" : "pull"),
                "before_script", before,
                "script", new ArrayList<Object>(commands));
    }

    private static Map<String, Object> dockerJob(ReleasePipeline pipeline, BuildTrack build, Stage stage, List<Object> needs,
                                                 List<Object> script, boolean publishes) {
        return map(
                "stage", stage.id(),
                "image", DOCKER_IMAGE,
                "services", list(DIND_SERVICE),
                "needs", needs,
                "rules", serviceRules(build, publishes),
                "variables", map("DOCKER_TLS_CERTDIR", "/certs", "IMAGE", build.image()),
                "before_script", list(login(pipeline, "docker login --username \"%s\" --password-stdin " + pipeline.registryHost())),
                "script", script);
    }

    private static String login(ReleasePipeline pipeline, String command) {
        boolean gitlab = RegistryLogin.isGitlabRegistry(pipeline.registryHost());
        return "printf '%s' \"" + (gitlab ? "$CI_REGISTRY_PASSWORD" : "$REGISTRY_PASSWORD") + "\" | "
                + String.format(Locale.ROOT, command, gitlab ? "$CI_REGISTRY_USER" : "$REGISTRY_USER");
    }

    /**
     * Jobs do not share a Docker daemon, so the build pushes the candidate under its commit SHA (immutable)
     * and hands its digest on; scan and integration test that digest, and only the push job adds the
     * release tags. Nothing deploys a digest whose scan did not pass.
     */
    private static Map<String, Object> buildJob(ReleasePipeline pipeline, BuildTrack build) {
        String digest = ShellSteps.digestVariable(build);
        String version = ShellSteps.versionVariable(build);
        Map<String, Object> job = dockerJob(pipeline, build, Stage.BUILD, list(jobId(Stage.TEST, build.name())), list(
                "docker buildx create --use --driver docker-container",
                "docker buildx build --file " + build.dockerfile() + " --tag \"$IMAGE:$CI_COMMIT_SHA\""
                        + " --cache-from \"type=registry,ref=$IMAGE:buildcache\""
                        + " --cache-to \"type=registry,ref=$IMAGE:buildcache,mode=max\" --push " + build.context(),
                "echo \"" + digest + "=$(docker buildx imagetools inspect \"$IMAGE:$CI_COMMIT_SHA\" --format '{{.Manifest.Digest}}')\" >> build.env",
                // the version is the release's semver on a v* tag, otherwise the commit
                "version=\"${CI_COMMIT_TAG#v}\"; echo \"" + version + "=${version:-$CI_COMMIT_SHA}\" >> build.env"), false);
        job.put("artifacts", map("reports", map("dotenv", "build.env")));
        return job;
    }

    private static Map<String, Object> integrationJob(BuildTrack build) {
        int port = build.service().port().orElseThrow();
        return map(
                "stage", Stage.INTEGRATION.id(),
                "image", map("name", CURL_IMAGE, "entrypoint", list("")),
                "needs", list(jobId(Stage.BUILD, build.name())),
                "rules", serviceRules(build, false),
                // the candidate runs as a service next to the job: it starts and answers its health path
                "services", list(map("name", build.image() + ":$CI_COMMIT_SHA", "alias", build.name())),
                "script", list("curl --fail --silent --show-error --retry 30 --retry-delay 2 --retry-all-errors --max-time 5 "
                        + "\"http://" + build.name() + ":" + port + build.service().healthPath() + "\""));
    }

    private static Map<String, Object> scanJob(ReleasePipeline pipeline, BuildTrack build) {
        boolean gitlab = RegistryLogin.isGitlabRegistry(pipeline.registryHost());
        List<Object> needs = list(map("job", jobId(Stage.BUILD, build.name()), "artifacts", true));
        if (build.probed()) {
            needs.add(jobId(Stage.INTEGRATION, build.name()));
        }
        String candidate = "\"$IMAGE@$" + ShellSteps.digestVariable(build) + "\"";
        return map(
                "stage", Stage.SCAN.id(),
                "image", map("name", TRIVY_IMAGE, "entrypoint", list("")),
                "needs", needs,
                "rules", serviceRules(build, false),
                "variables", map(
                        "IMAGE", build.image(),
                        "TRIVY_USERNAME", gitlab ? "$CI_REGISTRY_USER" : "$REGISTRY_USER",
                        "TRIVY_PASSWORD", gitlab ? "$CI_REGISTRY_PASSWORD" : "$REGISTRY_PASSWORD",
                        "TRIVY_NO_PROGRESS", "true",
                        "TRIVY_CACHE_DIR", ".trivycache/"),
                "cache", map("key", "trivy", "paths", list(".trivycache/")),
                "script", list(
                        // the full report for GitLab's vulnerability view, then the gate on the configured severities
                        "trivy image --exit-code 0 --format template --template @/contrib/gitlab.tpl"
                                + " --output gl-container-scanning-report.json " + candidate,
                        "trivy image --exit-code 1 --severity " + pipeline.failOn() + " " + candidate),
                "artifacts", map("when", "always", "reports", map("container_scanning", "gl-container-scanning-report.json")));
    }

    private static Map<String, Object> pushJob(ReleasePipeline pipeline, BuildTrack build) {
        // tags point at the scanned digest; `latest` is never written
        return dockerJob(pipeline, build, Stage.PUSH, list(
                        map("job", jobId(Stage.BUILD, build.name()), "artifacts", true), jobId(Stage.SCAN, build.name())),
                list("if [ -n \"${CI_COMMIT_TAG:-}\" ]; then tag=\"${CI_COMMIT_TAG#v}\"; else tag=\"$CI_COMMIT_REF_SLUG-$CI_COMMIT_SHORT_SHA\"; fi",
                        "docker buildx imagetools create --tag \"$IMAGE:$tag\" \"$IMAGE@$" + ShellSteps.digestVariable(build) + "\""),
                true);
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
        if (deployment.approval()) {
            rule.put("when", "manual");
            rule.put("allow_failure", false);
        }
        return rule;
    }

    /** The build and push jobs whose digests a deploy job reads; optional because unchanged services skip them. */
    private static List<Object> buildNeeds(ReleasePipeline pipeline) {
        List<Object> needs = new ArrayList<>();
        for (BuildTrack build : pipeline.builds()) {
            needs.add(map("job", jobId(Stage.BUILD, build.name()), "artifacts", true, "optional", true));
            needs.add(map("job", jobId(Stage.PUSH, build.name()), "artifacts", false, "optional", true));
        }
        return needs;
    }

    private static Map<String, Object> deployJob(ReleasePipeline pipeline, Deployment deployment) {
        List<Object> needs = buildNeeds(pipeline);
        deployment.sameRunSource().ifPresent(source -> needs.add(map("job", jobId(Stage.DEPLOY, source.name()), "artifacts", false)));
        return map(
                "stage", Stage.DEPLOY.id(),
                "image", "$SLIPWAY_IMAGE",
                "needs", needs,
                "rules", list(deployRule(pipeline, deployment)),
                "environment", map("name", deployment.name(), "url", "https://$" + deployment.hostVariable(),
                        "deployment_tier", tier(deployment.name())),
                // one deployment per environment at a time, in order; never cancelled half-way
                "resource_group", deployment.name(),
                "interruptible", false,
                "script", list(ShellSteps.deploy(deployment, pipeline.builds())));
    }

    private static Map<String, Object> smokeJob(ReleasePipeline pipeline, Deployment deployment) {
        List<Object> needs = buildNeeds(pipeline);
        needs.add(map("job", jobId(Stage.DEPLOY, deployment.name()), "artifacts", false));
        List<Object> script = new ArrayList<>();
        for (BuildTrack build : pipeline.builds()) {
            if (build.probed()) {
                script.add("if [ -n \"${" + ShellSteps.digestVariable(build) + ":-}\" ]; then\n"
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
