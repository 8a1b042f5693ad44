package dev.slipway.cli;

import java.util.Optional;

/** A mistake of the user that is not in the spec (a missing directory, a file that exists): message and hint. */
final class UserError extends RuntimeException {

    private final String hint;

    UserError(String message, String hint) {
        super(message, null, false, false);
        this.hint = hint;
    }

    Optional<String> hint() {
        return Optional.ofNullable(hint);
    }
}
