package dev.slipway.store.auth;

import dev.slipway.store.Tokens;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import java.time.Duration;
import java.util.Optional;

/**
 * The API's front door: a presented token and the address it came from become a principal, a rejection, or a
 * refusal while the address cools down after too many failures. While refused, the token is not even looked up,
 * so a guesser learns nothing during the cooldown.
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

    /** More tokens than any installation has: past it the cache starts afresh rather than grow without bound. */
    private static final int REMEMBERED_AT_MOST = 10_000;

    private final Tokens tokens;
    private final FailedAuthentications failures;
    private final InstantSource clock;
    private final Duration remember;
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

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
        remembered.values().removeIf(r -> r.principal().id().equals(tokenId));
    }

    public Outcome authenticate(String presented, String sourceAddress) {
        Optional<Duration> refused = failures.refusedFor(sourceAddress);
        if (refused.isPresent()) {
            return new Refused(refused.get());
        }
        String key = remember.isZero() || presented == null ? null : Tokens.hash(presented);
        Instant now = clock.instant();
        Remembered known = key == null ? null : remembered.get(key);
        if (known != null && now.isBefore(known.until())) {
            return new Authenticated(known.principal());
        }
        Optional<Principal> principal = tokens.authenticate(presented);
        if (principal.isEmpty()) {
            failures.failed(sourceAddress);
            return new Rejected();
        }
        if (key != null) {
            if (remembered.size() >= REMEMBERED_AT_MOST) {
                remembered.clear();
            }
            remembered.put(key, new Remembered(principal.get(), now.plus(remember)));
        }
        return new Authenticated(principal.get());
    }
}
