package dev.slipway.release.dora;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The report for a terminal: a heading with the window, then one row per service and a last row for the system,
 * whose deployment count is of releases. Columns line up; a value with nothing to compute it from is {@code -}.
 */
public final class DoraText {

    private static final List<String> HEADER = List.of("service", "deploys", "per day", "band", "lead p50",
            "lead p90", "no commit", "failure rate", "restore p50", "open");

    private DoraText() {
    }

    public static String render(DoraReport report) {
        StringBuilder out = new StringBuilder();
        out.append("DORA metrics, ").append(report.environment().orElse("all environments")).append(", ")
                .append(report.window().from()).append(" to ").append(report.window().to()).append(" (")
                .append(days(report.window()))
                .append(" days)\n\n");
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        report.services().forEach((name, keys) -> rows.add(row(name, keys)));
        rows.add(row("system", report.system()));
        int[] widths = new int[HEADER.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                // Names and bands read left to right; numbers line up on their last digit.
                boolean left = i == 0 || i == 3;
                String cell = row.get(i);
                String pad = " ".repeat(widths[i] - cell.length());
                line.append(i == 0 ? "" : "  ").append(left ? cell + pad : pad + cell);
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        out.append("\nsystem deploys are releases: deployments sharing a release id count once.\n");
        return out.toString();
    }

    private static List<String> row(String name, FourKeys keys) {
        FourKeys.ChangeFailureRate failure = keys.changeFailureRate();
        return List.of(name,
                Long.toString(keys.frequency().count()),
                String.format(Locale.ROOT, "%.2f", keys.frequency().perDay()),
                keys.frequency().band().keyword(),
                text(keys.leadTime().median()),
                text(keys.leadTime().p90()),
                Integer.toString(keys.leadTime().withoutCommitTime()),
                failure.rate().isPresent() ? String.format(Locale.ROOT, "%.1f%% (%d/%d)",
                        failure.rate().getAsDouble() * 100, failure.failures(), failure.deployments()) : "-",
                text(keys.timeToRestore().median()),
                Integer.toString(keys.timeToRestore().open()));
    }

    /** Whole days as an integer, otherwise to two decimals. */
    private static String days(Window window) {
        double days = window.days();
        return days == Math.rint(days) ? Long.toString((long) days) : String.format(Locale.ROOT, "%.2f", days);
    }

    /** Two units, largest first: 45s, 12m05s, 5h02m, 3d04h. */
    static String text(Optional<Duration> duration) {
        if (duration.isEmpty()) {
            return "-";
        }
        long s = duration.get().toSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        if (s < 86400) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", s / 86400, s % 86400 / 3600);
    }
}
