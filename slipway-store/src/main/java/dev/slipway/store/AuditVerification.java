package dev.slipway.store;

import java.util.Optional;

/**
 * What {@link AuditLog#verify} found: how many rows it walked, the hash of the last one (the head, worth recording
 * outside the database), and the first broken row, if any.
 */
public record AuditVerification(long rows, String headHash, Optional<Break> firstBreak) {

    /** The first row where the chain does not hold, and why. */
    public record Break(long row, String reason) {
    }

    public boolean intact() {
        return firstBreak.isEmpty();
    }
}
