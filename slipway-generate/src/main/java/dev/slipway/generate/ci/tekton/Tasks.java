package dev.slipway.generate.ci.tekton;

import static dev.slipway.generate.ci.tekton.Resources.env;
import static dev.slipway.generate.ci.tekton.Resources.param;
import static dev.slipway.generate.ci.tekton.Resources.resource;
import static dev.slipway.generate.ci.tekton.Resources.result;
import static dev.slipway.generate.ci.tekton.Resources.secretEnv;
import static dev.slipway.generate.ci.tekton.Resources.step;
import static dev.slipway.generate.ci.tekton.Resources.workspace;
import static dev.slipway.generate.support.Yaml.map;

import dev.slipway.generate.ci.CiScript;
import dev.slipway.generate.ci.ReleasePipeline.BuildTrack;
import dev.slipway.generate.ci.Toolchain;
import dev.slipway.generate.docker.ServiceBuild;
import java.util.ArrayList;
import dev.slipway.model.BuildTool;
import java.util.List;
import java.util.Map;

/**
 * The Tasks the Pipelines run. Most are generic (a service is a parameter), so a system of fifty services still
 * has a handful of Tasks: clone, change detection, one test Task per service, build (build, scan, push), record,
 * release, promote. The last three and change detection talk to Slipway through {@code .slipway/ci.sh}.
 */
final class Tasks {

    static final String CLONE = "slipway-git-clone";
    static final String BUILD = "slipway-build-image";
    static final String CHANGES = "slipway-changes";
    static final String RECORD = "slipway-record-build";
    static final String RELEASE = "slipway-release";
    static final String PROMOTE = "slipway-promote";
    /** The Secret with keys {@code url} (slipway serve's address) and {@code token} (a deployer token). */
    static final String SLIPWAY_SECRET = "slipway";
    static final String VERSIONS = "versions";
    static final String VERSION = "version";

    static final String SOURCE = "source";
    static final String DOCKER_CONFIG = "dockerconfig";
    static final String COMMIT = "commit";
    static final String IMAGE_DIGEST = "IMAGE_DIGEST";
    static final String IMAGE_URL = "IMAGE_URL";

    private static final String SOURCE_PATH = "$(workspaces." + SOURCE + ".path)";

    private Tasks() {
    }

    static String testName(String service) {
        return "slipway-test-" + service;
    }

    static Map<String, Object> cloneTask() {
        return resource("Task", CLONE, map(
                "description", "Checks out one revision of the repository into the source workspace.",
                "params", List.of(
                        param("url", "The repository to clone.", null),
                        param("revision", "The branch, tag or commit to check out.", null)),
                "workspaces", List.of(workspace(SOURCE, "Receives the checkout; emptied first.")),
                "results", List.of(result(COMMIT, "The commit that was checked out.")),
                "steps", List.of(step("clone", StepImages.GIT, SOURCE_PATH,
                        List.of(env("URL", "$(params.url)"), env("REVISION", "$(params.revision)")), """
                        #!/bin/sh
                        set -eu
                        # A reused volume may hold an older checkout.
                        find . -mindepth 1 -maxdepth 1 -exec rm -rf {} +
                        git config --global --add safe.directory "$PWD"
                        git init --quiet .
                        git remote add origin "$URL"
                        # The whole history and the tags: change detection compares with the commit last deployed,
                        # maybe far back, and the version is the last v* tag's.
                        git fetch --quiet --tags origin "$REVISION"
                        git checkout --quiet --detach FETCH_HEAD
                        printf '%s' "$(git rev-parse HEAD)" > "$(results.commit.path)"
                        """))));
    }

