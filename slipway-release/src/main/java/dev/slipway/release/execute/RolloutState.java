package dev.slipway.release.execute;

/**
 * Where one service's rollout is. Each state has one keyword, written to the journal with its step index and
 * weight; {@link #parse} reads it back.
 * <pre>
 * pending → deploying → [smoke-testing] → (analysing step k)* → [paused] → [promoting] → [verifying] → [switched]
 *         → promoted
 *                  any changed state → [rollback-queued] → rolling-back → rolled-back | failed
 * pending → cancelled
 * </pre>
 */
public sealed interface RolloutState {

    /** What kind of state this is, for everyone outside the engine. */
    RolloutPhase phase();

    /** The journal's spelling of the phase. */
    default String keyword() {
        return phase().keyword();
    }

    default int step() {
        return -1;
    }

    default int weight() {
        return 0;
    }

    /** Nothing more will happen to this rollout in this release. */
    default boolean terminal() {
        return phase().terminal();
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
        public RolloutPhase phase() { return RolloutPhase.PENDING; }
    }

    /** The new version's pods are starting (rolling: replacing the stable pods). */
    record Deploying() implements RolloutState {
        public RolloutPhase phase() { return RolloutPhase.DEPLOYING; }
    }

    /** Blue-green: green is up; its health path is being called through its preview Service. */
    record SmokeTesting() implements RolloutState {
        public RolloutPhase phase() { return RolloutPhase.SMOKE_TESTING; }
    }

    /**
     * Canary: {@code weight} percent of the traffic goes to the canary during step {@code step}; {@code holds} is 0
     * while the step runs and 1 once its time is over and it waits for enough evidence.
     */
    record Analysing(int step, int weight, int holds) implements RolloutState {
        public RolloutPhase phase() { return RolloutPhase.ANALYSING; }
    }

    /**
     * Canary held with its traffic as is: at a manual gate ({@code step} = the number of steps: every step passed)
     * or by the release's pause policy (at the step it was in).
     */
    record Paused(int step, int weight) implements RolloutState {
        public RolloutPhase phase() { return RolloutPhase.PAUSED; }
    }

    /** Canary passed: the stable track is being updated to the new version. */
    record Promoting() implements RolloutState {
        public RolloutPhase phase() { return RolloutPhase.PROMOTING; }
    }

    /**
     * Rolling and blue-green: the rollout is complete (blue-green: traffic switched to green, blue kept) and the new
     * version is watched for the verification window before it counts as promoted; {@code holds} is 0 during the
     * window and 1 once it is over and waits for enough evidence.
     */
    record Verifying(int holds) implements RolloutState {
        public RolloutPhase phase() { return RolloutPhase.VERIFYING; }
    }

    /** Blue-green: traffic switched to green; blue kept for instant rollback until the scale-down delay. */
    record Switched() implements RolloutState {
        public RolloutPhase phase() { return RolloutPhase.SWITCHED; }
    }

    record Promoted() implements RolloutState {
        public RolloutPhase phase() { return RolloutPhase.PROMOTED; }
    }

    /** Coordinated rollback: waits until every changed service that depends on this one is rolled back. */
    record RollbackQueued() implements RolloutState {
        public RolloutPhase phase() { return RolloutPhase.ROLLBACK_QUEUED; }
    }

    /** The running version's track is being restored. */
    record RollingBack() implements RolloutState {
        public RolloutPhase phase() { return RolloutPhase.ROLLING_BACK; }
    }

    record RolledBack() implements RolloutState {
        public RolloutPhase phase() { return RolloutPhase.ROLLED_BACK; }
    }

    /** Even the rollback did not complete: a person must look. */
    record Failed() implements RolloutState {
        public RolloutPhase phase() { return RolloutPhase.FAILED; }
    }

    record Cancelled() implements RolloutState {
        public RolloutPhase phase() { return RolloutPhase.CANCELLED; }
    }

    /**
     * The state a transition entered. {@code previous} is the state it left: a step held once more has the same
     * step as the state before it, which is how the number of holds is recovered.
     */
    static RolloutState parse(String keyword, int step, int weight, RolloutState previous) {
        return switch (RolloutPhase.of(keyword)) {
            case PENDING -> new Pending();
            case DEPLOYING -> new Deploying();
            case SMOKE_TESTING -> new SmokeTesting();
            case ANALYSING -> new Analysing(step, weight,
                    previous instanceof Analysing a && a.step() == step ? a.holds() + 1 : 0);
            case PAUSED -> new Paused(step, weight);
            case PROMOTING -> new Promoting();
            case VERIFYING -> new Verifying(previous instanceof Verifying v ? v.holds() + 1 : 0);
            case SWITCHED -> new Switched();
            case PROMOTED -> new Promoted();
            case ROLLBACK_QUEUED -> new RollbackQueued();
            case ROLLING_BACK -> new RollingBack();
            case ROLLED_BACK -> new RolledBack();
            case FAILED -> new Failed();
            case CANCELLED -> new Cancelled();
        };
    }
}
