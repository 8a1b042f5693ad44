package dev.slipway.cli;

import dev.slipway.model.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level command: lists the subcommands and prints help and version. */
@Command(name = "slipway",
        mixinStandardHelpOptions = true,
        versionProvider = SlipwayCommand.Version.class,
        description = {
            "Slipway reads one slipway.yaml that describes your whole system — services, builds, dependencies with "
                + "version ranges, environments and rollout strategies — and generates the CI/CD and deployment "
                + "files you would otherwise write by hand for every service, and plans and runs multi-service "
                + "releases in dependency order with coordinated rollback.",
            "",
            "Start with `slipway init` in your repository, check the result with `slipway validate`, then "
                + "`slipway generate`; `slipway plan` and `slipway deploy` release to an environment (the built-in "
                + "sandbox cluster). `slipway demo` shows all of it on the bundled example shop."},
        commandListHeading = "%nCommands:%n",
        footer = {"", "Exit codes: 0 success, 1 the spec or the files have problems (all are listed), 2 bad usage "
                + "(deploy, rollback, resume: 2 rolled back, 3 paused).",
            "Docs: README.md and docs/ in the Slipway repository."},
        subcommands = {
            InitCommand.class,
            ValidateCommand.class,
            GraphCommand.class,
            GenerateCommand.class,
            SchemaCommand.class,
            PlanCommand.class,
            DeployCommand.class,
            BuildCommand.class,
            PromoteCommand.class,
            ApproveCommand.class,
            StatusCommand.class,
            RollbackCommand.class,
            ResumeCommand.class,
            ReportCommand.class,
            DoraCommand.class,
            SandboxCommand.class,
            TokenCommand.class,
            AuditCommand.class,
            DemoCommand.class,
            ServeCommand.class,
            CommandLine.HelpCommand.class})
public final class SlipwayCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new SlipwayCommand());
        commandLine.setExecutionExceptionHandler(new UnexpectedErrorHandler());
        commandLine.setUsageHelpAutoWidth(true);
        return commandLine;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The version baked into the jar at build time. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"slipway " + version()};
        }

        static String version() {
            try (InputStream in = SlipwayCommand.class.getResourceAsStream("version.properties")) {
                Properties properties = new Properties();
                if (in != null) {
                    properties.load(in);
                }
                return properties.getProperty("version", "development");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Bugs in Slipway (not user mistakes, which are reported as located problems) end here: one line that says
     * what happened and where to report it; the stack trace only with SLIPWAY_DEBUG=1.
     */
    static final class UnexpectedErrorHandler implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
            PrintWriter err = commandLine.getErr();
            if (e instanceof UserError user) {
                err.println("error: " + user.getMessage());
                user.hint().ifPresent(h -> err.println("hint: " + h));
                return 1;
            }
            err.println("internal error: " + e);
            if (System.getenv("SLIPWAY_DEBUG") != null) {
                e.printStackTrace(err);
            } else {
                err.println("this is a bug in Slipway; run again with SLIPWAY_DEBUG=1 for the stack trace and report it");
            }
            return 70;
        }
    }
}
