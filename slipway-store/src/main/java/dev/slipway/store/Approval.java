package dev.slipway.store;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** One person's decision on a release that awaits approval. */
public record Approval(String release, String approver, Decision decision, Optional<String> comment, Instant at) {

    public Approval {
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(approver, "approver");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(comment, "comment");
        Objects.requireNonNull(at, "at");
    }

    public enum Decision {
        APPROVE, REJECT;

        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Decision> of(String keyword) {
            for (Decision d : values()) {
                if (d.keyword().equals(keyword)) {
                    return Optional.of(d);
                }
            }
            return Optional.empty();
        }
    }
}
