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
                        "Approval: add required reviewers to the GitHub environment '" + deployment.name()
                                + "' (Settings > Environments > " + deployment.name() + ").",
                        "GitHub then holds this job until a reviewer approves; the workflow cannot grant that itself."), "  ");
            }
        }
        return List.of(new GeneratedFile(Layout.githubWorkflow(), ActionPins.annotate(text)));
    }

    private static String header(ReleasePipeline pipeline) {
        List<String> lines = new ArrayList<>(List.of(
                "# " + Layout.HEADER_TEXT,
                "#",
                "# Needs: the `slipway` CLI on the runner's PATH for the deploy jobs; one GitHub environment per",
                "# Slipway environment; repository variables SLIPWAY_<ENV>_<SERVICE>_URL (base URL probed by the smoke",
                "# tests) and optionally SLIPWAY_<ENV>_URL (shown on the deployment)."));
        if (!RegistryLogin.isGithubRegistry(pipeline.registryHost())) {
            lines.add("# Registry " + pipeline.registryHost() + ": secrets REGISTRY_USERNAME and REGISTRY_PASSWORD.");
        }
        if (pipeline.deployments().stream().anyMatch(d -> d.environment().kubeContext().isPresent())) {
            lines.add("# Environments with a kube context: an environment secret KUBECONFIG holding that context.");
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

    private static Map<String, Object> changesJob(ReleasePipeline pipeline) {
        Map<String, Object> outputs = new LinkedHashMap<>();
        StringBuilder filters = new StringBuilder();
        for (BuildTrack build : pipeline.builds()) {
            outputs.put(build.name(), "${{ steps.filter.outputs." + build.name() + " }}");
            filters.append(build.name()).append(":\n");
            build.watchedPaths().forEach(p -> filters.append("  - '").append(p).append("'\n"));
        }
        List<Object> steps = steps();
        Map<String, Object> filterInputs = map("filters", filters.toString());
        pipeline.mainBranchDeployment().ifPresentOrElse(deployment -> {
            // the whole history and its tags, to find the commit last deployed with success
            steps.add(map("uses", ActionPins.CHECKOUT.ref(), "with", map("persist-credentials", false, "fetch-depth", 0)));
            steps.add(map("name", "Last successful deployment to " + deployment.name(), "id", "deployed",
                    "if", "${{ github.event_name == 'push' }}",
                    "run", "if sha=\"$(git rev-parse -q --verify 'refs/tags/" + deployment.deployedTag() + "^{commit}')\"; then\n"
                            + "  echo \"base=$sha\" >> \"$GITHUB_OUTPUT\"\n"
                            + "else\n"
                            + "  echo '::notice::" + deployment.name() + " was never deployed by this workflow: building every service'\n"
                            + "  echo 'all=true' >> \"$GITHUB_OUTPUT\"\n"
                            + "fi\n"));
            // pushes compare with that commit, not with the previous push; pull requests with their base branch
            filterInputs.put("base", "${{ steps.deployed.outputs.base }}");
            outputs.put("all", "${{ steps.deployed.outputs.all }}");
        }, () -> steps.add(checkout()));
        steps.add(map("id", "filter", "uses", ActionPins.PATHS_FILTER.ref(), "with", filterInputs));
        return map(
                "name", "Detect changed services",
                "runs-on", RUNNER,
                "timeout-minutes", 5,
                "permissions", map("contents", "read", "pull-requests", "read"),
                "outputs", outputs,
                "steps", steps);
    }

    /**
     * A service is built when its paths changed (pull requests, pushes to main); release branches, tags and
     * manual runs build every service, because a release candidate must contain the whole system.
     */
    private static String buildCondition(BuildTrack build) {
        return "${{ needs.changes.outputs." + build.name() + " == 'true' || needs.changes.outputs.all == 'true'"
                + " || github.ref_type == 'tag'"
                + " || startsWith(github.ref, 'refs/heads/release/') || github.event_name == 'workflow_dispatch' }}";
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
                        // never `latest`: every tag names one commit or one release
                        "flavor", "latest=false",
                        "tags", "type=sha,prefix=,format=long\n"
                                + "type=semver,pattern={{version}}\n"
                                + "type=sha,prefix={{branch}}-,enable=${{ github.ref_type == 'branch' }}\n")),
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
        return map(
                "name", build.name() + ": image",
                "needs", list(testJobId(build)),
                "runs-on", RUNNER,
                "timeout-minutes", 30,
                "permissions", map("contents", "read", "packages", "write", "security-events", "write"),
                "outputs", map(
                        "digest", "${{ steps.push.outputs.digest }}",
                        "version", "${{ steps.meta.outputs.version }}"),
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

    private static Map<String, Object> deployJob(ReleasePipeline pipeline, Deployment deployment) {
        // every build job, not only the image jobs: a failed unit test must stop the deployment too
        List<Object> needs = new ArrayList<>();
        pipeline.builds().forEach(b -> needs.add(testJobId(b)));
        pipeline.builds().forEach(b -> needs.add(imageJobId(b)));
        deployment.sameRunSource().ifPresent(source -> needs.add(deployJobId(source)));

        Map<String, Object> env = new LinkedHashMap<>();
        for (BuildTrack build : pipeline.builds()) {
            env.put(ShellSteps.versionVariable(build), "${{ needs." + imageJobId(build) + ".outputs.version }}");
            env.put(ShellSteps.digestVariable(build), "${{ needs." + imageJobId(build) + ".outputs.digest }}");
        }
        List<Object> steps = steps(checkout());
        if (deployment.environment().kubeContext().isPresent()) {
            env.put("KUBECONFIG", "${{ runner.temp }}/kubeconfig");
            steps.add(map("name", "Kubeconfig for " + deployment.environment().kubeContext().get(),
                    "env", map("KUBECONFIG_CONTENT", "${{ secrets.KUBECONFIG }}"),
                    "run", "umask 077\nprintf '%s' \"$KUBECONFIG_CONTENT\" > \"$RUNNER_TEMP/kubeconfig\"\n"));
        }
        steps.add(map("name", "Deploy to " + deployment.name(), "env", env, "run", ShellSteps.deploy(deployment, pipeline.builds())));
        for (BuildTrack build : pipeline.builds()) {
            if (build.probed()) {
                steps.add(map("name", "Smoke test " + build.name(),
                        "if", "${{ needs." + imageJobId(build) + ".outputs.digest != '' }}",
                        "env", map(deployment.urlVariable(build), "${{ vars." + deployment.urlVariable(build) + " }}"),
                        "run", ShellSteps.smokeTest(deployment, build)));
            }
        }
        // after every step passed: the next push compares with this commit (contents: write for the tag only)
        steps.add(map("name", "Mark " + deployment.name() + " as deployed at this commit",
                "env", map("GH_TOKEN", "${{ github.token }}", "TAG", deployment.deployedTag()),
                "run", "gh api -X PATCH \"repos/$GITHUB_REPOSITORY/git/refs/tags/$TAG\" -f sha=\"$GITHUB_SHA\" -F force=true \\\n"
                        + "  || gh api -X POST \"repos/$GITHUB_REPOSITORY/git/refs\" -f ref=\"refs/tags/$TAG\" -f sha=\"$GITHUB_SHA\"\n"));
        return map(
                "name", "deploy to " + deployment.name(),
                "needs", needs.isEmpty() ? null : needs,
                "if", deployCondition(pipeline, deployment),
                "runs-on", RUNNER,
                "timeout-minutes", 30,
                "permissions", map("contents", "write"),
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
