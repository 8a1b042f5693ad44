package dev.slipway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmarks at a tiny size: they run end to end and print the rows their tables promise. */
class BenchmarkSmokeTest {

    @Test
    void makespanPrintsARowPerSizeAndCap() {
        String out = capture(o -> MakespanBenchmark.run(new int[] {6, 12}, 3, 2, 12, o));

        assertThat(out).contains("| services | edges | depth | critical path |", "| services | k |",
                "| services | no cap / critical path |");
        // uncapped rows: the engine matches the critical path exactly on these sizes
        assertThat(out).containsPattern("(?m)^\\| 6 \\| \\d+ \\| \\d+ \\| .* \\(1\\.0000\\) \\| .* \\(1\\.0000\\) \\|");
        assertThat(out).containsPattern("(?m)^\\| 12 \\| \\d+ \\| \\d+ \\| .* \\(1\\.0000\\) \\| .* \\(1\\.0000\\) \\|");
        assertThat(out).containsPattern("(?m)^\\| 6 \\| 4 \\|").containsPattern("(?m)^\\| 12 \\| 16 \\|");
        assertThat(out).containsPattern("(?m)^\\| 12 \\| [0-9.]+ worst");
        // with 5-minute windows every service lasts 5 minutes longer: the makespan grows by at least one window
        assertThat(out).contains("### With verification windows (5 m after every rolling rollout; Schedule)")
                .containsPattern("(?m)^\\| 12 \\| \\d+ \\| [0-9:.]+ \\| [0-9:.]+ \\| [0-9:.]+ \\| \\+0:(0[5-9]|[1-5]\\d):");
    }

    @Test
    void rolloutAnalysisPrintsARowPerStrategyWithEveryJudgeOnTheSameTraffic() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RolloutAnalysisBenchmark.run(100, 4, 4, 42, Duration.ofMinutes(5), 2,
                new PrintStream(bytes, true, StandardCharsets.UTF_8), new PrintStream(OutputStream.nullOutputStream()));
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertThat(out).contains("| strategy | new version | Slipway default (limits) | Flagger-style (60 s, 1 failed "
                + "check) | Argo Rollouts example (5 m, failureLimit 3) |");
        // Slipway rolls back every tenfold new version, rolling and blue-green; Argo's 4th failed 5-minute check comes
        // after the 5-minute window
        assertThat(out).containsPattern("(?m)^\\| rolling \\| errors ×10 \\| \\d:\\d\\d\\.\\d \\(100\\.0 %\\) \\|")
                .containsPattern("(?m)^\\| blue-green \\| errors ×10 \\| \\d:\\d\\d\\.\\d \\(100\\.0 %\\) \\|.*"
                        + "\\| not detected \\(0\\.0 %\\) \\|$")
                .containsPattern("(?m)^\\| rolling \\| healthy: false rollbacks \\| \\d+\\.\\d % \\(\\d/4\\) \\|");
    }

    @Test
    void scalePrintsEveryMeasure() {
        String out = capture(o -> ScaleBenchmark.run(30, 2, 5, o));

        assertThat(out).contains("A release of 30 services", "| transitions (journal records) | 62 |",
                "**engine CPU time per transition**", "**peak heap during the release**", "wall time of the release");
    }

    @Test
    void analysisPrintsATableOfTimesToStableAndFalseRollbacksWithTheGoals() {
        String out = capture(o -> {
            try {
                AnalysisBenchmark.run(new int[] {100}, List.of(new AnalysisBenchmark.Canary("errors ×10", 10, 1),
                        new AnalysisBenchmark.Canary("healthy", 1, 1)), 8, 42, Duration.ofMinutes(2), 2, o,
                        new PrintStream(OutputStream.nullOutputStream()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        String judges = " Slipway default (limits) | Slipway statistical | "
                + "Slipway statistical, falseRollbackRate 0.1 % | Slipway threshold (raw, opt-in) | "
                + "Flagger (60 s, 1 failed check) | Argo Rollouts (5 m, failureLimit 3) |";
        assertThat(out).contains("| entry rps | canary |" + judges, "| entry rps |" + judges, "#### Goals");
        // every trial of the tenfold canary is rolled back by the default and the statistical judge, within a minute
        assertThat(out).containsPattern("(?m)^\\| 100 \\| errors ×10 \\| 0:[0-5]\\d\\.\\d \\(100\\.0 %\\) \\| "
                + "0:[0-5]\\d\\.\\d \\(100\\.0 %\\) \\|");
        // Argo's 4th failed 5-minute measurement comes after this 8-minute canary is promoted
        assertThat(out).containsPattern("(?m)^\\| 100 \\| errors ×10 \\|.*\\| not detected \\(0\\.0 %\\) \\|$");
        assertThat(out).containsPattern("(?m)^\\| 100 \\| \\d+\\.\\d % \\(\\d+/8\\) \\|");
        assertThat(out).contains("- 100 rps, errors ×10, statistical judge: median ",
                "- default panel's false rollbacks: at most ",
                "- default panel catches errors ×10 in every trial: 100 rps");
    }

    private static String capture(java.util.function.Consumer<PrintStream> run) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        run.accept(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
