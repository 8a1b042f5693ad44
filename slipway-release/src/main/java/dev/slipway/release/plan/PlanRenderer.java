package dev.slipway.release.plan;

import java.time.Duration;
import java.util.List;

/**
 * The plan as text: one timeline line per service in order of start (an ASCII Gantt bar scaled to the whole
 * release), the critical path marked with {@code *} and drawn with {@code #}, then the range checks and notes.
 */
public final class PlanRenderer {

    static final int TIMELINE_WIDTH = 40;

    private PlanRenderer() {
    }

    public static String text(PlanResult result) {
        return switch (result) {
            case Plan plan -> plan(plan);
            case Rejected rejected -> rejected(rejected);
        };
    }

    private static String plan(Plan plan) {
        StringBuilder out = new StringBuilder();
        if (plan.services().isEmpty()) {
            out.append("Release to ").append(plan.environment()).append(": nothing to release\n");
            notes(out, plan.notes());
            return out.toString();
        }
        Duration makespan = plan.makespan();
        out.append("Release to ").append(plan.environment()).append(": ").append(plan.services().size())
                .append(plan.services().size() == 1 ? " service" : " services").append(", about ")
                .append(duration(makespan)).append('\n');
        out.append("Critical path (").append(duration(plan.schedule().criticalPathLength())).append("): ")
                .append(String.join(" -> ", plan.criticalPath())).append("\n\n");
        int name = width(plan.services().stream().map(PlannedService::name).toList(), "service");
        int change = width(plan.services().stream().map(PlanRenderer::change).toList(), "version");
        int strategy = width(plan.services().stream().map(s -> s.strategy().keyword()).toList(), "strategy");
        String row = "%s %-" + name + "s  %-" + change + "s  %-" + strategy + "s  %8s  %8s  %s  %s";
        out.append(String.format(row, " ", "service", "version", "strategy", "estimate", "start",
                "timeline 0.." + duration(makespan), "").stripTrailing()).append('\n');
        for (PlannedService service : plan.services()) {
            String after = service.after().isEmpty() ? "" : "after " + String.join(", ", service.after());
            out.append(String.format(row, service.critical() ? "*" : " ", service.name(), change(service),
                    service.strategy().keyword(), duration(service.estimate()), duration(service.start()),
                    bar(service, makespan), after).stripTrailing()).append('\n');
        }
        verification(out, plan);
        checks(out, plan.checks());
        notes(out, plan.notes());
        return out.toString();
    }

    /** Which services a verification window keeps from counting as promoted, and so their dependents waiting. */
    private static void verification(StringBuilder out, Plan plan) {
        List<String> verified = plan.services().stream()
                .filter(s -> s.from().isPresent() && !(s.strategy() instanceof dev.slipway.model.Strategy.Canary)
                        && s.execution().verifyWindow().isPositive())
                .map(s -> s.name() + " " + duration(s.execution().verifyWindow())).toList();
        if (!verified.isEmpty()) {
            out.append("\nVerified after their rollout, before their dependents start (in the estimates): ")
                    .append(String.join(", ", verified)).append('\n');
        }
    }

    private static String rejected(Rejected rejected) {
        StringBuilder out = new StringBuilder("Release refused (").append(rejected.errors().size())
                .append(rejected.errors().size() == 1 ? " problem" : " problems").append("); nothing was changed\n");
        for (PlanError error : rejected.errors()) {
            out.append("  - ").append(error.message()).append('\n');
            error.hint().ifPresent(h -> out.append("    hint: ").append(h).append('\n'));
        }
        checks(out, rejected.checks());
        notes(out, rejected.notes());
        return out.toString();
    }

    private static void checks(StringBuilder out, List<RangeCheck> checks) {
        if (checks.isEmpty()) {
            return;
        }
        long failed = checks.stream().filter(c -> !c.ok()).count();
        out.append("\nRange checks: ").append(checks.size() - failed).append(" passed");
        out.append(failed == 0 ? "" : ", " + failed + " failed").append('\n');
        for (RangeCheck check : checks) {
            out.append(check.ok() ? "  ok    " : "  FAIL  ").append(check.service()).append(' ')
                    .append(check.serviceVersion()).append(" needs ").append(check.dependency()).append(' ')
                    .append(check.range().text()).append(": ").append(check.version()).append(" (")
                    .append(check.moment().description()).append(")\n");
        }
    }

    private static void notes(StringBuilder out, List<String> notes) {
        if (notes.isEmpty()) {
            return;
        }
        out.append("\nNotes:\n");
        notes.forEach(note -> out.append("  - ").append(note).append('\n'));
    }

    private static String change(PlannedService service) {
        return service.from().map(from -> from + " -> ").orElse("(new) -> ") + service.to();
    }

    /** The service's share of the release's time; at least one mark so that instant steps stay visible. */
    static String bar(PlannedService service, Duration makespan) {
        long total = Math.max(1, makespan.toMillis());
        int from = (int) (service.start().toMillis() * TIMELINE_WIDTH / total);
        int to = (int) ((service.finish().toMillis() * TIMELINE_WIDTH + total - 1) / total);
        to = Math.min(TIMELINE_WIDTH, Math.max(to, from + 1));
        from = Math.min(from, to - 1);
        char mark = service.critical() ? '#' : '=';
        return "|" + " ".repeat(from) + String.valueOf(mark).repeat(to - from) + " ".repeat(TIMELINE_WIDTH - to) + "|";
    }

    /** {@code 1h 2m 5s}, {@code 8m}, {@code 20s}, {@code 0s}; sub-second parts are dropped. */
    static String duration(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds == 0) {
            return "0s";
        }
        StringBuilder text = new StringBuilder();
        if (seconds >= 3600) {
            text.append(seconds / 3600).append("h ");
        }
        if (seconds % 3600 >= 60) {
            text.append(seconds % 3600 / 60).append("m ");
        }
        if (seconds % 60 > 0) {
            text.append(seconds % 60).append("s");
        }
        return text.toString().strip();
    }

    private static int width(List<String> values, String header) {
        return Math.max(header.length(), values.stream().mapToInt(String::length).max().orElse(0));
    }
}
