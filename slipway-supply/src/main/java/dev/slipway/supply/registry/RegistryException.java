package dev.slipway.supply.registry;

/**
 * A registry said no, or could not be asked. The message is one line a user can act on: what was tried, on which
 * registry and repository, what the registry answered, and a hint. It never holds a credential or a token.
 */
public final class RegistryException extends RuntimeException {

    /** Why a copy failed, for callers that react differently (a gate detail, an exit code). */
    public enum Reason {
        /** the source has no manifest or blob with that digest */
        NOT_FOUND,
        /** the registry wants credentials, or refused the ones given */
        UNAUTHORIZED,
        /** no connection, a timeout, or a 5xx */
        UNREACHABLE,
        /** a manifest or blob whose content does not hash to its digest, or a target that stored another digest */
        DIGEST_MISMATCH,
        /** credentials configured in a way that cannot be used: a malformed config.json, half an environment pair */
        CONFIGURATION,
        /** any other refusal: an unsupported manifest type, a registry error code */
        REFUSED
    }

    private final Reason reason;
    private final String problem;
    private final String hint;

    RegistryException(Reason reason, String problem, String hint) {
        super(problem + "; hint: " + hint);
        this.reason = reason;
        this.problem = problem;
        this.hint = hint;
    }

    /** What went wrong, without the hint. */
    public String problem() {
        return problem;
    }

    public Reason reason() {
        return reason;
    }

    public String hint() {
        return hint;
    }
}
