package dev.slipway.model;

import java.util.Optional;

/**
 * A mistake of the user that is not in the spec (a missing directory, a file that exists): message and hint. Open to
 * subclasses only so that a caller can tell one kind of refusal apart (the server answers 403 to a person who may not
 * approve); each is still reported as a user's error.
 */
public class UserError extends RuntimeException {

    private final String hint;

    public UserError(String message, String hint) {
        super(message, null, false, false);
        this.hint = hint;
    }

    public Optional<String> hint() {
        return Optional.ofNullable(hint);
    }
}
