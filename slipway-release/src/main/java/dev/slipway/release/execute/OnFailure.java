package dev.slipway.release.execute;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What happens to the rest of a release when a service fails. In every case the failed service is rolled back,
 * the changed services that depend on it (transitively) are rolled back in reverse dependency order, and those of
 * its dependents that have not started are cancelled. Then:
 */
public enum OnFailure {
    /** Independent branches carry on. The default. */
    ROLLBACK_DEPENDENTS,
    /** Every changed service of the release is rolled back too, and nothing more starts. */
    ROLLBACK_ALL,
    /** Nothing more starts and canaries hold at their current step until a person resumes or rolls back. */
    PAUSE;

    public String keyword() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<OnFailure> of(String keyword) {
        return Arrays.stream(values()).filter(v -> v.keyword().equals(keyword)).findFirst();
    }
}
