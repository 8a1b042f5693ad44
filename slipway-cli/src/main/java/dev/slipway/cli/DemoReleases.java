package dev.slipway.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's second act: the example shop released twice on a fresh sandbox. Release 1 installs every service in
 * dependency order; release 2 carries a catalog 2.0.0 that fails 30 % of its requests, so its canary fails at the
 * first step and the release is rolled back the coordinated way (rollback-all: what was already promoted goes back
 * too, dependents first). Runs through the real commands, as a user would type them.
 */
final class DemoReleases {

    static final String ENV = "production";
    static final List<String> INSTALL = List.of("postgres=16.4.0", "rabbitmq=3.13.7", "redis=7.2.5", "cart=1.0.0",
            "catalog=1.0.0", "checkout=1.0.0", "frontend=1.0.0", "notifications=1.0.0", "payments=1.0.0",
            "recommendations=1.0.0", "shipping=1.0.0");
    static final List<String> FAULTY = List.of("cart=1.1.0", "payments=1.1.0", "catalog=2.0.0",
            "recommendations=1.1.0", "frontend=1.1.0");
    static final String FAULTS = "# the demo's faulty build: catalog 2.0.0 fails 30 % of its requests\n"
            + "- {service: catalog, version: 2.0.0, errorRate: 0.3, latencyFactor: 1.0, crashLoop: false}\n";

    private final PrintWriter out;
    private final PrintWriter err;
    private final Path spec;
    private final Path work;
    private final double speed;

    /** @param speed 0 for virtual time */
    DemoReleases(PrintWriter out, PrintWriter err, Path spec, Path work, double speed) {
        this.out = out;
        this.err = err;
        this.spec = spec;
        this.work = work;
        this.speed = speed;
    }

    int run() throws IOException {
        Path data = work.resolve("data");
        Path faults = work.resolve("faults.yaml");
        Files.writeString(faults, FAULTS);
        String time = speed > 0 ? " (real time x" + (long) speed + ")" : " (virtual time)";
        int first = step("release 1: install the shop in dependency order" + time, 0,
                deploy(data, INSTALL, List.of()));
        if (first != 0) {
            return first;
        }
        int second = step("release 2: a faulty catalog 2.0.0; its canary fails and the release is rolled back"
                + time, 2, deploy(data, FAULTY, List.of("--sandbox-faults", faults.toString(),
                "--on-failure", "rollback-all")));
        if (second != 2) {
            return second == 0 ? 1 : second;
        }
        int report = step("why release 2 was rolled back", 0, List.of("report", "r-" + ENV + "-2", "--data-dir",
                data.toString()));
        if (report != 0) {
            return report;
        }
        int status = step("what runs in production now", 0, List.of("status", "-f", spec.toString(),
                "--data-dir", data.toString(), "--env", ENV));
        if (status != 0) {
            return status;
        }
        out.printf("%n── summary%n%n"
                + "  release 1 installed all 11 services, each once the services it depends on were up;%n"
                + "  release 2's catalog 2.0.0 failed in its first canary step (30 %% errors at 10 %% of the traffic):%n"
                + "  catalog was rolled back, its dependents recommendations and frontend never started, and the%n"
                + "  services already promoted (cart, payments) were rolled back too (--on-failure rollback-all).%n"
                + "  Production runs exactly what it ran before release 2, with no split traffic.%n%n"
                + "Try it yourself: ./slipway deploy -f examples/shop/slipway.yaml --env production --set ...%n");
        out.flush();
        return 0;
    }

    private List<String> deploy(Path data, List<String> sets, List<String> more) {
        List<String> args = new ArrayList<>(List.of("deploy", "-f", spec.toString(), "--data-dir", data.toString(),
                "--env", ENV));
        sets.forEach(s -> args.addAll(List.of("--set", s)));
        args.addAll(more);
        if (speed > 0) {
            args.addAll(List.of("--speed", String.valueOf(speed)));
        }
        return args;
    }

    private int step(String title, int expected, List<String> args) {
        out.printf("%n── %s%n   slipway %s%n%n", title, String.join(" ", args.stream()
                .map(a -> a.startsWith(work.toString()) ? "$DEMO" + a.substring(work.toString().length()) : a)
                .toList()));
        out.flush();
        int code = Main.run(out, err, args.toArray(String[]::new));
        if (code != expected) {
            err.printf("demo: `slipway %s` exited with %d, expected %d%n", args.getFirst(), code, expected);
            err.flush();
        }
        return code;
    }
}
