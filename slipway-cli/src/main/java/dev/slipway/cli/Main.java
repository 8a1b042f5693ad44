package dev.slipway.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Entry point of the {@code slipway} command. */
public final class Main {

    private Main() {
    }

    /** Set when the process's stdout is an interactive terminal (never for captured output). */
    private static volatile boolean interactive;

    public static void main(String[] args) {
        interactive = System.console() != null;
        System.exit(run(args));
    }

    /** Whether output may be redrawn in place with ANSI escapes. */
    static boolean interactive() {
        return interactive;
    }

    /**
     * Runs the command line on stdout/stderr and returns its exit code. Both are flushed before it returns: a
     * command that ends with {@code print} (a refused plan's reasons, a JSON document) would otherwise lose it when
     * the JVM exits.
     */
    public static int run(String... args) {
        return run(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
                new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true), args);
    }

    /** Runs the command line with its output captured (tests, the server later). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = SlipwayCommand.commandLine();
        commandLine.setOut(out);
        commandLine.setErr(err);
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
