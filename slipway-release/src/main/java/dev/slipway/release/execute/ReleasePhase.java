package dev.slipway.release.execute;

import dev.slipway.release.execute.ReleaseResult.Outcome;
import java.util.List;
import java.util.Objects;

/**
 * Where a release stands as a whole, as the engine tells its listeners: running, paused with a typed reason and the
 * services that wait, rolling back, or ended with its outcome. The journal keeps the release's own states with
 * {@link #keyword()}; a pause at a manual gate or an inconclusive canary is a rollout's state in the journal, and
 * the engine reports it here the moment nothing else can move without a person.
 */
public sealed interface ReleasePhase {

    /** The journal's spelling: running, paused, rolling-back, or the outcome's keyword. */
    String keyword();

    /** Nothing moves until a person acts. */
    default boolean waitingForPerson() {
        return this instanceof Paused;
    }

    record Running() implements ReleasePhase {
        public String keyword() {
            return "running";
        }
    }

    /**
     * @param services the services held (empty for a release paused before any was)
     * @param detail   why, in a person's words
     */
    record Paused(PauseReason reason, List<String> services, String detail) implements ReleasePhase {
        public Paused {
            Objects.requireNonNull(reason, "reason");
            services = List.copyOf(services);
        }

        /** {@code awaiting-approval} while a release waits for its approvers, else {@code paused}. */
        public String keyword() {
            return reason == PauseReason.AWAITING_APPROVAL ? AWAITING_APPROVAL : "paused";
        }
    }

    /** The journal's and the API's name of a release that waits for its approvers. */
    String AWAITING_APPROVAL = "awaiting-approval";

    record RollingBack(String reason) implements ReleasePhase {
        public String keyword() {
            return "rolling-back";
        }
    }

    record Ended(Outcome outcome) implements ReleasePhase {
        public String keyword() {
            return outcome.keyword();
        }
    }

    /** Why a release waits for a person. */
    enum PauseReason implements dev.slipway.model.Keyword {
        /** A canary passed every step and waits at its manual gate for promotion. */
        MANUAL_GATE,
        /** A service failed and the release's {@code onFailure: pause} policy stopped it. */
        FAILURE_POLICY,
        /** A canary's evidence stayed inconclusive and its {@code onInconclusive: pause} held it. */
        INCONCLUSIVE_ANALYSIS,
        /** The environment needs approval: nothing starts until enough approvers approve (or one rejects). */
        AWAITING_APPROVAL
    }
}
