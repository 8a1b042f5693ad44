package dev.slipway.store.auth;

import dev.slipway.model.Keyword;
import java.util.Locale;

/** What an API token is for; the environments it may release to are its grants. */
public enum Role implements Keyword {
    /** Reads everything; changes nothing, whatever it is granted. */
    VIEWER,
    /** Reads; creates, cancels, resumes and rolls back releases in the environments it is granted. */
    DEPLOYER,
    /** A deployer in every environment but production (which needs a grant), and manages tokens. */
    ADMIN;

    @Override
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code viewer}, {@code deployer} or {@code admin}; anything else is refused with the three named. */
    public static Role of(String keyword) {
        return Keyword.parse(Role.class, keyword).orElseThrow(() ->
                new IllegalArgumentException("unknown role \"" + keyword + "\": viewer, deployer or admin"));
    }
}
