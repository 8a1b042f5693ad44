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
 * rejection is enough to stop it; only the people {@code approvers.names} lists decide, when it lists any. Says what the
 * engine must do next.
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

    /** A person whose name {@code approvers.names} does not list: not theirs to decide, whatever they are granted. */
    public static final class NotAnApprover extends UserError {
        NotAnApprover(String message, String hint) {
            super(message, hint);
        }
    }

    /**
     * @param who  how the decision is recorded (a token's name and id, or the CLI's user)
     * @param name the person's name as {@code approvers.names} lists it (a token's name; on the CLI, {@code who})
     * @throws NotAnApprover when the environment names its approvers and not this person
     * @throws UserError     when the release does not await approval, the person may not decide, or already did
     */
    public Outcome decide(ReleaseRecord record, String who, String name, Approval.Decision decision,
                          Optional<String> comment, Instant now) {
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
        if (!admission.approvers().admits(name)) {
            throw new NotAnApprover(name + " is not an approver of " + record.environment() + ": only "
                    + String.join(", ", admission.approvers().names()) + " may " + decision.keyword() + " release "
                    + record.id(), "one of them decides (approvers.names of " + record.environment()
                    + " in slipway.yaml, as it was when the release started)");
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
