package dev.slipway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Both benchmarks at a tiny size: they run end to end and print the rows their tables promise. */
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
    }

    @Test
    void scalePrintsEveryMeasure() {
        String out = capture(o -> ScaleBenchmark.run(30, 2, 5, o));

        assertThat(out).contains("A release of 30 services", "| transitions (journal records) | 62 |",
                "**engine CPU time per transition**", "**peak heap during the release**", "wall time of the release");
    }

    private static String capture(java.util.function.Consumer<PrintStream> run) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        run.accept(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
