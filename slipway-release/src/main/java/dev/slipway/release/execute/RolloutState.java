package dev.slipway.release.execute;

/**
 * Where one service's rollout is. Each state has one keyword, written to the journal with its step index and
 * weight; {@link #parse} reads it back.
 * <pre>
 * pending → deploying → [smoke-testing] → (analysing step k)* → [paused] → [promoting] → [switched] → promoted
 *                  any changed state → [rollback-queued] → rolling-back → rolled-back | failed
 * pending → cancelled
 * </pre>
 */
public sealed interface RolloutState {

    String keyword();

    default int step() {
        return -1;
    }

    default int weight() {
        return 0;
    }

    /** Nothing more will happen to this rollout in this release. */
    default boolean terminal() {
        return this instanceof Promoted || this instanceof RolledBack || this instanceof Failed
                || this instanceof Cancelled;
    }

    /** The new version serves all traffic: the services that wait for this one may start. */
    default boolean promoted() {
        return this instanceof Promoted || this instanceof Switched;
    }

    /** The rollout has touched the cluster and has not been undone. */
    default boolean changed() {
        return !(this instanceof Pending || this instanceof RolledBack || this instanceof Cancelled
                || this instanceof Failed);
    }

    /** Not started yet. */
    record Pending() implements RolloutState {
        public String keyword() { return "pending"; }
    }

    /** The new version's pods are starting (rolling: replacing the stable pods). */
    record Deploying() implements RolloutState {
        public String keyword() { return "deploying"; }
    }

    /** Blue-green: green is up; its health path is being called through its preview Service. */
    record SmokeTesting() implements RolloutState {
        public String keyword() { return "smoke-testing"; }
    }

    /**
     * Canary: {@code weight} percent of the traffic goes to the canary during step {@code step}; {@code holds} is 0
     * while the step runs and 1 once its time is over and it waits for enough evidence.
     */
    record Analysing(int step, int weight, int holds) implements RolloutState {
        public String keyword() { return "analysing"; }
    }

    /**
     * Canary held with its traffic as is: at a manual gate ({@code step} = the number of steps: every step passed)
     * or by the release's pause policy (at the step it was in).
     */
    record Paused(int step, int weight) implements RolloutState {
        public String keyword() { return "paused"; }
    }

    /** Canary passed: the stable track is being updated to the new version. */
    record Promoting() implements RolloutState {
        public String keyword() { return "promoting"; }
    }

    /** Blue-green: traffic switched to green; blue kept for instant rollback until the scale-down delay. */
    record Switched() implements RolloutState {
        public String keyword() { return "switched"; }
    }

    record Promoted() implements RolloutState {
        public String keyword() { return "promoted"; }
    }

    /** Coordinated rollback: waits until every changed service that depends on this one is rolled back. */
    record RollbackQueued() implements RolloutState {
        public String keyword() { return "rollback-queued"; }
    }

    /** The running version's track is being restored. */
    record RollingBack() implements RolloutState {
        public String keyword() { return "rolling-back"; }
    }

    record RolledBack() implements RolloutState {
        public String keyword() { return "rolled-back"; }
    }

    /** Even the rollback did not complete: a person must look. */
    record Failed() implements RolloutState {
        public String keyword() { return "failed"; }
    }

    record Cancelled() implements RolloutState {
        public String keyword() { return "cancelled"; }
    }

    /**
     * The state a transition entered. {@code previous} is the state it left: a step held once more has the same
     * step as the state before it, which is how the number of holds is recovered.
     */
    static RolloutState parse(String keyword, int step, int weight, RolloutState previous) {
        return switch (keyword) {
            case "pending" -> new Pending();
            case "deploying" -> new Deploying();
            case "smoke-testing" -> new SmokeTesting();
            case "analysing" -> new Analysing(step, weight,
                    previous instanceof Analysing a && a.step() == step ? a.holds() + 1 : 0);
            case "paused" -> new Paused(step, weight);
            case "promoting" -> new Promoting();
            case "switched" -> new Switched();
            case "promoted" -> new Promoted();
            case "rollback-queued" -> new RollbackQueued();
            case "rolling-back" -> new RollingBack();
            case "rolled-back" -> new RolledBack();
            case "failed" -> new Failed();
            case "cancelled" -> new Cancelled();
            default -> throw new IllegalArgumentException("unknown rollout state \"" + keyword + "\" in the journal");
        };
    }
}
