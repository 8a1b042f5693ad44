package dev.slipway.run;

import dev.slipway.model.VersionRange;
import dev.slipway.release.Deployed;
import dev.slipway.release.Inventory;
import dev.slipway.release.Track;
import dev.slipway.release.TrackState;
import dev.slipway.model.Environment;
import dev.slipway.release.execute.ReleaseEngine;
import dev.slipway.release.execute.ReleasePhase;
import dev.slipway.supply.gates.GateResult;
import dev.slipway.model.OnFailure;
import dev.slipway.release.plan.ReleaseRequest;
import dev.slipway.release.plan.SavedPlan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A release as its runner keeps it in the store ({@link ReleaseRecords}): what was asked (versions, digests,
 * options), what ran before it (so a later process re-plans exactly the same release to resume it), where it is,
 * and its result in the JSON contract of {@code deploy --format json}. The transitions themselves are in the journal.
 *
 * @param state        running, paused, awaiting-approval, succeeded, rolled-back or failed
 * @param ranges       the dependency ranges of target versions that are not the spec's (a rollback's); in the stored
 *                     document as text ({@link ReleaseRecords})
 * @param rollbackOf   the release this one undoes, if it is a rollback
 * @param rolledBackBy the release that undid this one
 * @param commit       the commit SHA the release ships, as {@code deploy --commit} gave it (for the deployment history)
 * @param committed    that commit's time, an ISO-8601 instant, from {@code deploy --commit-time}
 * @param plan         the plan the release was started with, which every later run of it follows whatever the spec
 *                     says by then; null in records written before plans were saved (those are planned again)
 * @param admission    how it was let into its environment (who started it, its gates, approvers); null in records
 *                     written before gates were recorded
 */
public record ReleaseRecord(String id, String environment, String spec, Map<String, String> versions,
                     Map<String, String> digests, Map<String, Map<String, VersionRange>> ranges, int maxParallel,
                     String onFailure, List<String> gates,
                     Map<String, Before> before, String state, String rollbackOf, String rolledBackBy,
                     Result result, String commit, String committed, SavedPlan plan, Admission admission) {

    public static final String RUNNING = "running";
    public static final String PAUSED = "paused";
    public static final String AWAITING_APPROVAL = ReleasePhase.AWAITING_APPROVAL;

    public ReleaseRecord {
        versions = new LinkedHashMap<>(versions);
        digests = digests == null ? Map.of() : new LinkedHashMap<>(digests);
        ranges = ranges == null ? Map.of() : new LinkedHashMap<>(ranges);
        gates = gates == null ? List.of() : List.copyOf(gates);
        before = before == null ? Map.of() : new LinkedHashMap<>(before);
    }

    /**
     * How a release was let into its environment.
     *
     * @param startedBy who started it (a token's name, or the CLI's user)
     * @param gates     every gate it was checked against when it started, with what each found
     * @param forced    an admin's reason for starting it although a gate failed; null when none failed
     * @param approvers who must approve it before anything changes; null when its environment needs no approval
     */
    public record Admission(String startedBy, List<GateResult> gates, String forced, Environment.Approvers approvers) {
        public Admission {
            gates = gates == null ? List.of() : List.copyOf(gates);
        }

        public boolean needsApproval() {
            return approvers != null;
        }
    }

    /** What ran of a service when the release started. */
    public record Before(String version, String digest, Map<String, VersionRange> ranges) {
    }

    /** The result as {@code ReleaseJson} writes it. */
    public record Result(String release, String outcome, List<ServiceResult> services, Double makespanSeconds,
                  Double criticalPathSeconds) {
    }

    public record ServiceResult(String name, String from, String to, String outcome, Double startedAt, Double finishedAt) {
    }

    public boolean finished() {
        return !state.equals(RUNNING) && !state.equals(PAUSED) && !state.equals(AWAITING_APPROVAL);
    }

    public boolean awaitingApproval() {
        return state.equals(AWAITING_APPROVAL);
    }

    public ReleaseRecord withState(String newState, Result newResult) {
        return new ReleaseRecord(id, environment, spec, versions, digests, ranges, maxParallel, onFailure, gates,
                before, newState, rollbackOf, rolledBackBy, newResult, commit, committed, plan, admission);
    }

    public ReleaseRecord withRolledBackBy(String release) {
        return new ReleaseRecord(id, environment, spec, versions, digests, ranges, maxParallel, onFailure, gates,
                before, state, rollbackOf, release, result, commit, committed, plan, admission);
    }

    public ReleaseRequest request() {
        return new ReleaseRequest(environment, versions, digests, ranges);
    }

    public ReleaseEngine.Options options() {
        return ReleaseEngine.Options.DEFAULT.withMaxParallel(maxParallel)
                .withOnFailure(OnFailure.of(onFailure).orElse(OnFailure.ROLLBACK_DEPENDENTS))
                .withManualGates(Set.copyOf(gates))
                .withApproval(admission != null && admission.needsApproval());
    }

    /** The inventory the release was planned against: every service settled at the version it ran. */
    public Inventory beforeInventory() {
        Inventory inventory = Inventory.empty(environment);
        for (Map.Entry<String, Before> e : before.entrySet()) {
            Before b = e.getValue();
            Deployed deployed = new Deployed(e.getKey(), b.version(), Optional.ofNullable(b.digest()),
                    List.of(new TrackState(Track.STABLE, b.version(), 100)), true,
                    Optional.ofNullable(b.ranges()));
            inventory = inventory.with(deployed);
        }
        return inventory;
    }

    public static Map<String, Before> before(Inventory inventory) {
        Map<String, Before> before = new LinkedHashMap<>();
        inventory.services().forEach((name, d) -> before.put(name,
                new Before(d.version(), d.digest().orElse(null), d.ranges().orElse(null))));
        return before;
    }
}