    /**
     * One service's test Task: in the image the service is built with, the same install and test commands as
     * the other CI targets ({@link Toolchain}), from the service's directory.
     */
    static Map<String, Object> testTask(ServiceBuild build) {
        Toolchain toolchain = Toolchain.of(build);
        List<String> commands = new ArrayList<>(toolchain.install());
        commands.addAll(toolchain.test());
        return resource("Task", testName(build.name()), map(
                "description", "Installs the dependencies and runs the tests of " + build.name() + " (" + build.tool().keyword()
                        + ", toolchain " + build.version().line() + ").",
                "params", List.of(param("context", "The service's directory in the repository.", build.directory())),
                "workspaces", List.of(workspace(SOURCE, "The checked-out repository.")),
                "steps", List.of(step("test", build.builderImage(), SOURCE_PATH + "/$(params.context)",
                        build.tool() == BuildTool.GO ? List.of(env("CGO_ENABLED", "0")) : List.of(),
                        "#!/bin/sh\nset -eu\n" + String.join("\n", commands) + "\n"))));
    }

    /**
     * Builds an image with Buildah, scans it with Trivy from an OCI archive of the very image, and pushes it only when
     * the scan passed: what is pushed (and so recorded and released) was scanned.
     */
    static Map<String, Object> buildTask() {
        Map<String, Object> build = step("build", StepImages.BUILDAH, SOURCE_PATH, List.of(
                        env("IMAGE", "$(params.image)"), env("CONTEXT", "$(params.context)"),
                        env("DOCKERFILE", "$(params.dockerfile)"), env("REVISION", "$(params.revision)"),
                        env("SOURCE_URL", "$(params.source-url)"),
                        env("DOCKER_CONFIG_DIR", "$(workspaces." + DOCKER_CONFIG + ".path)"),
                        // vfs: no overlay inside the step's own overlay filesystem, no privileges needed for it
                        env("STORAGE_DRIVER", "vfs")), """
                #!/bin/sh
                set -eu
                auth=""
                for file in config.json .dockerconfigjson; do
                  if [ -f "$DOCKER_CONFIG_DIR/$file" ]; then auth="$DOCKER_CONFIG_DIR/$file"; fi
                done
                # The Dockerfile's own ignore file, as BuildKit applies it; else Buildah reads the context's.
                ignore=""
                if [ -f "$DOCKERFILE.dockerignore" ]; then ignore="$DOCKERFILE.dockerignore"; fi
                buildah build ${auth:+--authfile "$auth"} ${ignore:+--ignorefile "$ignore"} \\
                  --format=oci --layers --file "$DOCKERFILE" \\
                  --label "org.opencontainers.image.revision=$REVISION" \\
                  --label "org.opencontainers.image.source=$SOURCE_URL" \\
                  --tag "$IMAGE" "$CONTEXT"
                # The scanner reads the image from this archive: nothing leaves the pod before the scan passed.
                buildah push "$IMAGE" "oci-archive:/var/lib/containers/slipway-scan.tar"
                """);
        Map<String, Object> scan = step("scan", StepImages.TRIVY, "/tmp", List.of(
                env("SEVERITY", "$(params.severity)"), env("EXIT_CODE", "$(params.exit-code)")), """
                #!/bin/sh
                set -eu
                trivy image --no-progress --scanners vuln --severity "$SEVERITY" --exit-code "$EXIT_CODE" \\
                  --input /var/lib/containers/slipway-scan.tar
                """);
        Map<String, Object> push = step("push", StepImages.BUILDAH, SOURCE_PATH, List.of(
                env("IMAGE", "$(params.image)"),
                env("DOCKER_CONFIG_DIR", "$(workspaces." + DOCKER_CONFIG + ".path)"),
                env("STORAGE_DRIVER", "vfs")), """
                #!/bin/sh
                set -eu
                auth=""
                for file in config.json .dockerconfigjson; do
                  if [ -f "$DOCKER_CONFIG_DIR/$file" ]; then auth="$DOCKER_CONFIG_DIR/$file"; fi
                done
                buildah push ${auth:+--authfile "$auth"} --digestfile /tmp/image-digest "$IMAGE" "docker://$IMAGE"
                printf '%s' "$(cat /tmp/image-digest)" > "$(results.IMAGE_DIGEST.path)"
                printf '%s' "$IMAGE" > "$(results.IMAGE_URL.path)"
                """);
        // Buildah sets file capabilities while unpacking layers; SETFCAP is all it needs beyond the defaults.
        for (Map<String, Object> step : List.of(build, push)) {
            step.put("securityContext", map("capabilities", map("add", List.of("SETFCAP"))));
        }
        for (Map<String, Object> step : List.of(build, scan, push)) {
            step.put("volumeMounts", List.of(map("name", "containers", "mountPath", "/var/lib/containers")));
        }
        return resource("Task", BUILD, map(
                "description", "Builds a service's image from its Dockerfile with Buildah (no Docker daemon), scans it "
                        + "with Trivy, and pushes it only when the scan passed.",
                "params", List.of(
                        param("image", "The image to push, with its tag.", null),
                        param("context", "The build context, relative to the repository root.", "."),
                        param("dockerfile", "The Dockerfile, relative to the repository root.", "Dockerfile"),
                        param("revision", "The commit built, recorded as an OCI label.", null),
                        param("source-url", "The repository, recorded as an OCI label.", null),
                        param("severity", "Comma-separated severities that are reported.", "CRITICAL,HIGH"),
                        param("exit-code", "The exit code when a reported vulnerability is found (0: report only).", "1")),
                "workspaces", List.of(
                        workspace(SOURCE, "The checked-out repository."),
                        workspace(DOCKER_CONFIG, "Registry credentials: a config.json or a .dockerconfigjson Secret.")),
                "results", List.of(
                        result(IMAGE_DIGEST, "The digest of the pushed image."),
                        result(IMAGE_URL, "The pushed image with its tag (with IMAGE_DIGEST, what Tekton Chains signs).")),
                "steps", List.of(build, scan, push),
                "volumes", List.of(map("name", "containers", "emptyDir", map()))));
    }

