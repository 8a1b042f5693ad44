package dev.slipway.generate.ci;

import static dev.slipway.generate.support.Yaml.map;

import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.Generator;
import dev.slipway.generate.Layout;
import dev.slipway.generate.SourceTree;
import dev.slipway.generate.ci.ReleasePipeline.BuildTrack;
import dev.slipway.generate.ci.ReleasePipeline.Deployment;
import dev.slipway.generate.support.Yaml;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.Trigger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One GitHub Actions workflow for the monorepo: change detection, then per service lint → unit tests →
 * image build → integration → scan → push, then one deploy job per environment as its trigger says.
 */
public final class GithubActions implements Generator {

    static final String RUNNER = "ubuntu-24.04";

    @Override
    public String target() {
        return "github";
    }

    @Override
    public String description() {
        return "GitHub Actions workflow for the monorepo";
    }

    @Override
    public List<GeneratedFile> generate(SystemSpec spec) {
        return generate(spec, SourceTree.none());
    }

    @Override
    public List<GeneratedFile> generate(SystemSpec spec, SourceTree sources) {
        ReleasePipeline pipeline = ReleasePipeline.of(spec, sources);
        Map<String, Object> jobs = new LinkedHashMap<>();
        if (!pipeline.builds().isEmpty()) {
            jobs.put("changes", changesJob(pipeline));
        }
        for (BuildTrack build : pipeline.builds()) {
            jobs.put(testJobId(build), testJob(pipeline, build));
            jobs.put(imageJobId(build), imageJob(pipeline, build));
        }
        for (Deployment deployment : pipeline.deployments()) {
            jobs.put(deployJobId(deployment), deployJob(pipeline, deployment));
        }
        Map<String, Object> workflow = map(
                "name", "slipway",
                "on", triggers(pipeline),
                "permissions", map("contents", "read"),
                // a newer push supersedes a pull request's run; runs on branches and tags are never cut short
                "concurrency", map("group", "slipway-${{ github.ref }}",
                        "cancel-in-progress", "${{ github.event_name == 'pull_request' }}"),
                "jobs", jobs);
        String text = header(pipeline) + Yaml.write(workflow);
        for (Deployment deployment : pipeline.deployments()) {
            if (deployment.approval()) {
                text = YamlComments.before(text, "  " + deployJobId(deployment) + ":", List.of(
                        "Approval is Slipway's gate: the release waits in awaiting-approval until an approver approves it",
                        "(slipway approve, or the web UI). This job waits for it (vars.SLIPWAY_ON_APPROVAL=end: it ends with a link)."), "  ");
            }
        }
        return List.of(new GeneratedFile(Layout.githubWorkflow(), ActionPins.annotate(text)), CiScript.file());
    }

    private static String header(ReleasePipeline pipeline) {
        List<String> lines = new ArrayList<>(List.of(
                "# " + Layout.HEADER_TEXT,
                "#",
                "# Main branch: each changed service is built once, scanned, pushed by digest and recorded in Slipway, then",
                "# released to the first environment; later environments are promotions of what runs healthy before them.",
                "# Jobs talk to Slipway with .slipway/ci.sh (curl): secrets SLIPWAY_URL and SLIPWAY_TOKEN (a deployer token).",
                "# Optional repository variables: SLIPWAY_ON_APPROVAL (wait|end), SLIPWAY_WAIT_TIMEOUT (seconds),",
                "# SLIPWAY_<ENV>_<SERVICE>_URL (base URL probed by the smoke tests), SLIPWAY_<ENV>_URL (shown on the deployment)."));
        if (!RegistryLogin.isGithubRegistry(pipeline.registryHost())) {
            lines.add("# Registry " + pipeline.registryHost() + ": secrets REGISTRY_USERNAME and REGISTRY_PASSWORD.");
        }
        return String.join("\n", lines) + "\n";
    }

    private static Map<String, Object> triggers(ReleasePipeline pipeline) {
        List<Object> branches = new ArrayList<>(List.of(pipeline.mainBranch()));
        if (pipeline.uses(Trigger.RELEASE_BRANCH)) {
            branches.add("release/**");
        }
        Map<String, Object> dispatch = new LinkedHashMap<>();
        List<Deployment> manual = pipeline.deployments(Trigger.MANUAL);
        if (!manual.isEmpty()) {
            List<Object> options = new ArrayList<>(List.of("none"));
            manual.forEach(d -> options.add(d.name()));
            dispatch.put("inputs", map("environment", map(
                    "description", "Environment to deploy to (environments whose trigger is manual)",
                    "type", "choice",
                    "default", "none",
                    "options", options)));
        }
        return map(
                "push", map("branches", branches, "tags", new ArrayList<>(List.of("v*"))),
                "pull_request", map("branches", new ArrayList<>(List.of(pipeline.mainBranch()))),
                "workflow_dispatch", dispatch.isEmpty() ? null : dispatch);
    }

