package dev.slipway.release.plan;

import dev.slipway.model.VersionRange;
import org.semver4j.Semver;

/**
 * Versions as the planner reads them: {@code MAJOR.MINOR.PATCH} with an optional pre-release and build, and an
 * optional leading {@code v} (tags are often written {@code v2.1.0}). {@code 2.1} and {@code latest} are not
 * coerced: guessing {@code 2.1.0} could pass a range check for an image that is really {@code 2.1.7}.
 */
final class Versions {

    static final String HINT = "use MAJOR.MINOR.PATCH, e.g. 2.1.0 (a leading v is allowed)";

    private Versions() {
    }

    static boolean isSemver(String version) {
        String core = core(version);
        return !core.isEmpty() && Character.isDigit(core.charAt(0)) && core.chars().noneMatch(Character::isWhitespace)
                && Semver.parse(core) != null;
    }

    /** Same release: equal text, or equal semantic versions ({@code v2.1.0} is {@code 2.1.0}). */
    static boolean same(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        return isSemver(a) && isSemver(b) && Semver.parse(core(a)).equals(Semver.parse(core(b)));
    }

    /** Requires {@link #isSemver(String)}. */
    static boolean satisfies(VersionRange range, String version) {
        return range.isSatisfiedBy(core(version));
    }

    private static String core(String version) {
        return version.startsWith("v") ? version.substring(1) : version;
    }
}
