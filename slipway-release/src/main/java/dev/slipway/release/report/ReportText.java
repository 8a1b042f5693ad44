package dev.slipway.release.report;

import dev.slipway.release.analysis.Judgement;
import dev.slipway.release.analysis.Measurement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.OptionalDouble;

/** The root-cause report for a terminal: the failure first, then what it touched, then how the evidence built up. */
public final class ReportText {

    private ReportText() {
    }

    public static String render(RootCauseReport report) {
        StringBuilder out = new StringBuilder();
        out.append("Release ").append(report.release()).append(" to ").append(report.environment()).append(": ")
                .append(report.outcome()).append('\n');
        if (report.failure().isEmpty()) {
            out.append("\nNo service failed").append(report.rolledBack().isEmpty() ? "." : "; rolled back by a person.")
                    .append('\n');
        }
        report.failure().ifPresent(f -> {
            out.append("\nRoot cause: ").append(f.service()).append(' ').append(f.version()).append('\n');
            out.append("  ").append(f.reason()).append('\n');
            out.append("  found in    ").append(f.foundIn()).append(": ").append(f.compared()).append('\n');
            f.measurement().ifPresent(m -> {
                out.append("  metric      ").append(m.metric()).append(" (").append(m.judge()).append(" judge)\n");
                out.append("  canary      ").append(value(m.canary(), m.metric())).append(samples(m.canarySamples()))
                        .append('\n');
                out.append("  baseline    ").append(value(m.baseline(), m.metric()))
                        .append(samples(m.baselineSamples())).append('\n');
                if (m.statisticKind() != Measurement.StatisticKind.NONE) {
                    out.append("  statistic   ").append(m.statistic()).append(" = ").append(plain(m.value()))
                            .append(", bound ").append(plain(m.bound())).append('\n');
                }
            });
            f.confidence().ifPresent(c -> out.append(String.format(Locale.ROOT, "  confidence  %.2f%%%n", c * 100)));
            out.append(f.step() >= 0
                    ? String.format(Locale.ROOT, "  detected    %s at step %d (%d%%), %.1f s after its first request%n",
                            time(f.detectedAt()), f.step() + 1, f.weight(), f.detectedAfterSeconds())
                    : String.format(Locale.ROOT, "  detected    %s, %.1f s after %s%n", time(f.detectedAt()),
                            f.detectedAfterSeconds(), f.foundIn().equals("verification") ? "the window opened"
                                    : "the rollout started"));
        });
        if (!report.podEvents().isEmpty()) {
            out.append("\nPod events:\n");
            report.podEvents().forEach(e -> out.append("  ").append(time(e.at())).append("  ").append(e.service())
                    .append(' ').append(e.track().keyword()).append(' ').append(e.version()).append(": ")
                    .append(e.what()).append('\n'));
        }
        if (!report.dependentsAffected().isEmpty()) {
            out.append("\nDependents affected:\n");
            report.dependentsAffected().forEach(a -> out.append("  ").append(a.service()).append(": ")
                    .append(a.outcome()).append('\n'));
        }
        if (!report.rolledBack().isEmpty()) {
            out.append("\nRolled back:\n");
            report.rolledBack().forEach(u -> out.append("  ").append(u.service()).append(' ').append(u.from())
                    .append(" -> ").append(u.to().orElse("(removed)")).append("  ").append(u.reason()).append('\n'));
        }
        if (!report.cancelled().isEmpty()) {
            out.append("\nNot started: ").append(String.join(", ", report.cancelled())).append('\n');
        }
        if (!report.judgements().isEmpty()) {
            out.append("\nLooks at the canary (").append(report.judgements().size()).append("):\n");
            for (Judgement j : report.judgements()) {
                if (j.decisive() || j == report.judgements().getLast()) {
                    out.append("  ").append(time(j.at())).append("  step ").append(j.step() + 1).append(" (")
                            .append(j.weight()).append("%)  ").append(j.verdict().outcome().keyword()).append(": ")
                            .append(j.verdict().reason()).append('\n');
                }
            }
        }
        return out.toString();
    }

    private static String value(OptionalDouble v, String metric) {
        if (v.isEmpty()) {
            return "no data";
        }
        double x = v.getAsDouble();
        return metric.contains("error") ? String.format(Locale.ROOT, "%.2f%%", x * 100)
                : metric.contains("latency") ? String.format(Locale.ROOT, "%.1f ms", x) : plain(v);
    }

    private static Instant time(Instant at) {
        return at.truncatedTo(ChronoUnit.MILLIS);
    }

    private static String samples(long n) {
        return n > 0 ? " over " + n + " requests" : "";
    }

    private static String plain(OptionalDouble v) {
        return v.isPresent() ? String.format(Locale.ROOT, "%.4g", v.getAsDouble()) : "-";
    }
}