    // -- change detection -------------------------------------------------------------------------------

    /**
     * Pushes to the main branch compare each service with its last successful deployment to the first environment,
     * as Slipway's deployment history records it (not with the previous push): a run that failed, was cancelled or
     * was replaced while it waited leaves its changes to the next one. Pull requests compare with their base.
     */
    private static Map<String, Object> changesJob(ReleasePipeline pipeline) {
        Map<String, Object> outputs = new LinkedHashMap<>();
        StringBuilder script = new StringBuilder();
        String environment = pipeline.changeEnvironment();
        outputs.put("version", "${{ steps.changed.outputs.version }}");
        script.append("version=\"$(").append(CiScript.version()).append(")\"\n")
                .append("echo \"version=$version\" >> \"$GITHUB_OUTPUT\"\n");
        for (BuildTrack build : pipeline.builds()) {
            outputs.put(build.name(), "${{ steps.changed.outputs." + build.name() + " }}");
            script.append("changed=\"$(").append(CiScript.changed(environment, build)).append(")\"\n")
                    .append("echo \"").append(build.name()).append("=$changed\" >> \"$GITHUB_OUTPUT\"\n");
        }
        Map<String, Object> env = slipwayEnv();
        env.put("SLIPWAY_COMMIT", "${{ github.sha }}");
        env.put("SLIPWAY_CHANGE_BASE", pipeline.mainBranchDeployment().isPresent()
                ? "${{ github.event.pull_request.base.sha }}"
                : "${{ github.event.pull_request.base.sha || github.event.before }}");
        return map(
                "name", "Detect changed services",
                // builds happen on the main branch (and pull requests, which never push); every later road promotes
                "if", "${{ github.event_name == 'pull_request' || github.ref == 'refs/heads/" + pipeline.mainBranch() + "' }}",
                "runs-on", RUNNER,
                "timeout-minutes", 5,
                "permissions", map("contents", "read"),
                "outputs", outputs,
                "steps", steps(
                        // the whole history: the commit last deployed may be far back
                        map("uses", ActionPins.CHECKOUT.ref(), "with", map("persist-credentials", false, "fetch-depth", 0)),
                        map("name", "Changed services", "id", "changed", "env", env, "run", script.toString())));
    }

    private static Map<String, Object> slipwayEnv() {
        return map(CiScript.URL_SECRET, "${{ secrets." + CiScript.URL_SECRET + " }}",
                CiScript.TOKEN_SECRET, "${{ secrets." + CiScript.TOKEN_SECRET + " }}");
    }

    /** A service is built only when it changed, and only on pull requests and the main branch. */
    private static String buildCondition(BuildTrack build) {
        return "${{ needs.changes.outputs." + build.name() + " == 'true' }}";
    }

    // -- lint and unit tests ----------------------------------------------------------------------------

    static String testJobId(BuildTrack build) {
        return "test-" + build.name();
    }

    static String imageJobId(BuildTrack build) {
        return "image-" + build.name();
    }

    static String deployJobId(Deployment deployment) {
        return "deploy-" + deployment.name();
    }

    private static Map<String, Object> testJob(ReleasePipeline pipeline, BuildTrack build) {
        List<Object> steps = steps(checkout());
        steps.addAll(GithubToolSetup.steps(build));
        Toolchain toolchain = build.toolchain();
        if (!toolchain.install().isEmpty()) {
            steps.add(map("name", "Install dependencies", "run", ShellSteps.script(toolchain.install())));
        }
        steps.add(map("name", ReleasePipeline.Stage.LINT.title(), "run", ShellSteps.script(toolchain.lint())));
        steps.add(map("name", ReleasePipeline.Stage.TEST.title(), "run", ShellSteps.script(toolchain.test())));
        return map(
                "name", build.name() + ": lint and unit tests",
                "needs", list("changes"),
                "if", buildCondition(build),
                "runs-on", RUNNER,
                "timeout-minutes", 30,
                "permissions", map("contents", "read"),
                "defaults", map("run", map("working-directory", build.path())),
                "steps", steps);
    }

