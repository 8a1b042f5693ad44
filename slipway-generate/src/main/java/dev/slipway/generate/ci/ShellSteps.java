package dev.slipway.generate.ci;

import dev.slipway.generate.ci.ReleasePipeline.BuildTrack;
import dev.slipway.generate.ci.ReleasePipeline.Deployment;
import java.util.List;

/**
 * The shell that every CI target runs for the same step, so the three pipelines behave alike. Values the
 * CI knows (image, digest, URLs) come in as environment variables, never pasted into the script, so a
 * branch name or tag can never inject shell code.
 */
final class ShellSteps {

    private ShellSteps() {
    }

    /** The variable a pipeline sets to a service's image digest ({@code sha256:...}) after the push. */
    static String digestVariable(BuildTrack build) {
        return build.variable() + "_DIGEST";
    }

    /** The variable a pipeline sets to a service's version (the semver of a v* tag, else the commit SHA). */
    static String versionVariable(BuildTrack build) {
        return build.variable() + "_VERSION";
    }

    /** Probes a deployed service's health path through its URL in the environment, with retries. */
    static String smokeTest(Deployment deployment, BuildTrack build) {
        String variable = deployment.urlVariable(build);
        return "url=\"${" + variable + ":?set the variable " + variable + " to the base URL of " + build.name()
                + " in " + deployment.name() + "}\"\n"
                + "curl --fail --silent --show-error --retry 10 --retry-delay 6 --retry-all-errors --max-time 10 \"${url%/}"
                + build.service().healthPath() + "\"\n";
    }

    /**
     * Starts the freshly built image on the build machine and waits for its health path: the image starts,
     * listens on its port and answers. The host port is picked by Docker so parallel builds never collide.
     */
    static String containerHealthCheck(BuildTrack build, String imageReference, String containerName) {
        int port = build.service().port().orElseThrow();
        return "docker run --detach --name " + containerName + " --publish 127.0.0.1::" + port + " " + imageReference + "\n"
                + "trap 'docker logs " + containerName + "; docker rm --force " + containerName + " >/dev/null' EXIT\n"
                + "port=\"$(docker port " + containerName + " " + port + "/tcp | head -n 1 | sed 's/.*://')\"\n"
                + "curl --fail --silent --show-error --retry 30 --retry-delay 2 --retry-all-errors --max-time 5 \"http://127.0.0.1:${port}"
                + build.service().healthPath() + "\"\n";
    }

    /** Joins commands into one script that stops at the first failing command. */
    static String script(List<String> commands) {
        return String.join("\n", commands) + "\n";
    }
}
