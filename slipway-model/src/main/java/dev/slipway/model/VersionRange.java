package dev.slipway.model;

import java.util.Optional;
import org.semver4j.Semver;
import org.semver4j.range.RangeList;
import org.semver4j.range.RangeListFactory;

/**
 * An npm-style version range ({@code ">=2.1 <3"}, {@code ^2.1}, {@code ~2.1}, {@code *}, {@code 1.x},
 * {@code 2.1 - 3}, alternatives joined by {@code ||}), checked against semantic versions.
 */
public final class VersionRange {

    private final String text;
    private final RangeList ranges;

    private VersionRange(String text, RangeList ranges) {
        this.text = text;
        this.ranges = ranges;
    }

    /** Parses a range, or returns empty when the text is not a valid range. */
    public static Optional<VersionRange> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        // semver4j drops what it cannot read instead of failing: an alternative that reads as nothing is invalid.
        for (String alternative : text.split("\\|\\|", -1)) {
            if (alternative.isBlank()) {
                return Optional.empty();
            }
            RangeList one = RangeListFactory.create(alternative.trim());
            if (one.get().isEmpty() || one.get().stream().anyMatch(java.util.List::isEmpty)) {
                return Optional.empty();
            }
        }
        return Optional.of(new VersionRange(text, RangeListFactory.create(text.trim())));
    }

    public static VersionRange any() {
        return parse("*").orElseThrow();
    }

    /** True when {@code version} is a semantic version inside this range. */
    public boolean isSatisfiedBy(String version) {
        Semver semver = Semver.parse(version);
        return semver != null && ranges.isSatisfiedBy(semver);
    }

    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VersionRange that && text.equals(that.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
