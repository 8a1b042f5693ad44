package dev.slipway.release.dora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SinceTest {

    @Test
    void readsHoursDaysAndWeeks() {
        assertThat(Since.parse("30d")).isEqualTo(Duration.ofDays(30));
        assertThat(Since.parse("12h")).isEqualTo(Duration.ofHours(12));
        assertThat(Since.parse("4w")).isEqualTo(Duration.ofDays(28));
        assertThat(Since.parse(" 7d ")).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void theWindowEndsNow() {
        Instant now = Instant.parse("2025-04-01T12:00:00Z");

        Window window = Window.last(Since.parse("30d"), now);

        assertThat(window.from()).isEqualTo(Instant.parse("2025-03-02T12:00:00Z"));
        assertThat(window.to()).isEqualTo(now);
        assertThat(window.days()).isEqualTo(30.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "30", "d", "30 d", "1.5d", "-3d", "30D", "1w2d", "30s", "1234567d"})
    void refusesWhatIsNotANumberAndAUnit(String text) {
        assertThatThrownBy(() -> Since.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a length of time; write a whole number and h, d or w, like 12h, 30d or 4w");
    }

    @Test
    void saysWhatToWriteForMonthsAndRefusesZero() {
        assertThatThrownBy(() -> Since.parse("3m")).hasMessageEndingWith("(for months, use 30d or 4w)");
        assertThatThrownBy(() -> Since.parse("0d")).hasMessage("\"0d\" is an empty window; give a length above zero");
        assertThatThrownBy(() -> Since.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
