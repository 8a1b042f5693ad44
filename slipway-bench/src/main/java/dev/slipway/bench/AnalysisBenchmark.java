package dev.slipway.bench;

import dev.slipway.model.CanaryAnalysis;
import dev.slipway.model.SystemSpec;
import dev.slipway.release.Track;
import dev.slipway.release.analysis.Judges;
import dev.slipway.release.cluster.TrackSpec;
import dev.slipway.release.execute.InMemoryJournal;
import dev.slipway.release.execute.ProgressListener;
import dev.slipway.release.execute.ReleaseEngine;
import dev.slipway.release.execute.RolloutPhase;
import dev.slipway.release.execute.Transition;
import dev.slipway.release.plan.Plan;
import dev.slipway.release.plan.PlanRenderer;
import dev.slipway.release.plan.PlanResult;
import dev.slipway.release.plan.Planner;
import dev.slipway.release.plan.ReleaseRequest;
import dev.slipway.release.time.VirtualClock;
import dev.slipway.sandbox.Fault;
import dev.slipway.sandbox.Faults;
import dev.slipway.sandbox.SandboxCluster;
import dev.slipway.sandbox.SandboxOptions;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Canary analysis on the sandbox's seeded traffic: how fast a bad canary is rolled back and how often a healthy one
 * is, for Slipway's statistical and threshold judges and, on the same traffic, fixed-interval threshold analysis as
 * Flagger (its defaults: a check every 60 s, rollback after 1 failed check) and Argo Rollouts (its documentation's
 * example: every 5 m, failureLimit 3, i.e. rollback at the 4th failed measurement) run it ({@link FixedIntervalJudge}).
 * <p>
 * Each trial is one release of one service through the real {@link ReleaseEngine} on a {@link SandboxCluster} in
 * virtual time: stable 1.0.0 fails 1 % of its requests; the release brings 2.0.0 as a canary with steps
 * [10, 25, 50, 100] % of the traffic, each held {@code stepInterval}, looked at every 5 s. The time measured is
 * from the canary's first traffic (the journal's first transition into analysing) to all traffic back on stable
 * (the transition into rolled-back). Every judge sees the same traffic: a trial's seed depends on the cell and the
 * trial number, not on the judge, and the sandbox draws traffic from that seed per time bucket.
 * <p>
 * Usage: {@code AnalysisBenchmark [--rps 10,100,1000] [--trials 1000] [--seed 42] [--step-interval 10m]
 * [--threads N] [--canaries all|healthy|faulty]} (the healthy canary alone measures false rollbacks with many trials
 * at a fraction of the cost; a trial's seed depends on the canary's place in the full list, so the split runs see the
 * same traffic as a full one)
 */
public final class AnalysisBenchmark {

    static final String ENV = "production";
    static final String SERVICE = "svc";
    static final double BASELINE_ERROR_RATE = 0.01;
    static final int[] STEPS = {10, 25, 50, 100};
    static final int REPLICAS = 2;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** How the canary misbehaves, relative to stable: its error rate and latency as multiples of stable's. */
    record Canary(String label, double errorFactor, double latencyFactor) {
        boolean healthy() {
            return errorFactor == 1 && latencyFactor == 1;
        }
    }

    static final List<Canary> CANARIES = List.of(new Canary("errors ×2", 2, 1), new Canary("errors ×5", 5, 1),
            new Canary("errors ×10", 10, 1), new Canary("p95 latency ×2", 1, 2), new Canary("p95 latency ×3", 1, 3),
            new Canary("healthy", 1, 1));

    enum Judging {
        /** Slipway's default panel: the classic limits decided by sequential tests. */
        LIMITS("Slipway default (limits)"),
        STATISTICAL("Slipway statistical"),
        /** The same judge asked for a tenth of the default false-rollback rate: the dial's other end. */
        STATISTICAL_STRICT("Slipway statistical, falseRollbackRate 0.1 %"),
        /** The classic raw comparison at every look, which users may still choose. */
        THRESHOLD("Slipway threshold (raw, opt-in)"),
        FLAGGER("Flagger (60 s, 1 failed check)"),
        ARGO("Argo Rollouts (5 m, failureLimit 3)");

