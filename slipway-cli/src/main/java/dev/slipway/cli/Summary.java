package dev.slipway.cli;

import dev.slipway.release.execute.ReleaseResult;
import dev.slipway.release.execute.ReleaseResult.ServiceResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The table that ends a release: per service from → to, its outcome, and when it started and finished. */
final class Summary {

    private Summary() {
    }

    static String text(ReleaseResult result) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"SERVICE", "FROM", "TO", "OUTCOME", "STARTED", "FINISHED"});
        for (ServiceResult s : result.services()) {
            rows.add(new String[] {s.name(), s.from().orElse("-"), s.to(), s.outcome().keyword(), at(s.startedAt()),
                    at(s.finishedAt())});
        }
        StringBuilder out = new StringBuilder("\n").append(table(rows));
        out.append("\nRelease ").append(result.release()).append(' ').append(result.outcome().keyword())
                .append(" in ").append(Durations.text(result.makespan())).append(" of simulated time (critical path ")
                .append(Durations.text(result.criticalPath())).append(")\n");
        return out.toString();
    }

    private static String at(Optional<Duration> offset) {
        return offset.map(d -> "+" + Durations.text(d)).orElse("-");
    }

    /** Left-aligned columns two spaces apart. */
    static String table(List<String[]> rows) {
        int columns = rows.getFirst().length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < columns; i++) {
                line.append(i == columns - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
