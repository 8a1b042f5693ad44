package dev.slipway.release.execute;

import dev.slipway.model.OnInconclusive;
import dev.slipway.release.Track;
import dev.slipway.release.analysis.Verdict;
import dev.slipway.release.cluster.RolloutStatus;
import dev.slipway.release.cluster.TrackStatus;
import dev.slipway.release.execute.Action.Apply;
import dev.slipway.release.execute.Action.Smoke;
import dev.slipway.release.execute.Action.Remove;
import dev.slipway.release.execute.Action.Route;
import dev.slipway.release.execute.Action.StartTimer;
import dev.slipway.release.execute.Rollout.Kind;
import dev.slipway.release.execute.RolloutEvent.Cancel;
import dev.slipway.release.execute.RolloutEvent.Hold;
import dev.slipway.release.execute.RolloutEvent.Judged;
import dev.slipway.release.execute.RolloutEvent.Resume;
import dev.slipway.release.execute.RolloutEvent.RollbackRequested;
import dev.slipway.release.execute.RolloutEvent.RollbackTurn;
import dev.slipway.release.execute.RolloutEvent.SmokeResult;
import dev.slipway.release.execute.RolloutEvent.Start;
import dev.slipway.release.execute.RolloutEvent.TimerFired;
import dev.slipway.release.execute.RolloutEvent.TrackObserved;
import dev.slipway.release.execute.RolloutState.Analysing;
import dev.slipway.release.execute.RolloutState.Cancelled;
import dev.slipway.release.execute.RolloutState.Deploying;
import dev.slipway.release.execute.RolloutState.Failed;
import dev.slipway.release.execute.RolloutState.Paused;
import dev.slipway.release.execute.RolloutState.Pending;
import dev.slipway.release.execute.RolloutState.Promoted;
import dev.slipway.release.execute.RolloutState.Promoting;
import dev.slipway.release.execute.RolloutState.RollbackQueued;
import dev.slipway.release.execute.RolloutState.RolledBack;
import dev.slipway.release.execute.RolloutState.RollingBack;
import dev.slipway.release.execute.RolloutState.SmokeTesting;
import dev.slipway.release.execute.RolloutState.Switched;
import dev.slipway.release.execute.RolloutState.Verifying;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The transition tables of the three strategies, as one pure function {@code (rollout, state, event) → decision}.
 * <p>
 * A state's actions depend only on the rollout and the state entered ({@link #actions}), never on the path that
 * led there: so a resumed engine re-issues them from the journal's last state alone, and since each action states
 * a desired state, issuing them twice is harmless.
 */
public final class RolloutMachine {

    /** The state entered, the actions that bring the cluster there, why, and whether the rollout failed. */
    public record Decision(RolloutState next, List<Action> actions, String reason, boolean failure) {
        public Decision {
            actions = List.copyOf(actions);
        }
    }

    /** How a failure's reason names the phase that found it: root-cause reports, status and events say it. */
    public static final String DURING_ROLLOUT = "during the rollout";
    public static final String IN_VERIFICATION = "in verification";
    public static final String IN_SMOKE_TEST = "in a smoke test";

    private RolloutMachine() {
    }

    private static String verifying(Rollout r) {
        return "verifying for " + r.verifyWindow().toSeconds() + "s against " + r.from().orElse("the previous version")
                + " before the release";
    }

    /** The decision for {@code event} in {@code state}; empty when the state does not expect the event. */
    public static Optional<Decision> next(Rollout r, RolloutState state, RolloutEvent event) {
        return Optional.ofNullable(switch (event) {
            case Start s when state instanceof Pending -> to(r, new Deploying(), "every dependency is promoted");
            case Cancel c when state instanceof Pending -> to(r, new Cancelled(), c.reason());
            case Cancel c when rollbackAllowed(state) -> rollback(r, c.reason(), false);
            case RollbackRequested q when rollbackAllowed(state) && q.queued() && !(state instanceof RollbackQueued) ->
                    to(r, new RollbackQueued(), q.reason());
            case RollbackRequested q when rollbackAllowed(state) && !q.queued() -> rollback(r, q.reason(), false);
            case RollbackTurn t when state instanceof RollbackQueued ->
                    rollback(r, "every changed dependent is rolled back", false);
            case TrackObserved o -> observed(r, state, o.status());
            case TimerFired t when state instanceof Switched && t.purpose() == TimerPurpose.SCALE_DOWN ->
                    to(r, new Promoted(), "scale-down delay over: previous version removed");
            case Judged j when state instanceof Analysing a && a.step() == j.step() -> judged(r, a, j.verdict());
            case Judged j when state instanceof Verifying v -> verified(r, v, j.verdict());
            case Judged j when state instanceof Deploying && j.verdict().failed() ->
                    rollback(r, DURING_ROLLOUT + ": " + j.verdict().reason(), true);
            case Hold h when state instanceof Analysing a -> to(r, new Paused(a.step(), a.weight()), h.reason());
            case SmokeResult s when state instanceof SmokeTesting -> s.healthy()
                    ? r.verifies()
                            ? to(r, new Verifying(0), "smoke tests passed (" + s.detail() + "): traffic switched to "
                                    + r.track().keyword() + ", " + verifying(r))
                            : to(r, new Switched(), "smoke tests passed (" + s.detail() + "): traffic switched")
                    : rollback(r, IN_SMOKE_TEST + " on " + r.track().keyword() + ": " + s.detail(), true);
            case Resume x when state instanceof Paused p && r.kind() != Kind.CANARY -> r.kind() == Kind.BLUE_GREEN
                    ? to(r, new Switched(), "inconclusive verification accepted by a person")
                    : to(r, new Promoted(), "inconclusive verification accepted by a person");
            case Resume x when state instanceof Paused p -> p.step() >= r.steps().size()
                    ? to(r, new Promoting(), "manual gate opened")
                    : to(r, new Analysing(p.step(), p.weight(), 0), "resumed");
            default -> null;
        });
    }

