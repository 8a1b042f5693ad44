package dev.slipway.generate.docker;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds the text of one Dockerfile instruction by instruction. Multi-command RUNs are written one command
 * a line joined with {@code &&}, so a diff of the generated file shows which command changed.
 */
final class DockerfileText {

    private final StringBuilder text = new StringBuilder();

    DockerfileText comment(String line) {
        text.append("# ").append(line).append('\n');
        return this;
    }

    DockerfileText blank() {
        text.append('\n');
        return this;
    }

    DockerfileText from(String image, String stage) {
        text.append("FROM ").append(image).append(" AS ").append(stage).append('\n');
        return this;
    }

    DockerfileText line(String instruction) {
        text.append(instruction).append('\n');
        return this;
    }

    /** A RUN whose commands all must succeed; {@code mounts} are BuildKit/Buildah cache mounts. */
    DockerfileText run(List<String> mounts, String... commands) {
        StringBuilder run = new StringBuilder("RUN");
        for (String mount : mounts) {
            run.append(" --mount=type=cache,target=").append(mount);
        }
        // the commands start on the RUN line unless cache mounts already fill it
        run.append(mounts.isEmpty() || commands.length == 1 ? " " : " \\\n    ");
        run.append(String.join(" \\\n    && ", commands));
        return line(run.toString());
    }

    DockerfileText run(String... commands) {
        return run(List.of(), commands);
    }

    /** An instruction in exec form ({@code CMD ["a", "b"]}): no shell in between, signals reach the process. */
    DockerfileText exec(String instruction, String... arguments) {
        return line(instruction + " " + json(List.of(arguments)));
    }

    static String json(List<String> arguments) {
        return arguments.stream()
                .map(a -> "\"" + a.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(", ", "[", "]"));
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
