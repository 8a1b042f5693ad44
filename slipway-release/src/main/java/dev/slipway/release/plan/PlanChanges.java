package dev.slipway.release.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a plan made now would do differently from the plan a release was started with: told to the person who
 * resumes a release after {@code slipway.yaml} changed (the release itself goes on with the plan it started with).
 */
public final class PlanChanges {

    private PlanChanges() {
    }

    /** One line per difference, in the saved plan's service order; empty when the two would run alike. */
    public static List<String> between(Plan saved, PlanResult now) {
        if (!(now instanceof Plan plan)) {
            return List.of("a plan made now would be refused: " + ((Rejected) now).errors().stream()
                    .map(PlanError::format).reduce((a, b) -> a + "; " + b).orElse("no reason given"));
        }
        List<String> changes = new ArrayList<>();
        for (PlannedService before : saved.services()) {
            Optional<PlannedService> after = plan.service(before.name());
            if (after.isEmpty()) {
                changes.add(before.name() + ": no longer in the release");
                continue;
            }
            compare(changes, before, after.get(), "strategy", s -> s.strategy());
            compare(changes, before, after.get(), "waits for", PlannedService::after);
            compare(changes, before, after.get(), "ranges", PlannedService::ranges);
            compare(changes, before, after.get(), "image", PlannedService::image);
            compare(changes, before, after.get(), "replicas", s -> s.execution().replicas());
            compare(changes, before, after.get(), "health path", s -> s.execution().healthPath());
            compare(changes, before, after.get(), "analysis", s -> s.execution().analysis());
            compare(changes, before, after.get(), "callers", s -> s.execution().callers());
        }
        plan.services().stream().filter(s -> saved.service(s.name()).isEmpty())
                .forEach(s -> changes.add(s.name() + ": would be in the release"));
        return changes;
    }

    private static void compare(List<String> changes, PlannedService before, PlannedService after, String what,
                                Function<PlannedService, Object> value) {
        Object was = value.apply(before);
        Object is = value.apply(after);
        if (!Objects.equals(was, is)) {
            changes.add(before.name() + ": " + what + " " + was + " -> " + is);
        }
    }
}
