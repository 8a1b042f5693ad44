package dev.slipway.generate.ci;

import static dev.slipway.generate.ci.GroovyWriter.quote;

import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.Generator;
import dev.slipway.generate.Layout;
import dev.slipway.generate.SourceTree;
import dev.slipway.generate.ci.ReleasePipeline.BuildTrack;
import dev.slipway.generate.ci.ReleasePipeline.Deployment;
import dev.slipway.generate.ci.ReleasePipeline.Stage;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.Trigger;
import java.util.ArrayList;
import java.util.List;

/**
 * A declarative Jenkinsfile: the services' build tracks in parallel (each lint → unit tests → image build →
 * integration → scan → push, skipped when its paths did not change), then one stage per environment.
 */
public final class Jenkinsfile implements Generator {

    static final String TRIVY_IMAGE = "aquasec/trivy:0.70.0";
    static final String REGISTRY_CREDENTIALS = "slipway-registry";
    static final String ENVIRONMENT_PARAMETER = "DEPLOY_ENVIRONMENT";
    /** Secret-text credentials: the address of slipway serve and a deployer token. */
    static final String URL_CREDENTIALS = "slipway-url";
    static final String TOKEN_CREDENTIALS = "slipway-token";

    @Override
    public String target() {
        return "jenkins";
    }

    @Override
    public String description() {
        return "Jenkins declarative pipeline for the monorepo";
    }

    @Override
    public List<GeneratedFile> generate(SystemSpec spec) {
        return generate(spec, SourceTree.none());
    }

    @Override
    public List<GeneratedFile> generate(SystemSpec spec, SourceTree sources) {
        ReleasePipeline pipeline = ReleasePipeline.of(spec, sources);
        boolean approvals = pipeline.deployments().stream().anyMatch(Deployment::approval);
        GroovyWriter out = new GroovyWriter();
        out.line("// " + Layout.HEADER_TEXT)
                .line("//")
                .line("// Main branch: each changed service is built once, scanned, pushed by digest and recorded in Slipway, then")
                .line("// released to the first environment; later environments are promotions of what runs healthy before them.")
                .line("// Needs: agents with Docker, curl and git (label-free `agent any`), the Docker Pipeline and Lockable")
                .line("// Resources plugins; secret-text credentials '" + URL_CREDENTIALS + "' and '" + TOKEN_CREDENTIALS
                        + "' (a deployer token) for .slipway/ci.sh;")
                .line("// a username/password credential '" + REGISTRY_CREDENTIALS + "' for " + pipeline.registryHost()
                        + "; SLIPWAY_<ENV>_<SERVICE>_URL environment")
                .line("// variables (base URLs for the smoke tests); optionally SLIPWAY_ON_APPROVAL (wait|end), SLIPWAY_WAIT_TIMEOUT.");
        if (approvals) {
            out.line("// An environment with approval asks its approvers in an input step, which holds no executor and waits")
                    .line("// 12 hours at most; each pastes their own Slipway token (granted approve:ENV), with which Slipway records")
                    .line("// and checks them. An aborted or unanswered input cancels the release, nothing having changed.");
            JenkinsApproval.declarations(out);
        }
        out.open("pipeline");
        out.line("agent none");
        out.open("options");
        // an approval may wait for a person; without one a run that takes hours is stuck
        out.line(approvals ? "timeout(time: 1, unit: 'DAYS')" : "timeout(time: 2, unit: 'HOURS')");
        out.line("disableConcurrentBuilds()");
        out.line("buildDiscarder(logRotator(numToKeepStr: '50'))");
        out.close();
        List<Deployment> manual = pipeline.deployments(Trigger.MANUAL);
        if (!manual.isEmpty()) {
            List<String> choices = new ArrayList<>(List.of(quote("none")));
            manual.forEach(d -> choices.add(quote(d.name())));
            out.open("parameters");
            out.line("choice(name: " + quote(ENVIRONMENT_PARAMETER) + ", choices: [" + String.join(", ", choices)
                    + "], description: 'Environment to deploy to (environments whose trigger is manual)')");
            out.close();
        }
        out.open("stages");
        if (!pipeline.builds().isEmpty()) {
            changesStage(out, pipeline);
            out.open("stage('Services')");
            out.line("failFast true");
            out.open("parallel");
            pipeline.builds().forEach(build -> buildTrack(out, pipeline, build));
            out.close();
            out.close();
        }
        pipeline.deployments().forEach(deployment -> deployStage(out, pipeline, deployment));
        out.close();
        out.close();
        return List.of(new GeneratedFile("Jenkinsfile", out.toString()), CiScript.file());
    }

    // -- per service ------------------------------------------------------------------------------------

    static String changedVariable(BuildTrack build) {
        return "SLIPWAY_BUILD_" + build.variable();
    }

