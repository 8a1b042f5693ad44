package dev.slipway.store;

import dev.slipway.store.auth.FailedAuthentications;
import dev.slipway.store.auth.Principal;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import java.time.Duration;
import java.util.Optional;

/**
 * The API's front door: a presented token and the address it came from become a principal, a rejection, or a
 * refusal after too many failures. Failures are counted per source address and per presented credential, apart:
 * a valid token is always let through, whatever others sent from its address (behind an ingress, a NAT or a
 * sidecar, every caller shares one address, and ten junk tokens once locked them all out). A refused address gets
 * nothing but 429 for a token that is not valid, so a guesser learns nothing during the cooldown; a credential
 * refused after its own failures (a revoked token a job keeps sending) is not looked up at all.
 */
public final class Authenticator {

    /** What came of one presentation; no outcome holds the presented secret. */
    public sealed interface Outcome {
    }

    public record Authenticated(Principal principal) implements Outcome {
    }

    /** Unknown, revoked or malformed: the caller cannot tell which, on purpose. */
    public record Rejected() implements Outcome {
    }

    public record Refused(Duration retryAfter) implements Outcome {
    }

    /** The failure counter's keys: an address, and a credential by its hash. */
    private static final String PEER = "peer ";
    private static final String CREDENTIAL = "credential ";

    /** More tokens than any installation has: past it the cache starts afresh rather than grow without bound. */
    private static final int REMEMBERED_AT_MOST = 10_000;

    private final Tokens tokens;
    private final FailedAuthentications failures;
    private final InstantSource clock;
    private final Duration remember;
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();
    /** Counts revocations: a lookup that a revocation overtook does not put its answer in the cache. */
    private final java.util.concurrent.atomic.AtomicLong revocations = new java.util.concurrent.atomic.AtomicLong();

    /** A token found valid, until {@code until}; keyed by the secret's hash, never by the secret. */
    private record Remembered(Principal principal, Instant until) {
    }

    /** Looks every presentation up in the database. */
    public Authenticator(Tokens tokens, FailedAuthentications failures) {
        this(tokens, failures, InstantSource.system(), Duration.ZERO);
    }

    /**
     * Remembers a valid token for {@code remember} (a server answering thousands of calls a second would otherwise
     * hash and look up each). A token revoked through this authenticator ({@link #forget}) is refused at once; one
     * revoked elsewhere (another replica, the CLI) is accepted here for at most {@code remember}. Failures are
     * never remembered: each one is looked up and counted against its address.
     */
    public Authenticator(Tokens tokens, FailedAuthentications failures, InstantSource clock, Duration remember) {
        this.tokens = tokens;
        this.failures = failures;
        this.clock = clock;
        this.remember = remember;
    }

    /** The token {@code tokenId} was revoked: stop accepting it now. */
    public void forget(String tokenId) {
        revocations.incrementAndGet();
        remembered.values().removeIf(r -> r.principal().id().equals(tokenId));
    }

    /**
     * A request to a guarded route with no credential at all: not a guess, but counted against its address all the
     * same, so that anonymous traffic (each of which may be audited) is limited too.
     */
    public Outcome anonymous(String sourceAddress) {
        Optional<Duration> refused = failures.refusedFor(PEER + sourceAddress);
        if (refused.isPresent()) {
            return new Refused(refused.get());
        }
        failures.failed(PEER + sourceAddress);
        return new Rejected();
    }

    public Outcome authenticate(String presented, String sourceAddress) {
        String key = presented == null ? "" : Tokens.hash(presented);
        Instant now = clock.instant();
        Remembered known = remember.isZero() ? null : remembered.get(key);
        if (known != null && now.isBefore(known.until())) {
            return new Authenticated(known.principal());
        }
        Optional<Duration> credentialRefused = failures.refusedFor(CREDENTIAL + key);
        if (credentialRefused.isPresent()) {
            return new Refused(credentialRefused.get());
        }
        long revoked = revocations.get();
        Optional<Principal> principal = tokens.authenticate(presented);
        if (principal.isPresent()) {
            // a revocation while this lookup ran may have come too late for it, but not for the cache
            if (!remember.isZero() && revocations.get() == revoked) {
                if (remembered.size() >= REMEMBERED_AT_MOST) {
                    remembered.clear();
                }
                remembered.put(key, new Remembered(principal.get(), now.plus(remember)));
            }
            return new Authenticated(principal.get());
        }
        failures.failed(CREDENTIAL + key);
        Optional<Duration> peerRefused = failures.refusedFor(PEER + sourceAddress);
        if (peerRefused.isPresent()) {
            return new Refused(peerRefused.get());
        }
        failures.failed(PEER + sourceAddress);
        return new Rejected();
    }
}