    private static List<Map<String, Object>> slipwayEnv() {
        return List.of(secretEnv(CiScript.URL_SECRET, SLIPWAY_SECRET, "url"),
                secretEnv(CiScript.TOKEN_SECRET, SLIPWAY_SECRET, "token"));
    }

    /**
     * Which services changed since their last successful deployment to {@code environment} (Slipway's deployment
     * history): a result per service ({@code true}/{@code false}), and the versions to release.
     */
    static Map<String, Object> changesTask(String environment, List<BuildTrack> builds) {
        StringBuilder script = new StringBuilder("""
                #!/bin/sh
                set -eu
                apk add --no-cache curl git >/dev/null
                git config --global --add safe.directory "$PWD"
                version="$(sh .slipway/ci.sh version)"
                printf '%s' "$version" > "$(results.version.path)"
                versions=""
                """);
        List<Object> results = new java.util.ArrayList<>();
        for (BuildTrack build : builds) {
            script.append("changed=\"$(").append(CiScript.changed(environment, build)).append(")\"\n")
                    .append("printf '%s' \"$changed\" > \"$(results.").append(build.name()).append(".path)\"\n")
                    .append("if [ \"$changed\" = true ]; then versions=\"$versions ").append(build.name())
                    .append("=$version\"; fi\n");
            results.add(result(build.name(), "true when " + build.name() + " changed since its last successful deployment to "
                    + environment + "."));
        }
        script.append("printf '%s' \"${versions# }\" > \"$(results." + VERSIONS + ".path)\"\n");
        results.add(result(VERSIONS, "SERVICE=VERSION of every changed service, separated by spaces."));
        results.addFirst(result(VERSION, "The version this run's builds are recorded as: the release line + the commit."));
        List<Map<String, Object>> env = new java.util.ArrayList<>(slipwayEnv());
        env.add(env("SLIPWAY_COMMIT", "$(params.commit)"));
        return resource("Task", CHANGES, map(
                "description", "Tells which services changed since their last successful deployment to " + environment + ".",
                "params", List.of(param("commit", "The commit to build.", null)),
                "workspaces", List.of(workspace(SOURCE, "The checked-out repository, with its history.")),
                "results", results,
                "steps", List.of(step("changes", StepImages.ALPINE, SOURCE_PATH, env, script.toString()))));
    }