    private static void slipwayCredentials(GroovyWriter out) {
        out.line("SLIPWAY_URL = credentials(" + quote(URL_CREDENTIALS) + ")");
        out.line("SLIPWAY_TOKEN = credentials(" + quote(TOKEN_CREDENTIALS) + ")");
        out.line("SLIPWAY_COMMIT = \"${GIT_COMMIT}\"");
    }

    /**
     * Builds run on the main branch and on pull requests (which never publish). Each service compares with its last
     * successful deployment to the first environment, as Slipway's deployment history records it; a pull request
     * with its target branch.
     */
    private static void changesStage(GroovyWriter out, ReleasePipeline pipeline) {
        out.open("stage(" + quote(ReleasePipeline.Stage.CHANGES.title()) + ")");
        out.open("when");
        out.line("beforeAgent true");
        out.open("anyOf");
        out.line("branch " + quote(pipeline.mainBranch()));
        out.line("changeRequest()");
        out.close();
        out.close();
        out.line("agent any");
        out.open("environment");
        slipwayCredentials(out);
        out.close();
        out.open("steps");
        out.open("script");
        out.line("env.SLIPWAY_VERSION = sh(returnStdout: true, script: '" + CiScript.version() + "').trim()");
        for (BuildTrack build : pipeline.builds()) {
            out.line("env." + changedVariable(build) + " = sh(returnStdout: true, script: \'\'\'");
            String script = "if [ -n \"${CHANGE_TARGET:-}\" ]; then export SLIPWAY_CHANGE_BASE=\"origin/$CHANGE_TARGET\"; fi\n"
                    + CiScript.changed(pipeline.changeEnvironment(), build) + "\n";
            script.lines().forEach(l -> out.line("    " + l.replace("\\", "\\\\")));
            out.line("\'\'\').trim()");
        }
        out.close();
        out.close();
        out.close();
    }

    private static void buildTrack(GroovyWriter out, ReleasePipeline pipeline, BuildTrack build) {
        String name = build.name();
        out.open("stage(" + quote(name) + ")");
        out.open("when");
        out.line("beforeAgent true");
        // only a service that changed is built (and only on the main branch and pull requests)
        out.line("expression { env." + changedVariable(build) + " == 'true' }");
        out.close();
        out.line("agent any");
        out.open("environment");
        out.line("IMAGE = " + quote(build.image()));
        out.line("REGISTRY = credentials(" + quote(REGISTRY_CREDENTIALS) + ")");
        out.close();
        out.open("stages");
        toolStage(out, build, Stage.LINT, build.toolchain().lint(), true);
        toolStage(out, build, Stage.TEST, build.toolchain().test(), false);

        out.open("stage(" + quote(name + ": " + Stage.BUILD.title()) + ")");
        out.open("steps");
        out.sh("docker buildx inspect slipway >/dev/null 2>&1 || docker buildx create --name slipway --driver docker-container\n"
                + "printf '%s' \"$REGISTRY_PSW\" | docker login --username \"$REGISTRY_USR\" --password-stdin " + pipeline.registryHost() + "\n"
                + "cache=\"type=registry,ref=$IMAGE:buildcache\"\n"
                // pull requests read the shared cache but never write it
                + "if [ -z \"${CHANGE_ID:-}\" ]; then cache_to=\"--cache-to=$cache,mode=max\"; else cache_to=''; fi\n"
                + "docker buildx build --builder slipway --load --file " + build.dockerfile() + " --tag \"$IMAGE:$GIT_COMMIT\""
                + " --cache-from \"$cache\" $cache_to " + build.context());
        out.close();
        out.close();

        if (build.probed()) {
            out.open("stage(" + quote(name + ": " + Stage.INTEGRATION.title()) + ")");
            out.open("steps");
            // $$ (the shell's pid) keeps parallel runs on one agent apart
            out.sh(ShellSteps.containerHealthCheck(build, "\"$IMAGE:$GIT_COMMIT\"", "\"slipway-it-" + name + "-$$\""));
            out.close();
            out.close();
        }

        out.open("stage(" + quote(name + ": " + Stage.SCAN.title()) + ")");
        out.open("steps");
        out.sh("docker run --rm -v /var/run/docker.sock:/var/run/docker.sock -v \"$WORKSPACE/.trivycache:/root/.cache/trivy\" "
                + TRIVY_IMAGE + " image --no-progress --exit-code 1 --severity " + pipeline.failOn() + " \"$IMAGE:$GIT_COMMIT\"");
        out.close();
        out.close();

        out.open("stage(" + quote(name + ": " + Stage.PUSH.title()) + ")");
        out.open("when");
        // pull requests build and scan but never publish
        out.line("not { changeRequest() }");
        out.close();
        out.open("environment");
        slipwayCredentials(out);
        out.close();
        out.open("steps");
        out.open("script");
        out.line("env." + ShellSteps.digestVariable(build) + " = sh(returnStdout: true, script: '''");
        String push = "docker push --quiet \"$IMAGE:$GIT_COMMIT\" >&2\n"
                + "docker image inspect --format '{{index .RepoDigests 0}}' \"$IMAGE:$GIT_COMMIT\" | sed 's/.*@//'\n";
        push.lines().forEach(l -> out.line("    " + l.replace("\\", "\\\\")));
        out.line("''').trim()");
        // the version a build is recorded and released as (change detection computed it)
        out.line("env." + ShellSteps.versionVariable(build) + " = env.SLIPWAY_VERSION");
        out.close();
        out.sh(CiScript.recordBuild(build, ShellSteps.versionVariable(build), "IMAGE", ShellSteps.digestVariable(build)));
        out.close();
        out.close();

        out.close(); // stages
        out.close(); // stage(name)
    }

