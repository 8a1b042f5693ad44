package dev.slipway.release.plan;

import java.util.Optional;

/** Why a release cannot go ahead as requested, and what to do about it. */
public record PlanError(String message, Optional<String> hint) {

    static PlanError of(String message, String hint) {
        return new PlanError(message, Optional.ofNullable(hint));
    }

    public String format() {
        return message + hint.map(h -> " (hint: " + h + ")").orElse("");
    }
}
