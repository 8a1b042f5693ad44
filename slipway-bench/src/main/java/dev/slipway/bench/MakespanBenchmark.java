package dev.slipway.bench;

import dev.slipway.release.execute.ReleaseResult;
import dev.slipway.release.plan.Plan;
import dev.slipway.release.plan.PlannedService;
import dev.slipway.release.plan.Schedule;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Makespan of a release: Slipway's event-driven scheduling against the critical-path lower bound, Argo CD-style
 * sync waves and Flux-style dependsOn polling, on the same seeded random DAGs and durations ({@link RandomSystem});
 * with a parallelism cap k, against max(critical path, total work / k).
 * <p>
 * Slipway's makespan comes from {@link Schedule} (the list scheduler the engine shares with the plan) and, for
 * systems up to {@code --engine-max} services, from the real {@link dev.slipway.release.execute.ReleaseEngine} on
 * the sandbox in virtual time ({@link SandboxRelease}).
 * <p>
 * Usage: {@code MakespanBenchmark [--sizes 10,50,200,1000] [--seed 42] [--seeds 20] [--engine-max 1000]}
 */
public final class MakespanBenchmark {

    static final int[] CAPS = {4, 16};

    public static void main(String[] args) {
        int[] sizes = {10, 50, 200, 1000};
        long seed = 42;
        int seeds = 20;
        int engineMax = 1000;
        for (int i = 0; i < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--sizes" -> sizes = Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray();
                case "--seed" -> seed = Long.parseLong(value);
                case "--seeds" -> seeds = Integer.parseInt(value);
                case "--engine-max" -> engineMax = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        run(sizes, seed, seeds, engineMax, System.out);
    }

    static void run(int[] sizes, long seed, int seeds, int engineMax, PrintStream out) {
        List<String> uncapped = new ArrayList<>();
        List<String> capped = new ArrayList<>();
        List<String> robustness = new ArrayList<>();
        List<String> verified = new ArrayList<>();
        long[] largestGap = {0}; // nanoseconds between the engine's makespan and the Schedule's
        for (int n : sizes) {
            RandomSystem system = RandomSystem.generate(n, seed + n);
            Schedule free = Schedule.of(system.durations(), system.dependencies(), 0);
            Duration cp = free.criticalPathLength();
            Duration work = free.totalWork();
            boolean engine = n <= engineMax;
            String engineCell = "—";
            if (engine) {
                ReleaseResult r = engineRun(system, 0).result();
                largestGap[0] = Math.max(largestGap[0], Math.abs(r.makespan().minus(free.makespan()).toNanos()));
                engineCell = time(r.makespan()) + " (" + ratio(r.makespan(), cp) + ")";
            }
            Duration waves = Baselines.syncWaves(system);
            Duration polling = Baselines.dependsOnPolling(system, seed + n + 1);
            int depth = system.depths().values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
            uncapped.add(row(n, system.edges(), depth, time(cp), time(work),
                    time(free.makespan()) + " (" + ratio(free.makespan(), cp) + ")", engineCell,
                    time(waves) + " (" + ratio(waves, cp) + ")", time(polling) + " (" + ratio(polling, cp) + ")"));
            for (int k : CAPS) {
                Duration bound = bound(cp, work, k);
                Schedule s = Schedule.of(system.durations(), system.dependencies(), k);
                String engineCapped = "—";
                if (engine) {
                    Duration m = engineRun(system, k).result().makespan();
                    largestGap[0] = Math.max(largestGap[0], Math.abs(m.minus(s.makespan()).toNanos()));
                    engineCapped = time(m) + " (" + ratio(m, bound) + ")";
                }
                capped.add(row(n, k, time(cp), time(work.dividedBy(k)), time(bound),
                        time(s.makespan()) + " (" + ratio(s.makespan(), bound) + ")", engineCapped));
            }
            robustness.add(robustness(n, seed, seeds));
            verified.add(withWindows(n, system, free));
        }
        out.println("### Without a cap (seed " + seed + " + size; ratios to the critical path)");
        out.println();
        out.println("| services | edges | depth | critical path | total work | Slipway (Schedule) | Slipway (engine on sandbox) "
                + "| sync waves (+2 s) | dependsOn, 30 s re-check |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        uncapped.forEach(out::println);
        out.println();
        out.println("### With a cap k (ratios to max(critical path, total work / k))");
        out.println();
        out.println("| services | k | critical path | total work / k | lower bound | Slipway (Schedule) | Slipway (engine on sandbox) |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|");
        capped.forEach(out::println);
        out.println();
        out.println("Largest difference between the engine's makespan and the Schedule's, over every engine run above: "
                + largestGap[0] + " ns.");
        out.println();
        out.println("### Over " + seeds + " seeds (Schedule; worst and mean ratio)");
        out.println();
        out.println("| services | no cap / critical path | k=4 / bound | k=16 / bound | sync waves / critical path "
                + "| dependsOn / critical path |");
        out.println("|---:|---:|---:|---:|---:|---:|");
        robustness.forEach(out::println);
        out.println();
        out.println("### With verification windows (" + WINDOW.toMinutes() + " m after every rolling rollout; Schedule)");
        out.println();
        out.println("A service counts as promoted, and its dependents start, only once its window passed: each "
                + "service's duration grows by the window, and the critical path by one window per service on it.");
        out.println();
        out.println("| services | depth | makespan without | makespan with | critical path with | increase "
                + "| k=16 without | k=16 with |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
        verified.forEach(out::println);
    }

    /** The verification window the makespan is reported with, besides without. */
    static final Duration WINDOW = Duration.ofMinutes(5);

    /** The same system with every service's duration lengthened by {@link #WINDOW}, without and with a cap of 16. */
    private static String withWindows(int n, RandomSystem system, Schedule free) {
        java.util.Map<String, Duration> longer = new java.util.LinkedHashMap<>();
        system.durations().forEach((name, d) -> longer.put(name, d.plus(WINDOW)));
        Schedule windowed = Schedule.of(longer, system.dependencies(), 0);
        Schedule cappedWithout = Schedule.of(system.durations(), system.dependencies(), 16);
        Schedule cappedWith = Schedule.of(longer, system.dependencies(), 16);
        int depth = system.depths().values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        return row(n, depth, time(free.makespan()), time(windowed.makespan()), time(windowed.criticalPathLength()),
                "+" + time(windowed.makespan().minus(free.makespan())) + " (" + ratio(windowed.makespan(),
                        free.makespan()) + "×)", time(cappedWithout.makespan()), time(cappedWith.makespan()));
    }

    private static SandboxRelease.Outcome engineRun(RandomSystem system, int cap) {
        SandboxRelease release = new SandboxRelease(system, 3);
        release.install();
        Plan plan = release.plan(cap);
        for (PlannedService s : plan.services()) { // the plan must order exactly as the DAG says
            if (!new java.util.TreeSet<>(s.after()).equals(new java.util.TreeSet<>(system.dependencies().get(s.name())))) {
                throw new IllegalStateException(s.name() + " waits for " + s.after() + ", the DAG says "
                        + system.dependencies().get(s.name()));
            }
        }
        SandboxRelease.Outcome outcome = release.release(plan, cap);
        if (outcome.result().outcome() != ReleaseResult.Outcome.SUCCEEDED) {
            throw new IllegalStateException("the release did not succeed: " + outcome.result().outcome());
        }
        return outcome;
    }

    private static String robustness(int n, long seed, int seeds) {
        double[][] ratios = new double[5][seeds];
        for (int i = 0; i < seeds; i++) {
            RandomSystem system = RandomSystem.generate(n, seed * 1000 + n * 31L + i);
            Schedule free = Schedule.of(system.durations(), system.dependencies(), 0);
            double cp = free.criticalPathLength().toMillis();
            ratios[0][i] = free.makespan().toMillis() / cp;
            for (int c = 0; c < CAPS.length; c++) {
                double bound = bound(free.criticalPathLength(), free.totalWork(), CAPS[c]).toMillis();
                ratios[1 + c][i] = Schedule.of(system.durations(), system.dependencies(), CAPS[c]).makespan().toMillis()
                        / bound;
            }
            ratios[3][i] = Baselines.syncWaves(system).toMillis() / cp;
            ratios[4][i] = Baselines.dependsOnPolling(system, i).toMillis() / cp;
        }
        List<Object> cells = new ArrayList<>();
        cells.add(n);
        for (double[] r : ratios) {
            cells.add(String.format(Locale.ROOT, "%.3f worst, %.3f mean", Arrays.stream(r).max().orElse(0),
                    Arrays.stream(r).average().orElse(0)));
        }
        return row(cells.toArray());
    }

    static Duration bound(Duration criticalPath, Duration work, int k) {
        Duration share = Duration.ofMillis((work.toMillis() + k - 1) / k);
        return share.compareTo(criticalPath) > 0 ? share : criticalPath;
    }

    static String row(Object... cells) {
        StringBuilder line = new StringBuilder("|");
        for (Object cell : cells) {
            line.append(' ').append(cell).append(" |");
        }
        return line.toString();
    }

    static String ratio(Duration value, Duration base) {
        return String.format(Locale.ROOT, "%.4f", (double) value.toNanos() / base.toNanos());
    }

    /** h:mm:ss.s */
    static String time(Duration d) {
        long tenths = Math.round(d.toNanos() / 1e8);
        return String.format(Locale.ROOT, "%d:%02d:%02d.%d", tenths / 36000, tenths / 600 % 60, tenths / 10 % 60,
                tenths % 10);
    }
}