    private static void toolStage(GroovyWriter out, BuildTrack build, Stage stage, List<String> commands, boolean install) {
        Toolchain toolchain = build.toolchain();
        out.open("stage(" + quote(build.name() + ": " + stage.title()) + ")");
        out.open("agent");
        out.open("docker");
        out.line("image " + quote(toolchain.ciImage()));
        out.line("reuseNode true");
        out.close();
        out.close();
        out.open("environment");
        // containers run as the agent's user, whose home is not writable: keep home and caches in the workspace
        out.line("HOME = \"${WORKSPACE}/.slipway-home\"");
        out.line(toolchain.cache().variable() + " = \"" + toolchain.cache().valuePrefix() + "${WORKSPACE}/"
                + build.path() + "/" + toolchain.cache().dir() + "\"");
        out.close();
        out.open("steps");
        out.open("dir(" + quote(build.path()) + ")");
        List<String> script = new ArrayList<>(toolchain.install());
        script.addAll(commands);
        out.sh(ShellSteps.script(script));
        out.close();
        out.close();
        out.close();
    }

    // -- deployments ------------------------------------------------------------------------------------

    private static String triggerCondition(ReleasePipeline pipeline, Deployment deployment) {
        return switch (deployment.trigger()) {
            case PUSH -> "branch " + quote(pipeline.mainBranch());
            case RELEASE_BRANCH -> "branch pattern: 'release/.+', comparator: 'REGEXP'";
            case TAG -> "tag pattern: 'v*', comparator: 'GLOB'";
            case MANUAL -> "expression { params." + ENVIRONMENT_PARAMETER + " == " + quote(deployment.name()) + " }";
        };
    }

    /**
     * An environment without {@code promoteFrom} receives the services this run built; one with it is a promotion of
     * what runs healthy in its source, with no build on its road. Approval is Slipway's gate, which the approvers can
     * answer in Jenkins: see {@link JenkinsApproval}.
     */
    private static void deployStage(GroovyWriter out, ReleasePipeline pipeline, Deployment deployment) {
        out.open("stage(" + quote((deployment.promotion() ? "Promote to " : "Release to ") + deployment.name()) + ")");
        out.open("when");
        if (!deployment.approval()) {
            out.line("beforeAgent true");
        }
        out.line(triggerCondition(pipeline, deployment));
        out.close();
        if (!deployment.approval()) {
            out.line("agent any");
        }
        out.open("options");
        // one deployment per environment at a time, across branches and jobs (an approval's wait included)
        out.line("lock(resource: " + quote("slipway-deploy-" + deployment.name()) + ")");
        out.close();
        String start = deployment.promotion() ? CiScript.promote(deployment) : CiScript.release(deployment, pipeline.builds());
        if (deployment.approval()) {
            out.open("stages");
            JenkinsApproval.startStage(out, deployment, start, () -> slipwayCredentials(out));
            JenkinsApproval.approvalStage(out, deployment);
            out.open("stage(" + quote(deployment.name() + ": rollout") + ")");
            out.line("agent any");
        }
        out.open("environment");
        slipwayCredentials(out);
        out.close();
        out.open("steps");
        if (deployment.approval()) {
            JenkinsApproval.decide(out, deployment);
        } else {
            out.sh(start);
        }
        smokeTests(out, pipeline, deployment);
        out.close();
        if (deployment.approval()) {
            out.close(); // stage(rollout)
            out.close(); // stages
        }
        out.close();
    }

    private static void smokeTests(GroovyWriter out, ReleasePipeline pipeline, Deployment deployment) {
        for (BuildTrack build : pipeline.builds()) {
            if (build.probed()) {
                // a release probes what this run built; a promotion may have moved any service
                out.sh(deployment.promotion() ? ShellSteps.smokeTest(deployment, build)
                        : "if [ -n \"${" + ShellSteps.digestVariable(build) + ":-}\" ]; then\n"
                        + ShellSteps.smokeTest(deployment, build).indent(4) + "fi");
            }
        }
    }
}