    private static boolean rollbackAllowed(RolloutState state) {
        return state.changed() && !(state instanceof RollingBack);
    }

    private static Decision observed(Rollout r, RolloutState state, TrackStatus status) {
        RolloutStatus rollout = RolloutStatus.of(status, r.replicas());
        boolean active = state.changed() && !(state instanceof RollbackQueued) && !(state instanceof RollingBack);
        if (active && status.track() == r.newVersionTrack(state) && status.version().equals(r.to())) {
            if (rollout == RolloutStatus.FAILED) {
                return rollback(r, (state instanceof Verifying ? IN_VERIFICATION : DURING_ROLLOUT) + ": " + why(status),
                        true);
            }
            if (rollout == RolloutStatus.COMPLETE && state instanceof Deploying) {
                return switch (r.kind()) {
                    case ROLLING -> r.verifies() && r.from().isPresent()
                            ? to(r, new Verifying(0), "rollout complete: " + verifying(r))
                            : to(r, new Promoted(), "rollout complete");
                    case BLUE_GREEN -> to(r, new SmokeTesting(), r.track().keyword() + " is up");
                    case CANARY -> to(r, new Analysing(0, r.steps().getFirst(), 0), "canary is up");
                };
            }
            if (rollout == RolloutStatus.COMPLETE && state instanceof Promoting) {
                return to(r, new Promoted(), "stable runs the new version");
            }
            return null;
        }
        if (state instanceof RollingBack && status.track() == r.baseline()
                && r.from().map(status.version()::equals).orElse(false)) {
            return switch (rollout) {
                case COMPLETE -> to(r, new RolledBack(), "previous version restored");
                case FAILED -> new Decision(new Failed(), List.of(), "rollback did not complete: " + why(status), false);
                case PROGRESSING -> null;
            };
        }
        return null;
    }

    private static String why(TrackStatus status) {
        String what = status.progressDeadlineExceeded() ? "progress deadline exceeded"
                : "crash loop (" + status.restarts() + " restarts)";
        return status.track().keyword() + " " + status.version() + ": " + what;
    }

    private static Decision judged(Rollout r, Analysing a, Verdict verdict) {
        String at = "step " + (a.step() + 1) + "/" + r.steps().size() + " (" + a.weight() + "%)";
        return switch (verdict.outcome()) {
            case PASS -> passed(r, a, at + " passed: " + verdict.reason());
            case FAIL -> rollback(r, at + " failed: " + verdict.reason(), true);
            case INCONCLUSIVE -> inconclusive(r, a, at, verdict.reason());
        };
    }

    /**
     * The verification window's judgement: a pass promotes (blue-green: keeps blue for the scale-down delay), a
     * failure rolls back to the previous version, too little evidence waits up to {@code inconclusiveAfter} and then
     * follows {@code onInconclusive}.
     */
    private static Decision verified(Rollout r, Verifying v, Verdict verdict) {
        String window = "verification window (" + r.verifyWindow().toSeconds() + "s)";
        return switch (verdict.outcome()) {
            case PASS -> r.kind() == Kind.BLUE_GREEN
                    ? to(r, new Switched(), window + " passed: " + verdict.reason())
                    : to(r, new Promoted(), window + " passed: " + verdict.reason());
            case FAIL -> rollback(r, IN_VERIFICATION + ": " + verdict.reason(), true);
            case INCONCLUSIVE -> v.holds() == 0
                    ? to(r, new Verifying(1), window + " ended without enough evidence (" + verdict.reason()
                            + "): waiting up to " + r.analysis().inconclusiveAfter().toSeconds() + "s for it")
                    : r.analysis().onInconclusive() == OnInconclusive.ROLLBACK
                            ? rollback(r, IN_VERIFICATION + ", inconclusive: " + verdict.reason(), true)
                            : to(r, new Paused(0, 100), IN_VERIFICATION + ", inconclusive (" + verdict.reason()
                                    + "): waiting for a person to resume or roll back");
        };
    }

