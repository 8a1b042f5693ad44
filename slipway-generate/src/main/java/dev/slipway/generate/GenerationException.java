package dev.slipway.generate;

/** A spec that is valid but cannot be generated for a target, explained for the user. */
public final class GenerationException extends RuntimeException {

    private final String hint;

    public GenerationException(String message, String hint) {
        super(message, null, false, false);
        this.hint = hint;
    }

    public String hint() {
        return hint;
    }
}
