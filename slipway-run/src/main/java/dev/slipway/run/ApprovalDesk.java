package dev.slipway.run;

import dev.slipway.model.UserError;
import dev.slipway.store.Approval;
import dev.slipway.store.Approvals;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Takes a person's decision on a release that awaits approval, by the rules its admission recorded: at least the
 * minimum number of distinct approvers, not the person who started it unless the environment allows it; one
 * rejection is enough to stop it. Says what the engine must do next.
 */
public final class ApprovalDesk {

    private final Approvals approvals;

    public ApprovalDesk(Approvals approvals) {
        this.approvals = approvals;
    }

    /** What the decision came to, and the reason the journal records for it. */
    public record Outcome(Next next, String reason) {
    }

    public enum Next {
        /** Recorded; more approvers are needed. */
        WAIT,
        /** Enough approvers: the release starts its rollouts. */
        APPROVE,
        /** Rejected: the release ends, nothing having changed. */
        REJECT
    }

    /** @throws UserError when the release does not await approval, the person may not decide, or already did */
    public Outcome decide(ReleaseRecord record, String who, Approval.Decision decision, Optional<String> comment,
                          Instant now) {
        if (!record.awaitingApproval()) {
            throw new UserError("release " + record.id() + " does not await approval (it is " + record.state() + ")",
                    record.finished() ? null : "`slipway resume " + record.id() + "` continues a paused release");
        }
        ReleaseRecord.Admission admission = record.admission();
        if (!admission.approvers().allowSelf() && who.equals(admission.startedBy())) {
            throw new UserError(who + " started release " + record.id() + " and may not " + decision.keyword()
                    + " it", "someone else approves it (approvers.allowSelf is false for " + record.environment()
                    + ")");
        }
        if (!approvals.record(new Approval(record.id(), who, decision, comment, now))) {
            throw new UserError(who + " has already decided on release " + record.id(), null);
        }
        String said = comment.map(c -> ": " + c).orElse("");
        if (decision == Approval.Decision.REJECT) {
            return new Outcome(Next.REJECT, "rejected by " + who + said);
        }
        Set<String> approvers = new LinkedHashSet<>();
        approvals.of(record.id()).stream().filter(a -> a.decision() == Approval.Decision.APPROVE)
                .forEach(a -> approvers.add(a.approver()));
        int minimum = admission.approvers().minimum();
        if (approvers.size() < minimum) {
            return new Outcome(Next.WAIT, "approved by " + String.join(", ", approvers) + " (" + approvers.size()
                    + " of " + minimum + ")");
        }
        return new Outcome(Next.APPROVE, "approved by " + String.join(", ", approvers) + said);
    }
}
