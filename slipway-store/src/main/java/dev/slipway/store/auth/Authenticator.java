package dev.slipway.store.auth;

import dev.slipway.store.Tokens;
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

    private final Tokens tokens;
    private final FailedAuthentications failures;

    public Authenticator(Tokens tokens, FailedAuthentications failures) {
        this.tokens = tokens;
        this.failures = failures;
    }

    public Outcome authenticate(String presented, String sourceAddress) {
        Optional<Duration> refused = failures.refusedFor(sourceAddress);
        if (refused.isPresent()) {
            return new Refused(refused.get());
        }
        Optional<Principal> principal = tokens.authenticate(presented);
        if (principal.isEmpty()) {
            failures.failed(sourceAddress);
            return new Rejected();
        }
        return new Authenticated(principal.get());
    }
}