    /** Once the step's time is over, wait for evidence; if it is still missing at the limit, apply the policy. */
    private static Decision inconclusive(Rollout r, Analysing a, String at, String reason) {
        if (a.holds() == 0) {
            return to(r, new Analysing(a.step(), a.weight(), 1), at + " ended without enough evidence (" + reason
                    + "): waiting up to " + r.analysis().inconclusiveAfter().toSeconds() + "s for it");
        }
        return r.analysis().onInconclusive() == OnInconclusive.ROLLBACK
                ? rollback(r, at + " inconclusive: " + reason, true)
                : to(r, new Paused(a.step(), a.weight()), at + " inconclusive (" + reason
                        + "): waiting for a person to resume or roll back");
    }

    private static Decision passed(Rollout r, Analysing a, String reason) {
        if (a.step() + 1 < r.steps().size()) {
            return to(r, new Analysing(a.step() + 1, r.steps().get(a.step() + 1), 0), reason);
        }
        if (r.manualGate()) {
            return to(r, new Paused(r.steps().size(), a.weight()), reason + "; waiting at the manual gate");
        }
        return to(r, new Promoting(), reason);
    }

    /** Undo the rollout: a service that did not run is removed, otherwise its previous version is restored. */
    private static Decision rollback(Rollout r, String reason, boolean failure) {
        RolloutState next = r.from().isEmpty() ? new RolledBack() : new RollingBack();
        return new Decision(next, actions(r, next), reason, failure);
    }

    private static Decision to(Rollout r, RolloutState next, String reason) {
        return new Decision(next, actions(r, next), reason, false);
    }

    /** What entering {@code state} asks of the cluster and the clock. */
    public static List<Action> actions(Rollout r, RolloutState state) {
        List<Action> actions = new ArrayList<>();
        switch (state) {
            case Deploying d -> {
                actions.add(new Apply(r.newVersion(r.track())));
                if (r.judgedWhileRolling()) {
                    actions.add(new StartTimer(TimerPurpose.CHECK, -1, r.analysis().interval()));
                }
            }
            case SmokeTesting s -> actions.add(new Smoke(r.track(), r.smoke()));
            case Verifying v -> {
                if (r.kind() == Kind.BLUE_GREEN) {
                    actions.add(new Route(weights(r.track(), 100, r.baseline(), 0)));
                }
                // a window held for evidence ends when the inconclusive limit does
                actions.add(new StartTimer(TimerPurpose.VERIFY, -1,
                        v.holds() == 0 ? r.verifyWindow() : r.analysis().inconclusiveAfter()));
                actions.add(new StartTimer(TimerPurpose.CHECK, -1, r.analysis().interval()));
            }
            case Analysing a -> {
                actions.add(new Route(weights(r.baseline(), 100 - a.weight(), r.track(), a.weight())));
                // a step held for evidence ends when the inconclusive limit does
                actions.add(new StartTimer(TimerPurpose.STEP, a.step(),
                        a.holds() == 0 ? r.stepInterval() : r.analysis().inconclusiveAfter()));
                actions.add(new StartTimer(TimerPurpose.CHECK, a.step(), r.analysis().interval()));
            }
            case Promoting p -> actions.add(new Apply(r.newVersion(r.baseline())));
            case Switched s -> {
                actions.add(new Route(weights(r.track(), 100, r.baseline(), 0)));
                actions.add(new StartTimer(TimerPurpose.SCALE_DOWN, 0, r.scaleDownDelay()));
            }
            case Promoted p -> {
                if (r.kind() == Kind.CANARY) {
                    actions.add(new Route(weights(r.baseline(), 100, r.track(), 0)));
                    actions.add(new Remove(r.track()));
                } else if (r.kind() == Kind.BLUE_GREEN) {
                    actions.add(new Remove(r.baseline()));
                }
            }
            case RollingBack b -> actions.add(new Apply(r.previousVersion()));
            case RolledBack b -> {
                if (r.from().isEmpty()) {
                    actions.add(new Remove(r.track()));
                } else if (r.track() != r.baseline()) {
                    actions.add(new Route(weights(r.baseline(), 100, r.track(), 0)));
                    actions.add(new Remove(r.track()));
                }
            }
            case Pending p -> { }
            case Paused p -> { }
            case RollbackQueued q -> { }
            case Failed f -> { }
            case Cancelled c -> { }
        }
        return actions;
    }

    private static Map<Track, Integer> weights(Track first, int firstWeight, Track second, int secondWeight) {
        Map<Track, Integer> weights = new LinkedHashMap<>();
        weights.put(first, firstWeight);
        weights.put(second, secondWeight);
        return weights;
    }
}