    // -- image: build, integration, scan, push ----------------------------------------------------------

    /**
     * One job so the bytes that were scanned are the bytes that are pushed: the image is loaded into the
     * runner's Docker, tested, scanned, and only then pushed. Hence this job alone may write packages
     * (push, registry cache) and security events (SARIF).
     */
    private static Map<String, Object> imageJob(ReleasePipeline pipeline, BuildTrack build) {
        String candidate = "${{ env.IMAGE }}:${{ github.sha }}";
        String cache = "type=registry,ref=" + build.image() + ":buildcache";
        String sarif = "trivy-" + build.name() + ".sarif";
        List<Object> steps = steps(
                checkout(),
                map("name", "Set up Docker Buildx", "uses", ActionPins.SETUP_BUILDX.ref()),
                RegistryLogin.githubStep(pipeline.registryHost()),
                map("name", "Image tags", "id", "meta", "uses", ActionPins.METADATA.ref(), "with", map(
                        "images", build.image(),
                        // never `latest`: the one tag names the commit the image was built from, once
                        "flavor", "latest=false",
                        "tags", "type=sha,prefix=,format=long\n")),
                map("name", ReleasePipeline.Stage.BUILD.title(), "uses", ActionPins.BUILD_PUSH.ref(), "with", map(
                        "context", build.context(),
                        "file", build.dockerfile(),
                        "load", true,
                        "push", false,
                        "tags", "${{ steps.meta.outputs.tags }}",
                        "labels", "${{ steps.meta.outputs.labels }}",
                        "cache-from", cache,
                        // only trusted runs write the shared cache; pull requests read it
                        "cache-to", "${{ github.event_name != 'pull_request' && '" + cache + ",mode=max' || '' }}")));
        if (build.probed()) {
            steps.add(map("name", ReleasePipeline.Stage.INTEGRATION.title() + " (the image starts and answers "
                            + build.service().healthPath() + ")",
                    "run", ShellSteps.containerHealthCheck(build, "\"$IMAGE:$GITHUB_SHA\"", "slipway-it-" + build.name())));
        }
        steps.add(map("name", ReleasePipeline.Stage.SCAN.title(), "uses", ActionPins.TRIVY.ref(), "with", map(
                "image-ref", candidate,
                "format", "sarif",
                "output", sarif,
                "severity", pipeline.failOn(),
                "exit-code", "1")));
        steps.add(map("name", "Upload scan results",
                // also when the scan failed: the findings are what the team needs to see
                "if", "${{ !cancelled() && hashFiles('" + sarif + "') != '' }}",
                "uses", ActionPins.UPLOAD_SARIF.ref(),
                "with", map("sarif_file", sarif, "category", "trivy-" + build.name())));
        steps.add(map("name", ReleasePipeline.Stage.PUSH.title(), "id", "push",
                "if", "${{ github.event_name != 'pull_request' }}",
                "run", "docker push --all-tags \"$IMAGE\"\n"
                        + "digest=\"$(docker image inspect --format '{{index .RepoDigests 0}}' \"$IMAGE:$GITHUB_SHA\")\"\n"
                        + "echo \"digest=${digest#*@}\" >> \"$GITHUB_OUTPUT\"\n"));
        Map<String, Object> recordEnv = slipwayEnv();
        recordEnv.put("SLIPWAY_COMMIT", "${{ github.sha }}");
        recordEnv.put("VERSION", "${{ needs.changes.outputs.version }}");
        recordEnv.put("DIGEST", "${{ steps.push.outputs.digest }}");
        steps.add(map("name", "Record the build in Slipway",
                "if", "${{ github.event_name != 'pull_request' }}",
                "env", recordEnv,
                "run", CiScript.recordBuild(build, "VERSION", "IMAGE", "DIGEST") + "\n"));
        return map(
                "name", build.name() + ": image",
                "needs", list("changes", testJobId(build)),
                "runs-on", RUNNER,
                "timeout-minutes", 30,
                "permissions", map("contents", "read", "packages", "write", "security-events", "write"),
                "outputs", map(
                        "digest", "${{ steps.push.outputs.digest }}",
                        "version", "${{ needs.changes.outputs.version }}"),
                "env", map("IMAGE", build.image()),
                "steps", steps);
    }

