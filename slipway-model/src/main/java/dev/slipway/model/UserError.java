package dev.slipway.model;

import java.util.Optional;

/** A mistake of the user that is not in the spec (a missing directory, a file that exists): message and hint. */
public final class UserError extends RuntimeException {

    private final String hint;

    public UserError(String message, String hint) {
        super(message, null, false, false);
        this.hint = hint;
    }

    public Optional<String> hint() {
        return Optional.ofNullable(hint);
    }
}
