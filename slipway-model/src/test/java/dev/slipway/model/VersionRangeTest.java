package dev.slipway.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionRangeTest {

    @ParameterizedTest
    @CsvSource({
        "'>=2.1 <3', 2.1.0, true", "'>=2.1 <3', 2.9.9, true", "'>=2.1 <3', 3.0.0, false", "'>=2.1 <3', 2.0.9, false",
        "^2.1, 2.5.0, true", "^2.1, 3.0.0, false", "~2.1, 2.1.7, true", "~2.1, 2.2.0, false",
        "*, 0.0.1, true", "1.x, 1.9.0, true", "1.x, 2.0.0, false", "'^1 || ^3', 3.1.0, true", "'^1 || ^3', 2.0.0, false",
        "^2.1, not-a-version, false"})
    void checksVersions(String range, String version, boolean satisfied) {
        assertThat(VersionRange.parse(range).orElseThrow().isSatisfiedBy(version)).isEqualTo(satisfied);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", ">>2", "foo", "=>1", "1.2.3.4", "^1 ||", "|| ^1", "^1 || bar"})
    void rejectsInvalidRanges(String range) {
        assertThat(VersionRange.parse(range)).isEmpty();
    }

    @Test
    void rangesTravelAsTextAndReadBackInOrderLeavingOutWhatIsNoRange() {
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("redis", ">=7.2 <8");
        texts.put("edited", ">>2");
        texts.put("postgres", "^16.0.0");

        Map<String, VersionRange> ranges = VersionRange.parseAll(texts);

        assertThat(List.copyOf(ranges.keySet())).containsExactly("redis", "postgres");
        assertThat(ranges.get("redis").isSatisfiedBy("7.4.1")).isTrue();
        assertThat(VersionRange.texts(ranges)).containsExactly(Map.entry("redis", ">=7.2 <8"),
                Map.entry("postgres", "^16.0.0"));
    }
}
