package dev.slipway.store;

/**
 * A token just created: its description and the plaintext secret, which exists only here — the database keeps its
 * hash. {@link #toString()} leaves the secret out so that it cannot reach a log by accident.
 */
public record IssuedToken(TokenInfo info, String secret) {

    @Override
    public String toString() {
        return "IssuedToken[info=" + info + ", secret=(not shown)]";
    }
}