    static Map<String, Object> recordTask() {
        List<Map<String, Object>> env = new java.util.ArrayList<>(slipwayEnv());
        env.addAll(List.of(env("SERVICE", "$(params.service)"), env("VERSION", "$(params.version)"),
                env("IMAGE", "$(params.image)"), env("DIGEST", "$(params.digest)"), env("SLIPWAY_COMMIT", "$(params.commit)")));
        return resource("Task", RECORD, map(
                "description", "Records a pushed, scanned image in Slipway: service, version, repository, digest, commit.",
                "params", List.of(
                        param("service", "The service built.", null),
                        param("version", "The version it was built as.", null),
                        param("commit", "The commit it was built from.", null),
                        param("image", "The image repository, without a tag.", null),
                        param("digest", "The pushed image's digest, sha256:...", null)),
                "workspaces", List.of(workspace(SOURCE, "The checked-out repository with .slipway/ci.sh.")),
                "steps", List.of(step("record", StepImages.CURL, SOURCE_PATH, env,
                        "#!/bin/sh\nset -eu\nsh " + CiScript.PATH + " record-build \"$SERVICE\" \"$VERSION\" \"$IMAGE\" \"$DIGEST\"\n"))));
    }

    /** Releases the versions built by this run to an environment, and waits for the outcome. */
    static Map<String, Object> releaseTask() {
        List<Map<String, Object>> env = new java.util.ArrayList<>(slipwayEnv());
        env.addAll(List.of(env("ENVIRONMENT", "$(params.environment)"), env("VERSIONS", "$(params." + VERSIONS + ")"),
                env("SLIPWAY_COMMIT", "$(params.commit)")));
        return resource("Task", RELEASE, map(
                "description", "Releases the built versions to an environment through Slipway, which plans and rolls "
                        + "them out in dependency order, and waits for the outcome (the root cause is printed on failure).",
                "params", List.of(
                        param("environment", "The environment to release to.", null),
                        param(VERSIONS, "SERVICE=VERSION pairs separated by spaces; empty when nothing changed.", ""),
                        param("commit", "The commit released.", null)),
                "workspaces", List.of(workspace(SOURCE, "The checked-out repository with .slipway/ci.sh.")),
                "steps", List.of(step("release", StepImages.CURL, SOURCE_PATH, env, """
                        #!/bin/sh
                        set -eu
                        # one word per SERVICE=VERSION pair; no globbing
                        set -f
                        # shellcheck disable=SC2086
                        set -- $VERSIONS
                        sh %s release "$ENVIRONMENT" "$@"
                        """.formatted(CiScript.PATH)))));
    }

    /** Promotes to an environment what runs healthy in its promoteFrom, and waits for the outcome. */
    static Map<String, Object> promoteTask() {
        List<Map<String, Object>> env = new java.util.ArrayList<>(slipwayEnv());
        env.add(env("ENVIRONMENT", "$(params.environment)"));
        return resource("Task", PROMOTE, map(
                "description", "Promotes to an environment the digests that run healthy in its promoteFrom, behind "
                        + "Slipway's gates (soak, approval, ...), and waits for the outcome. Nothing is built.",
                "params", List.of(param("environment", "The environment to promote to.", null)),
                "workspaces", List.of(workspace(SOURCE, "The checked-out repository with .slipway/ci.sh.")),
                "steps", List.of(step("promote", StepImages.CURL, SOURCE_PATH, env, """
                        #!/bin/sh
                        set -eu
                        sh %s promote "$ENVIRONMENT"
                        """.formatted(CiScript.PATH)))));
    }
}
