package dev.slipway.store;

import java.time.Instant;
import java.util.Optional;

/** One row of the audit log: who did what to what, from where, with what outcome, and its link in the chain. */
public record AuditEntry(long id, Instant at, String actor, String action, String target,
                         Optional<String> sourceAddress, String outcome, String prevHash, String hash) {
}