        final String title;

        Judging(String title) {
            this.title = title;
        }
    }

    /** One release: whether it was rolled back, and how long after the canary's first traffic stable had it all. */
    record Trial(boolean rolledBack, Duration toStable) {
    }

    /** The trials of one (traffic, canary, judging) cell. */
    record Cell(int rps, Canary canary, Judging judging, List<Trial> trials) {
        long rolledBack() {
            return trials.stream().filter(Trial::rolledBack).count();
        }

        double rolledBackShare() {
            return (double) rolledBack() / trials.size();
        }

        /** The median time to stable over all trials, a canary never rolled back counting as forever; empty then. */
        Optional<Duration> median() {
            long[] nanos = trials.stream().mapToLong(t -> t.rolledBack() ? t.toStable().toNanos() : Long.MAX_VALUE)
                    .sorted().toArray();
            int n = nanos.length;
            long upper = nanos[n / 2];
            long lower = nanos[(n - 1) / 2];
            if (upper == Long.MAX_VALUE) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofNanos(lower / 2 + upper / 2 + (lower % 2 + upper % 2) / 2));
        }
    }

    public static void main(String[] args) throws Exception {
        int[] rps = {10, 100, 1000};
        int trials = 1000;
        long seed = 42;
        Duration stepInterval = Duration.ofMinutes(10);
        int threads = Runtime.getRuntime().availableProcessors();
        List<Canary> canaries = CANARIES;
        for (int i = 0; i < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--rps" -> rps = Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray();
                case "--trials" -> trials = Integer.parseInt(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--step-interval" -> stepInterval = Duration.parse("PT" + value.toUpperCase(Locale.ROOT));
                case "--threads" -> threads = Integer.parseInt(value);
                case "--canaries" -> canaries = switch (value) {
                    case "all" -> CANARIES;
                    case "healthy" -> CANARIES.stream().filter(Canary::healthy).toList();
                    case "faulty" -> CANARIES.stream().filter(c -> !c.healthy()).toList();
                    default -> throw new IllegalArgumentException("--canaries is all, healthy or faulty, got " + value);
                };
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        run(rps, canaries, trials, seed, stepInterval, threads, System.out, System.err);
    }

    static void run(int[] rpsLevels, List<Canary> canaries, int trials, long seed, Duration stepInterval, int threads,
                    PrintStream out, PrintStream progress) throws Exception {
        Map<Judging, SystemSpec> specs = new EnumMap<>(Judging.class);
        for (Judging judging : Judging.values()) {
            specs.put(judging, spec(judging, stepInterval));
        }
        long started = System.nanoTime();
        List<Cell> cells = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int rps : rpsLevels) {
                for (int c = 0; c < canaries.size(); c++) {
                    Canary canary = canaries.get(c);
                    long cellSeed = seed * 1_000_003L + rps * 1_009L + CANARIES.indexOf(canary) * 100_000_007L;
                    for (Judging judging : Judging.values()) {
                        List<Future<Trial>> futures = new ArrayList<>();
                        for (int t = 0; t < trials; t++) {
                            long trialSeed = cellSeed + t;
                            futures.add(pool.submit(() -> trial(specs.get(judging), rps, canary, judging, trialSeed)));
                        }
                        List<Trial> results = new ArrayList<>();
                        for (Future<Trial> f : futures) {
                            results.add(f.get());
                        }
                        cells.add(new Cell(rps, canary, judging, results));
                        progress.printf(Locale.ROOT, "%s rps, %s, %s: %d trials done (%.0f s)%n", rps, canary.label(),
                                judging.title, trials, (System.nanoTime() - started) / 1e9);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        print(cells, rpsLevels, canaries, trials, seed, stepInterval, out);
    }

    /** One release of the service from 1.0.0 to 2.0.0 on a fresh sandbox seeded with {@code seed}. */
    static Trial trial(SystemSpec spec, int rps, Canary canary, Judging judging, long seed) {
        VirtualClock clock = new VirtualClock(T0);
        SandboxCluster sandbox = new SandboxCluster(clock, Map.of(SERVICE, List.of()),
                SandboxOptions.defaults(seed).withDefaultEntryRps(rps));
        sandbox.inject(Faults.of(Fault.errors(SERVICE, "1.0.0", BASELINE_ERROR_RATE),
                new Fault(SERVICE, "2.0.0", BASELINE_ERROR_RATE * canary.errorFactor(), canary.latencyFactor(), false,
                        false, Optional.empty())));
        sandbox.apply(new TrackSpec(ENV, SERVICE, Track.STABLE, "1.0.0",
                spec.system().imageRepository(SERVICE) + ":1.0.0", Optional.empty(), REPLICAS, "25%", "0", Map.of()));
        // a route from the start: the canary's pods take no traffic until the engine routes some to them
        sandbox.route(ENV, SERVICE, Map.of(Track.STABLE, 100));
        runClock(clock);

        PlanResult planned = Planner.plan(spec, sandbox.inventory(ENV), new ReleaseRequest(ENV, Map.of(SERVICE, "2.0.0")));
        if (!(planned instanceof Plan plan)) {
            throw new IllegalStateException(PlanRenderer.text(planned));
        }
        InMemoryJournal journal = new InMemoryJournal();
        ReleaseEngine.Options options = switch (judging) {
            case LIMITS, STATISTICAL, STATISTICAL_STRICT, THRESHOLD -> ReleaseEngine.Options.DEFAULT; // analysis.judges decide
            case FLAGGER -> ReleaseEngine.Options.DEFAULT.withJudges(s -> new FixedIntervalJudge(Duration.ofSeconds(60), 1));
            case ARGO -> ReleaseEngine.Options.DEFAULT.withJudges(s -> new FixedIntervalJudge(Duration.ofMinutes(5), 4));
        };
        ReleaseEngine engine = ReleaseEngine.start("bench", plan, sandbox, new MemoMetrics(sandbox), journal,
                clock, options, ProgressListener.NONE);
        runClock(clock);
        if (engine.result().isEmpty()) {
            throw new IllegalStateException("the release did not finish by " + clock.now());
        }
        Instant firstTraffic = null;
        for (Transition t : journal.read("bench")) {
            if (!t.service().equals(SERVICE)) {
                continue;
            }
            if (firstTraffic == null && RolloutPhase.of(t.to()) == RolloutPhase.ANALYSING) {
                firstTraffic = t.at();
            }
            if (RolloutPhase.of(t.to()) == RolloutPhase.ROLLED_BACK) {
                return new Trial(true, Duration.between(firstTraffic, t.at()));
            }
        }
        return new Trial(false, Duration.ZERO);
    }

    private static void runClock(VirtualClock clock) {
        while (clock.runNext()) {
            // every event, until none is left
        }
    }

    /** The one-service system, its analysis naming Slipway's judge (the baselines' judges replace it). */
    static SystemSpec spec(Judging judging, Duration stepInterval) {
        String analysis = switch (judging) {
            case LIMITS -> "guardDependents: true"; // nothing about judges: the default panel
            case STATISTICAL -> "judges: [statistical]";
            case STATISTICAL_STRICT -> "judges: [statistical]\n      falseRollbackRate: 0.001";
            case THRESHOLD, FLAGGER, ARGO -> "judges: [threshold]";
        };
        return BenchSpec.load(BenchSpec.header(ENV) + """
                  %s:
                    path: services/%s
                    language: go
                    port: 8080
                    replicas: %d
                    strategy:
                      type: canary
                      steps: %s
                      stepInterval: %ds
                    analysis:
                      %s
                """.formatted(SERVICE, SERVICE, REPLICAS, Arrays.toString(STEPS), stepInterval.toSeconds(), analysis));
    }

    // ---- the tables --------------------------------------------------------------------------------------------

    private static void print(List<Cell> cells, int[] rpsLevels, List<Canary> canaries, int trials, long seed,
                              Duration stepInterval, PrintStream out) {
        Map<String, Cell> byKey = new LinkedHashMap<>();
        cells.forEach(c -> byKey.put(key(c.rps(), c.canary(), c.judging()), c));
        out.println("Canary analysis on the sandbox: one service, stable 1.0.0 failing " + percent(BASELINE_ERROR_RATE)
                + " of requests; canary 2.0.0 at steps " + Arrays.toString(STEPS) + " %, " + stepInterval.toSeconds()
                + " s each, looked at every 5 s; " + trials + " trials per cell (seeds from " + seed
                + "), every judge on the same traffic.");
        out.println();
        out.println("#### Time from the canary's first request to all traffic back on stable (median; share rolled back)");
        out.println();
        StringBuilder header = new StringBuilder("| entry rps | canary |");
        StringBuilder rule = new StringBuilder("|---:|---|");
        for (Judging judging : Judging.values()) {
            header.append(' ').append(judging.title).append(" |");
            rule.append("---:|");
        }
        out.println(header);
        out.println(rule);
        for (int rps : rpsLevels) {
            for (Canary canary : canaries) {
                if (canary.healthy()) {
                    continue;
                }
                List<Object> row = new ArrayList<>(List.of(rps, canary.label()));
                for (Judging judging : Judging.values()) {
                    Cell cell = byKey.get(key(rps, canary, judging));
                    row.add(cell.median().map(m -> time(m) + " (" + percent(cell.rolledBackShare()) + ")")
                            .orElse("not detected (" + percent(cell.rolledBackShare()) + ")"));
                }
                out.println(MakespanBenchmark.row(row.toArray()));
            }
        }
        double limit = CanaryAnalysis.builtIn().maxLatencyRatio();
        if (canaries.stream().anyMatch(c -> c.latencyFactor() == limit)) {
            out.println();
            out.println(String.format(Locale.ROOT, "A p95 latency ×%.1f is exactly the threshold rule's limit "
                    + "(maxLatencyRatio %.1f): the sandbox computes percentiles exactly, and rounding leaves the ratio "
                    + "a hair above the limit in most windows, so the threshold-based columns of that row fire at "
                    + "their first check with enough requests; with real, noisy percentiles they would fire at about "
                    + "half of their checks.", limit, limit));
        }
        Optional<Canary> healthy = canaries.stream().filter(Canary::healthy).findFirst();
        if (healthy.isEmpty()) {
            out.println();
            goals(byKey, rpsLevels, canaries, null, out);
            return;
        }
        out.println();
        out.println("#### False rollbacks: a healthy canary (stable's error rate and latency) rolled back");
        out.println();
        out.println(header.toString().replace(" canary |", ""));
        out.println(rule.toString().replace("|---|", "|"));
        for (int rps : rpsLevels) {
            List<Object> row = new ArrayList<>(List.of(rps));
            for (Judging judging : Judging.values()) {
                Cell cell = byKey.get(key(rps, healthy.get(), judging));
                row.add(percent(cell.rolledBackShare()) + " (" + cell.rolledBack() + "/" + trials + ")");
            }
            out.println(MakespanBenchmark.row(row.toArray()));
        }
        out.println();
        goals(byKey, rpsLevels, canaries, healthy.get(), out);
    }

    /** @param healthy the healthy canary, null when the run measured faulty canaries only */
    private static void goals(Map<String, Cell> cells, int[] rpsLevels, List<Canary> canaries, Canary healthy,
                              PrintStream out) {
        out.println("#### Goals");
        out.println();
        Canary tenfold = canaries.stream().filter(c -> c.errorFactor() == 10).findFirst().orElse(null);
        Cell target = tenfold == null ? null : cells.get(key(100, tenfold, Judging.STATISTICAL));
        if (target != null) {
            Optional<Duration> median = target.median();
            out.println("- 100 rps, errors ×10, statistical judge: median " + median.map(AnalysisBenchmark::time)
                    .orElse("not detected") + " (goal ≤ 0:20.0): "
                    + (median.isPresent() && median.get().compareTo(Duration.ofSeconds(20)) <= 0 ? "met" : "NOT met"));
        }
        if (healthy != null) {
            falseRollbacks(cells, rpsLevels, healthy, Judging.LIMITS, "default panel", out);
            falseRollbacks(cells, rpsLevels, healthy, Judging.STATISTICAL, "statistical judge", out);
        }
        // the default must still catch what the classic rules are for: errors well above the limit, a slow canary
        for (Canary bad : canaries) {
            if (bad.errorFactor() * BASELINE_ERROR_RATE < 2 * CanaryAnalysis.builtIn().maxErrorRate()
                    && bad.latencyFactor() <= CanaryAnalysis.builtIn().maxLatencyRatio()) {
                continue;
            }
            List<String> caught = new ArrayList<>();
            boolean all = true;
            for (int rps : rpsLevels) {
                Cell cell = cells.get(key(rps, bad, Judging.LIMITS));
                all &= cell.rolledBack() == cell.trials().size();
                caught.add(rps + " rps " + percent(cell.rolledBackShare()) + ", median "
                        + cell.median().map(AnalysisBenchmark::time).orElse("—"));
            }
            out.println("- default panel catches " + bad.label() + " in every trial: " + String.join("; ", caught)
                    + ": " + (all ? "met" : "NOT met"));
        }
        if (healthy == null || canaries.size() == 1) {
            return; // the comparison needs both the healthy canary's rates and the faulty canaries' times
        }
        // each baseline against the Slipway statistical configurations whose false-rollback rate is no higher
        List<String> slower = new ArrayList<>();
        int compared = 0;
        for (int rps : rpsLevels) {
            for (Judging baseline : List.of(Judging.FLAGGER, Judging.ARGO)) {
                double theirRate = cells.get(key(rps, healthy, baseline)).rolledBackShare();
                List<Judging> ours = List.of(Judging.STATISTICAL, Judging.STATISTICAL_STRICT).stream()
                        .filter(j -> cells.get(key(rps, healthy, j)).rolledBackShare() <= theirRate).toList();
                for (Canary canary : canaries) {
                    if (canary.healthy()) {
                        continue;
                    }
                    compared++;
                    Optional<Duration> theirs = cells.get(key(rps, canary, baseline)).median();
                    boolean notSlower = ours.stream().map(j -> cells.get(key(rps, canary, j)).median()).anyMatch(
                            mine -> theirs.isEmpty() || mine.isPresent() && mine.get().compareTo(theirs.get()) <= 0);
                    if (!notSlower) {
                        slower.add(rps + " rps, " + canary.label() + ", " + baseline.title + " " + theirs
                                .map(AnalysisBenchmark::time).orElse("—") + " with " + percent(theirRate)
                                + " false rollbacks" + (ours.isEmpty() ? ": no statistical configuration had as few"
                                : ""));
                    }
                }
            }
        }
        out.println("- statistical judge never slower than a fixed-interval baseline at an equal or lower "
                + "false-rollback rate (" + compared + " comparisons, either configuration): "
                + (slower.isEmpty() ? "met" : "NOT met in " + slower.size() + ": " + String.join("; ", slower)));
    }

    private static void falseRollbacks(Map<String, Cell> cells, int[] rpsLevels, Canary healthy, Judging judging,
                                       String name, PrintStream out) {
        double worst = 0;
        int worstRps = 0;
        for (int rps : rpsLevels) {
            double share = cells.get(key(rps, healthy, judging)).rolledBackShare();
            if (share >= worst) {
                worst = share;
                worstRps = rps;
            }
        }
        out.println("- " + name + "'s false rollbacks: at most " + percent(worst) + " (at " + worstRps
                + " rps; goal ≤ 1.0 %): " + (worst <= 0.01 ? "met" : "NOT met"));
    }

    private static String key(int rps, Canary canary, Judging judging) {
        return rps + "/" + canary.label() + "/" + judging;
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100);
    }

    /** m:ss.s */
    static String time(Duration d) {
        long tenths = Math.round(d.toNanos() / 1e8);
        return String.format(Locale.ROOT, "%d:%02d.%d", tenths / 600, tenths / 10 % 60, tenths % 10);
    }
}
