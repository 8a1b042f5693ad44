package dev.slipway.generate.ci;

import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.Layout;
import dev.slipway.generate.ci.ReleasePipeline.BuildTrack;
import dev.slipway.generate.ci.ReleasePipeline.Deployment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code .slipway/ci.sh}: the one script through which every generated pipeline (GitHub Actions, GitLab CI,
 * Jenkins, Tekton) talks to Slipway — curl and a POSIX shell against {@code slipway serve}'s REST API, so no
 * runner needs a Slipway binary or image. The pipelines only call its commands, built here, so the four CI
 * targets cannot drift apart. The script itself is a resource, checked by shellcheck in the conformance suite.
 */
public final class CiScript {

    public static final String PATH = ".slipway/ci.sh";
    /** Run with {@code sh}: a checkout does not always keep the executable bit (Windows, some CI caches). */
    private static final String RUN = "sh " + PATH;

    /** The CI secrets every job that talks to Slipway needs. */
    public static final String URL_SECRET = "SLIPWAY_URL";
    public static final String TOKEN_SECRET = "SLIPWAY_TOKEN";

    private CiScript() {
    }

    public static GeneratedFile file() {
        try (InputStream in = CiScript.class.getResourceAsStream("ci.sh")) {
            String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int firstLine = script.indexOf('\n') + 1;
            return new GeneratedFile(PATH, script.substring(0, firstLine) + "# " + Layout.HEADER_TEXT + "\n#\n"
                    + script.substring(firstLine));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Prints {@code true} when the service changed since its last successful deployment to {@code environment}
     * (as Slipway's deployment history records it), else {@code false}: the paths it watches, as git pathspecs.
     */
    public static String changed(String environment, BuildTrack build) {
        StringBuilder command = new StringBuilder(RUN + " changed " + environment + " " + build.name());
        build.watchedPaths().forEach(path -> command.append(' ').append(quote(path)));
        return command.toString();
    }

    /**
     * Prints the version this run's builds are recorded and released as: a semantic version (the last {@code v*}
     * tag's, else 0.0.0) with the commit as build metadata, e.g. {@code 2.1.0+0123456789ab}, so that the ranges
     * services declare on each other can be checked against it, and every build has its own.
     */
    public static String version() {
        return RUN + " version";
    }

    /** Records the pushed image of {@code build}; version and digest come from the named shell variables. */
    public static String recordBuild(BuildTrack build, String versionVariable, String imageVariable, String digestVariable) {
        return RUN + " record-build " + build.name() + " \"$" + versionVariable + "\" \"$" + imageVariable + "\" \"$"
                + digestVariable + "\"";
    }

    /**
     * Releases to {@code deployment} each service this run built — {@code SERVICE=VERSION@DIGEST} from the variables
     * {@link ShellSteps#versionVariable} and {@link ShellSteps#digestVariable} — and waits for its outcome. A service
     * whose digest variable is empty was not built: it stays as it runs.
     */
    public static String release(Deployment deployment, List<BuildTrack> builds) {
        StringBuilder script = new StringBuilder("set --\n");
        for (BuildTrack build : builds) {
            script.append("if [ -n \"${").append(ShellSteps.digestVariable(build)).append(":-}\" ]; then set -- \"$@\" \"")
                    .append(build.name()).append("=${").append(ShellSteps.versionVariable(build)).append("}@${")
                    .append(ShellSteps.digestVariable(build)).append("}\"; fi\n");
        }
        return script.append(RUN).append(" release ").append(deployment.name()).append(" \"$@\"\n").toString();
    }

    /** Promotes to {@code deployment} what runs healthy in its source environment, and waits for its outcome. */
    public static String promote(Deployment deployment) {
        return RUN + " promote " + deployment.name() + "\n";
    }

    /** A single-quoted shell word. */
    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
