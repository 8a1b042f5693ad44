package dev.slipway.model;

import java.util.List;
import java.util.Optional;

/** The spec, when it has no errors, and every problem found while loading it (errors and warnings). */
public record LoadResult(Optional<SystemSpec> spec, List<Problem> problems) {

    public LoadResult {
        problems = problems.stream().sorted(Problem.BY_POSITION).toList();
    }

    public boolean ok() {
        return spec.isPresent();
    }

    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }

    public List<Problem> warnings() {
        return problems.stream().filter(p -> !p.isError()).toList();
    }

    /** The spec; throws when loading failed (for callers that already checked {@link #ok()}). */
    public SystemSpec orThrow() {
        return spec.orElseThrow(() -> new IllegalStateException("spec has errors: " + errors()));
    }
}
