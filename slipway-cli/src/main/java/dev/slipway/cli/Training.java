package dev.slipway.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The workload the launcher runs once after each build to write the JVM's ahead-of-time cache: every command
 * on the bundled example, so that later runs start with Slipway's classes already loaded and linked.
 * Usage: Training SPEC_FILE
 */
public final class Training {

    private Training() {
    }

    public static void main(String[] args) throws IOException {
        Path spec = Path.of(args[0]);
        Path out = Files.createTempDirectory("slipway-training-");
        try {
            List<String[]> commands = List.of(
                    new String[] {"--help"},
                    new String[] {"validate", "-f", spec.toString()},
                    new String[] {"graph", "-f", spec.toString(), "--format", "json"},
                    new String[] {"graph", "-f", spec.toString()},
                    new String[] {"schema"},
                    new String[] {"generate", "-f", spec.toString(), "--target", "all", "--out", out.toString()},
                    new String[] {"generate", "-f", spec.toString(), "--target", "all", "--out", out.toString(), "--check"});
            for (String[] command : commands) {
                Main.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), command);
            }
        } finally {
            try (Stream<Path> paths = Files.walk(out)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
