package dev.slipway.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of the {@code slipway} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
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
