package dev.slipway.bench;

import dev.slipway.release.execute.ReleaseResult;
import dev.slipway.release.plan.Plan;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Locale;

/**
 * A release of every service of a large random system ({@link RandomSystem}, 10,000 services by default) through
 * the real engine on the sandbox in virtual time ({@link SandboxRelease}): wall time, engine CPU time per
 * transition, peak heap, transitions.
 * <p>
 * Engine CPU time is measured by {@link Meter}: thread CPU time inside the engine's callbacks minus the time those
 * spent in the sandbox. The run's whole thread CPU time (engine, sandbox and clock) per transition is printed
 * too, as an upper bound that needs no instrumentation.
 * <p>
 * Peak heap: the heap pools' peak usage, reset after the setup (spec, sandbox install, plan) and summed over the
 * pools — an upper bound of the true peak, since the pools peak at different moments. Run with -Xmx1g to show the
 * release fits in 1 GiB.
 * <p>
 * Usage: {@code ScaleBenchmark [--services 10000] [--replicas 3] [--seed 42]}
 */
public final class ScaleBenchmark {

    public static void main(String[] args) {
        int services = 10_000;
        int replicas = 3;
        long seed = 42;
        for (int i = 0; i < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--services" -> services = Integer.parseInt(value);
                case "--replicas" -> replicas = Integer.parseInt(value);
                case "--seed" -> seed = Long.parseLong(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        run(services, replicas, seed, System.out);
    }

    static void run(int services, int replicas, long seed, PrintStream out) {
        long setupStart = System.nanoTime();
        RandomSystem system = RandomSystem.generate(services, seed);
        SandboxRelease release = new SandboxRelease(system, replicas);
        long specMillis = (System.nanoTime() - setupStart) / 1_000_000;
        long installStart = System.nanoTime();
        release.install();
        long installMillis = (System.nanoTime() - installStart) / 1_000_000;
        long planStart = System.nanoTime();
        Plan plan = release.plan(0);
        long planMillis = (System.nanoTime() - planStart) / 1_000_000;

        System.gc();
        long baseline = heapUsed();
        List<MemoryPoolMXBean> pools = heapPools();
        pools.forEach(MemoryPoolMXBean::resetPeakUsage);
        long gcBefore = gcMillis();

        SandboxRelease.Outcome o = release.release(plan, 0);

        long peak = pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        long gc = gcMillis() - gcBefore;
        System.gc();
        long retained = heapUsed();
        ReleaseResult r = o.result();
        if (r.outcome() != ReleaseResult.Outcome.SUCCEEDED) {
            throw new IllegalStateException("the release did not succeed: " + r.outcome());
        }
        long maxHeap = Runtime.getRuntime().maxMemory();

        out.println("### A release of " + String.format(Locale.ROOT, "%,d", services) + " services on the sandbox"
                + " (virtual time, rolling, " + replicas + " replicas each)");
        out.println();
        out.println("| measure | value |");
        out.println("|---|---:|");
        out.println(line("services / dependency edges / depth", String.format(Locale.ROOT, "%,d / %,d / %d",
                services, system.edges(),
                system.depths().values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1)));
        out.println(line("setup: spec loaded / sandbox installed (1.0.0) / plan", String.format(Locale.ROOT,
                "%,d ms / %,d ms / %,d ms", specMillis, installMillis, planMillis)));
        out.println(line("simulated makespan / critical path", MakespanBenchmark.time(r.makespan()) + " / "
                + MakespanBenchmark.time(r.criticalPath())));
        out.println(line("transitions (journal records)", String.format(Locale.ROOT, "%,d", o.transitions())));
        out.println(line("clock events (engine and sandbox)", String.format(Locale.ROOT, "%,d", o.clockEvents())));
        out.println(line("wall time of the release", String.format(Locale.ROOT, "%,d ms", o.wallNanos() / 1_000_000)));
        out.println(line("engine CPU time (callbacks minus sandbox calls)", String.format(Locale.ROOT,
                "%,d ms in %,d callbacks", o.engineCpuNanos() / 1_000_000, o.engineCallbacks())));
        out.println(line("**engine CPU time per transition**", String.format(Locale.ROOT, "**%.1f µs**",
                o.engineCpuNanos() / 1e3 / o.transitions())));
        out.println(line("sandbox CPU time inside engine calls", String.format(Locale.ROOT, "%,d ms",
                o.clusterCpuNanos() / 1_000_000)));
        out.println(line("whole thread CPU per transition (engine + sandbox + clock)", String.format(Locale.ROOT,
                "%.1f µs", o.threadCpuNanos() / 1e3 / o.transitions())));
        out.println(line("**peak heap during the release** (sum of pool peaks)", String.format(Locale.ROOT,
                "**%,d MiB**", peak >> 20)));
        out.println(line("heap after GC: before the release / after it (engine, journal, sandbox live)",
                String.format(Locale.ROOT, "%,d MiB / %,d MiB", baseline >> 20, retained >> 20)));
        out.println(line("GC time during the release", String.format(Locale.ROOT, "%,d ms", gc)));
        out.println(line("max heap (-Xmx)", String.format(Locale.ROOT, "%,d MiB", maxHeap >> 20)));
    }

    private static String line(String measure, String value) {
        return "| " + measure + " | " + value + " |";
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }
}
