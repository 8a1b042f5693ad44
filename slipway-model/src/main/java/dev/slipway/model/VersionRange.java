package dev.slipway.model;

import java.util.LinkedHashMap;
import java.util.Map;
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

    /**
     * Dependency ranges (dependency → range) as text, in the same order: the form they take in a JSON document, an
     * annotation or a database row.
     */
    public static Map<String, String> texts(Map<String, VersionRange> ranges) {
        Map<String, String> texts = new LinkedHashMap<>();
        ranges.forEach((dependency, range) -> texts.put(dependency, range.text()));
        return texts;
    }

    /**
     * Dependency ranges read back from their text, in the same order. Slipway only writes valid ranges; a text that is
     * not one (an annotation edited by hand) is left out, so its dependency counts as not declared and is not checked.
     */
    public static Map<String, VersionRange> parseAll(Map<String, String> texts) {
        Map<String, VersionRange> ranges = new LinkedHashMap<>();
        texts.forEach((dependency, text) -> parse(text).ifPresent(range -> ranges.put(dependency, range)));
        return ranges;
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
