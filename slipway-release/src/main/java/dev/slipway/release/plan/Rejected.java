package dev.slipway.release.plan;

import java.util.List;

/** A release the planner refuses, with every reason found (not only the first). Nothing has been touched. */
public record Rejected(List<PlanError> errors, List<RangeCheck> checks, List<String> notes) implements PlanResult {

    public Rejected {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a rejected plan needs at least one error");
        }
        errors = List.copyOf(errors);
        checks = List.copyOf(checks);
        notes = List.copyOf(notes);
    }
}