    // -- deployments ------------------------------------------------------------------------------------

    private static String deployCondition(ReleasePipeline pipeline, Deployment deployment) {
        String trigger = switch (deployment.trigger()) {
            case PUSH -> "github.event_name == 'push' && github.ref == 'refs/heads/" + pipeline.mainBranch() + "'";
            case RELEASE_BRANCH -> "github.event_name == 'push' && startsWith(github.ref, 'refs/heads/release/')";
            case TAG -> "github.event_name == 'push' && startsWith(github.ref, 'refs/tags/v')";
            case MANUAL -> "github.event_name == 'workflow_dispatch' && inputs.environment == '" + deployment.name() + "'";
        };
        // run when no build failed; builds skipped because their service did not change are fine
        return "${{ !cancelled() && !contains(needs.*.result, 'failure') && " + trigger + " }}";
    }

    /**
     * An environment without {@code promoteFrom} receives the services this run built; one with it is a promotion of
     * what runs healthy in its source, with no build on its road. Either way the job waits for the release's outcome.
     */
    private static Map<String, Object> deployJob(ReleasePipeline pipeline, Deployment deployment) {
        List<Object> needs = new ArrayList<>();
        Map<String, Object> env = slipwayEnv();
        env.put("SLIPWAY_COMMIT", "${{ github.sha }}");
        env.put("SLIPWAY_ON_APPROVAL", "${{ vars.SLIPWAY_ON_APPROVAL || 'wait' }}");
        env.put("SLIPWAY_WAIT_TIMEOUT", "${{ vars.SLIPWAY_WAIT_TIMEOUT || '3600' }}");
        List<Object> steps = steps(checkout());
        if (deployment.promotion()) {
            deployment.sameRunSource().ifPresent(source -> needs.add(deployJobId(source)));
            steps.add(map("name", "Promote to " + deployment.name(), "env", env, "run", CiScript.promote(deployment)));
        } else {
            // every build job, not only the image jobs: a failed unit test (or change detection) must stop the release too
            if (!pipeline.builds().isEmpty()) {
                needs.add("changes");
            }
            pipeline.builds().forEach(b -> needs.add(testJobId(b)));
            pipeline.builds().forEach(b -> needs.add(imageJobId(b)));
            for (BuildTrack build : pipeline.builds()) {
                env.put(ShellSteps.versionVariable(build), "${{ needs." + imageJobId(build) + ".outputs.version }}");
                env.put(ShellSteps.digestVariable(build), "${{ needs." + imageJobId(build) + ".outputs.digest }}");
            }
            steps.add(map("name", "Release to " + deployment.name(), "env", env, "run", CiScript.release(deployment, pipeline.builds())));
        }
        for (BuildTrack build : pipeline.builds()) {
            if (build.probed()) {
                steps.add(map("name", "Smoke test " + build.name(),
                        // a release probes what this run built; a promotion may have moved any service
                        "if", deployment.promotion() ? null : "${{ needs." + imageJobId(build) + ".outputs.digest != '' }}",
                        "env", map(deployment.urlVariable(build), "${{ vars." + deployment.urlVariable(build) + " }}"),
                        "run", ShellSteps.smokeTest(deployment, build)));
            }
        }
        return map(
                "name", (deployment.promotion() ? "promote to " : "release to ") + deployment.name(),
                "needs", needs.isEmpty() ? null : needs,
                "if", deployCondition(pipeline, deployment),
                "runs-on", RUNNER,
                // Slipway bounds the wait (SLIPWAY_WAIT_TIMEOUT); an approval may take hours
                "timeout-minutes", 360,
                "permissions", map("contents", "read"),
                "environment", map("name", deployment.name(), "url", "${{ vars." + deployment.environmentUrlVariable() + " }}"),
                // one deployment per environment at a time; a queued one waits instead of cancelling a rollout
                "concurrency", map("group", "slipway-deploy-" + deployment.name(), "cancel-in-progress", false),
                "steps", steps);
    }

    // -- small pieces -----------------------------------------------------------------------------------

    private static Map<String, Object> checkout() {
        // the token is not left in .git/config for later steps
        return map("uses", ActionPins.CHECKOUT.ref(), "with", map("persist-credentials", false));
    }

    private static List<Object> steps(Object... steps) {
        return new ArrayList<>(List.of(steps));
    }

    private static List<Object> list(Object... items) {
        return new ArrayList<>(List.of(items));
    }
}
