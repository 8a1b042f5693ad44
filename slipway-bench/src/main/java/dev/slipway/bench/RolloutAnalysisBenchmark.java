package dev.slipway.bench;

import dev.slipway.model.SystemSpec;
import dev.slipway.release.Track;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Validation of rolling updates and blue-green switches on the sandbox's seeded traffic: how fast a bad new version
 * is undone and how often a healthy one is, for Slipway's default panel and, on the same traffic and in the same
 * phases (a rolling update while it proceeds, then a verification window; a blue-green switch's window), a
 * Flagger-style fixed 60 s check (rollback after 1 failed check) and Argo Rollouts' documented example (every 5 m,
 * failureLimit 3: rollback at the 4th failed measurement), as {@link FixedIntervalJudge} runs them.
 * <p>
 * One service, 4 pods, old version 1.0.0 failing 1 % of its requests; the release brings 2.0.0 (rolling: maxSurge
 * 25 %, one pod per wave; blue-green: green beside blue, scaleDownDelay 1 m) with a verification window of
 * {@code --window}. The time measured runs from the new version's first request (rolling: the first moment its
 * pods served traffic, found from the sandbox's per-version metrics; blue-green: the switch) to all traffic back on
 * the old version (the journal's rolled-back). A trial's seed depends on the cell and the trial number only.
 * <p>
 * Usage: {@code RolloutAnalysisBenchmark [--rps 100] [--trials 100] [--healthy-trials 500] [--seed 42]
 * [--window 5m] [--threads N]}
 */
public final class RolloutAnalysisBenchmark {

    static final String ENV = "production";
    static final String SERVICE = "svc";
    static final double OLD_ERROR_RATE = 0.01;
    static final int REPLICAS = 4;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    enum Strategy { ROLLING, BLUE_GREEN }

    enum Judging {
        SLIPWAY("Slipway default (limits)"),
        FLAGGER("Flagger-style (60 s, 1 failed check)"),
        ARGO("Argo Rollouts example (5 m, failureLimit 3)");

        final String title;

        Judging(String title) {
            this.title = title;
        }
    }

    public static void main(String[] args) throws Exception {
        int rps = 100;
        int trials = 100;
        int healthyTrials = 500;
        long seed = 42;
        Duration window = Duration.ofMinutes(5);
        int threads = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--rps" -> rps = Integer.parseInt(value);
                case "--trials" -> trials = Integer.parseInt(value);
                case "--healthy-trials" -> healthyTrials = Integer.parseInt(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--window" -> window = Duration.parse("PT" + value.toUpperCase(Locale.ROOT));
                case "--threads" -> threads = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        run(rps, trials, healthyTrials, seed, window, threads, System.out, System.err);
    }

    static void run(int rps, int trials, int healthyTrials, long seed, Duration window, int threads, PrintStream out,
                    PrintStream progress) throws Exception {
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<String> rows = new ArrayList<>();
        try {
            for (Strategy strategy : Strategy.values()) {
                SystemSpec spec = spec(strategy, window);
                List<String> bad = new ArrayList<>(List.of(label(strategy), "errors ×10"));
                List<String> healthy = new ArrayList<>(List.of(label(strategy), "healthy: false rollbacks"));
                for (Judging judging : Judging.values()) {
                    AnalysisBenchmark.Cell faulty = cell(pool, spec, strategy, judging, rps, 10, trials,
                            seed * 7919 + strategy.ordinal() * 1_000_003L);
                    AnalysisBenchmark.Cell good = cell(pool, spec, strategy, judging, rps, 1, healthyTrials,
                            seed * 7919 + strategy.ordinal() * 1_000_003L + 500_000);
                    bad.add(faulty.median().map(AnalysisBenchmark::time).orElse("not detected") + " ("
                            + AnalysisBenchmark.percent(faulty.rolledBackShare()) + ")");
                    healthy.add(AnalysisBenchmark.percent(good.rolledBackShare()) + " (" + good.rolledBack() + "/"
                            + healthyTrials + ")");
                    progress.printf(Locale.ROOT, "%s, %s: done (%.0f s)%n", label(strategy), judging.title,
                            (System.nanoTime() - started) / 1e9);
                }
                rows.add(MakespanBenchmark.row(bad.toArray()));
                rows.add(MakespanBenchmark.row(healthy.toArray()));
            }
        } finally {
            pool.shutdownNow();
        }
        out.println("Rolling and blue-green validation on the sandbox: one service of " + REPLICAS + " pods at " + rps
                + " requests/s, old version failing " + AnalysisBenchmark.percent(OLD_ERROR_RATE) + " of requests, new"
                + " version failing 10× as often (or as often: healthy); verification window "
                + window.toSeconds() + " s; " + trials + " trials per bad cell, " + healthyTrials
                + " per healthy cell (seeds from " + seed + "), every judge on the same traffic.");
        out.println();
        StringBuilder header = new StringBuilder("| strategy | new version |");
        StringBuilder rule = new StringBuilder("|---|---|");
        for (Judging judging : Judging.values()) {
            header.append(' ').append(judging.title).append(" |");
            rule.append("---:|");
        }
        out.println(header);
        out.println(rule);
        rows.forEach(out::println);
        out.println();
        out.println("Bad rows: median time from the new version's first request to all traffic back on the old "
                + "version (share rolled back). Healthy rows: share of healthy new versions rolled back.");
    }

    private static String label(Strategy strategy) {
        return strategy == Strategy.ROLLING ? "rolling" : "blue-green";
    }

    private static AnalysisBenchmark.Cell cell(ExecutorService pool, SystemSpec spec, Strategy strategy,
                                               Judging judging, int rps, double errorFactor, int trials, long cellSeed)
            throws Exception {
        List<Future<AnalysisBenchmark.Trial>> futures = new ArrayList<>();
        for (int t = 0; t < trials; t++) {
            long trialSeed = cellSeed + t;
            futures.add(pool.submit(() -> trial(spec, strategy, judging, rps, errorFactor, trialSeed)));
        }
        List<AnalysisBenchmark.Trial> results = new ArrayList<>();
        for (Future<AnalysisBenchmark.Trial> f : futures) {
            results.add(f.get());
        }
        AnalysisBenchmark.Canary canary = new AnalysisBenchmark.Canary("errors ×" + errorFactor, errorFactor, 1);
        return new AnalysisBenchmark.Cell(rps, canary, AnalysisBenchmark.Judging.LIMITS, results);
    }

    /** One release of the service from 1.0.0 to 2.0.0 on a fresh sandbox seeded with {@code seed}. */
    static AnalysisBenchmark.Trial trial(SystemSpec spec, Strategy strategy, Judging judging, int rps,
                                         double errorFactor, long seed) {
        VirtualClock clock = new VirtualClock(T0);
        SandboxCluster sandbox = new SandboxCluster(clock, Map.of(SERVICE, List.of()),
                SandboxOptions.defaults(seed).withDefaultEntryRps(rps));
        sandbox.inject(Faults.of(Fault.errors(SERVICE, "1.0.0", OLD_ERROR_RATE),
                Fault.errors(SERVICE, "2.0.0", OLD_ERROR_RATE * errorFactor)));
        Track running = strategy == Strategy.ROLLING ? Track.STABLE : Track.BLUE;
        sandbox.apply(new TrackSpec(ENV, SERVICE, running, "1.0.0", spec.system().imageRepository(SERVICE) + ":1.0.0",
                Optional.empty(), REPLICAS, "25%", "0", Map.of()));
        runClock(clock);
        // ten minutes of the old version's traffic: the period a verification window is compared with
        clock.runUntil(clock.now().plus(Duration.ofMinutes(10)));

        PlanResult planned = Planner.plan(spec, sandbox.inventory(ENV), new ReleaseRequest(ENV, Map.of(SERVICE, "2.0.0")));
        if (!(planned instanceof Plan plan)) {
            throw new IllegalStateException(PlanRenderer.text(planned));
        }
        InMemoryJournal journal = new InMemoryJournal();
        ReleaseEngine.Options options = switch (judging) {
            case SLIPWAY -> ReleaseEngine.Options.DEFAULT;
            case FLAGGER -> ReleaseEngine.Options.DEFAULT.withJudges(s -> new FixedIntervalJudge(Duration.ofSeconds(60), 1));
            case ARGO -> ReleaseEngine.Options.DEFAULT.withJudges(s -> new FixedIntervalJudge(Duration.ofMinutes(5), 4));
        };
        Instant releaseStart = clock.now();
        ReleaseEngine engine = ReleaseEngine.start("bench", plan, sandbox, new MemoMetrics(sandbox), journal,
                clock, options, ProgressListener.NONE);
        runClock(clock);
        if (engine.result().isEmpty()) {
            throw new IllegalStateException("the release did not finish by " + clock.now());
        }
        Instant firstBad = null;
        for (Transition t : journal.read("bench")) {
            if (!t.service().equals(SERVICE)) {
                continue;
            }
            if (strategy == Strategy.BLUE_GREEN && firstBad == null && RolloutPhase.of(t.to()) == RolloutPhase.VERIFYING) {
                firstBad = t.at();
            }
            if (RolloutPhase.of(t.to()) == RolloutPhase.ROLLED_BACK) {
                if (firstBad == null) {
                    firstBad = strategy == Strategy.ROLLING ? firstRequest(sandbox, releaseStart, t.at()) : t.at();
                }
                return new AnalysisBenchmark.Trial(true, Duration.between(firstBad, t.at()));
            }
        }
        return new AnalysisBenchmark.Trial(false, Duration.ZERO);
    }

    /** The first second in which the new version's pods served a request, by bisection over the per-version metrics. */
    private static Instant firstRequest(SandboxCluster sandbox, Instant from, Instant to) {
        long low = 0;
        long high = Duration.between(from, to).toSeconds() + 1;
        while (low < high) {
            long middle = (low + high) / 2;
            boolean served = sandbox.versionSample(ENV, SERVICE, Track.STABLE, "2.0.0", from,
                    from.plusSeconds(middle + 1)).requests() > 0;
            if (served) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return from.plusSeconds(low);
    }

    private static void runClock(VirtualClock clock) {
        while (clock.runNext()) {
            // every event, until none is left
        }
    }

    static SystemSpec spec(Strategy strategy, Duration window) {
        String type = strategy == Strategy.ROLLING ? "{type: rolling, maxSurge: '25%', maxUnavailable: '0'}"
                : "{type: blue-green, scaleDownDelay: 1m}";
        return BenchSpec.load(BenchSpec.header(ENV, window.toSeconds() + "s") + """
                  %s:
                    path: services/%s
                    language: go
                    port: 8080
                    replicas: %d
                    strategy: %s
                """.formatted(SERVICE, SERVICE, REPLICAS, type));
    }
}
