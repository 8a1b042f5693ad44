package dev.slipway.generate.ci.tekton;

import static dev.slipway.generate.ci.tekton.Resources.env;
import static dev.slipway.generate.ci.tekton.Resources.param;
import static dev.slipway.generate.ci.tekton.Resources.resource;
import static dev.slipway.generate.ci.tekton.Resources.result;
import static dev.slipway.generate.ci.tekton.Resources.step;
import static dev.slipway.generate.ci.tekton.Resources.workspace;
import static dev.slipway.generate.support.Yaml.map;

import dev.slipway.generate.ci.Toolchain;
import dev.slipway.generate.docker.ServiceBuild;
import java.util.ArrayList;
import dev.slipway.model.BuildTool;
import java.util.List;
import java.util.Map;

/**
 * The Tasks the release Pipeline runs. They are generic (a service is a parameter), so a system of fifty
 * services still has a handful of Tasks: clone, one test Task per build tool in use, build, scan, deploy.
 */
final class Tasks {

    static final String CLONE = "slipway-git-clone";
    static final String BUILD = "slipway-build-image";
    static final String SCAN = "slipway-scan-image";
    static final String DEPLOY = "slipway-deploy";

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
                        git fetch --quiet --depth 1 origin "$REVISION"
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

    static Map<String, Object> buildTask() {
        Map<String, Object> step = step("build-and-push", StepImages.BUILDAH, SOURCE_PATH, List.of(
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
                buildah push ${auth:+--authfile "$auth"} --digestfile /tmp/image-digest "$IMAGE" "docker://$IMAGE"
                printf '%s' "$(cat /tmp/image-digest)" > "$(results.IMAGE_DIGEST.path)"
                printf '%s' "$IMAGE" > "$(results.IMAGE_URL.path)"
                """);
        // Buildah sets file capabilities while unpacking layers; SETFCAP is all it needs beyond the defaults.
        step.put("securityContext", map("capabilities", map("add", List.of("SETFCAP"))));
        step.put("volumeMounts", List.of(map("name", "containers", "mountPath", "/var/lib/containers")));
        return resource("Task", BUILD, map(
                "description", "Builds a service's image from its Dockerfile with Buildah (no Docker daemon) and pushes it.",
                "params", List.of(
                        param("image", "The image to push, with its tag.", null),
                        param("context", "The build context, relative to the repository root.", "."),
                        param("dockerfile", "The Dockerfile, relative to the repository root.", "Dockerfile"),
                        param("revision", "The commit built, recorded as an OCI label.", null),
                        param("source-url", "The repository, recorded as an OCI label.", null)),
                "workspaces", List.of(
                        workspace(SOURCE, "The checked-out repository."),
                        workspace(DOCKER_CONFIG, "Registry credentials: a config.json or a .dockerconfigjson Secret.")),
                "results", List.of(
                        result(IMAGE_DIGEST, "The digest of the pushed image."),
                        result(IMAGE_URL, "The pushed image with its tag (with IMAGE_DIGEST, what Tekton Chains signs).")),
                "steps", List.of(step),
                "volumes", List.of(map("name", "containers", "emptyDir", map()))));
    }

    static Map<String, Object> scanTask() {
        return resource("Task", SCAN, map(
                "description", "Scans an image for known vulnerabilities with Trivy and fails on the chosen severities.",
                "params", List.of(
                        param("image", "The image to scan, by digest.", null),
                        param("severity", "Comma-separated severities that are reported.", "CRITICAL,HIGH"),
                        param("exit-code", "The exit code when a reported vulnerability is found (0: report only).", "1")),
                "workspaces", List.of(
                        workspace(DOCKER_CONFIG, "Registry credentials: a config.json or a .dockerconfigjson Secret.")),
                "steps", List.of(step("scan", StepImages.TRIVY, "/tmp", List.of(
                        env("IMAGE", "$(params.image)"), env("SEVERITY", "$(params.severity)"),
                        env("EXIT_CODE", "$(params.exit-code)"),
                        env("DOCKER_CONFIG_DIR", "$(workspaces." + DOCKER_CONFIG + ".path)")), """
                        #!/bin/sh
                        set -eu
                        # Trivy reads registry credentials from $DOCKER_CONFIG/config.json.
                        mkdir -p /tmp/docker
                        for file in config.json .dockerconfigjson; do
                          if [ -f "$DOCKER_CONFIG_DIR/$file" ]; then cp "$DOCKER_CONFIG_DIR/$file" /tmp/docker/config.json; fi
                        done
                        export DOCKER_CONFIG=/tmp/docker
                        trivy image --no-progress --scanners vuln --severity "$SEVERITY" --exit-code "$EXIT_CODE" "$IMAGE"
                        """))));
    }

    static Map<String, Object> deployTask() {
        return resource("Task", DEPLOY, map(
                "description", "Releases one service at a new version to an environment with `slipway deploy`, which "
                        + "checks the version ranges of its dependencies and rolls it out with its strategy.",
                "params", List.of(
                        param("environment", "The environment to deploy to.", null),
                        param("service", "The service to release.", null),
                        param("version", "The version to release and the digest of its image: VERSION@sha256:DIGEST.", null)),
                "workspaces", List.of(workspace(SOURCE, "The checked-out repository with slipway.yaml at its root.")),
                "steps", List.of(step("deploy", StepImages.SLIPWAY, SOURCE_PATH, List.of(
                        env("ENVIRONMENT", "$(params.environment)"), env("SERVICE", "$(params.service)"),
                        env("VERSION", "$(params.version)")), """
                        #!/bin/sh
                        set -eu
                        slipway deploy --env "$ENVIRONMENT" --set "$SERVICE=$VERSION"
                        """))));
    }
}
