package dev.slipway.cli;

import java.io.PrintWriter;
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

    /** Runs the command line on stdout/stderr and returns its exit code. */
    public static int run(String... args) {
        return SlipwayCommand.commandLine().execute(args);
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
