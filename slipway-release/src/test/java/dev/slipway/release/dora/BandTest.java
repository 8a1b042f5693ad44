package dev.slipway.release.dora;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The band edges: a mean of one deployment a day is high, one a week is high, one in 30 days is medium. */
class BandTest {

    private static final Duration DAYS_28 = Duration.ofDays(28);
    private static final Duration DAYS_30 = Duration.ofDays(30);

    @Test
    void moreThanOnceADayIsElite() {
        assertThat(Band.of(31, DAYS_30)).isEqualTo(Band.ELITE);
        assertThat(Band.of(2, Duration.ofDays(1))).isEqualTo(Band.ELITE);
    }

    @Test
    void fromOnceADayToOnceAWeekIsHigh() {
        assertThat(Band.of(30, DAYS_30)).isEqualTo(Band.HIGH);
        // 4 in 28 days is exactly weekly; dividing in doubles would put it on either side.
        assertThat(Band.of(4, DAYS_28)).isEqualTo(Band.HIGH);
    }

    @Test
    void lessThanWeeklyDownToOnceIn30DaysIsMedium() {
        assertThat(Band.of(3, DAYS_28)).isEqualTo(Band.MEDIUM);
        assertThat(Band.of(1, DAYS_30)).isEqualTo(Band.MEDIUM);
        assertThat(Band.of(3, Duration.ofDays(90))).isEqualTo(Band.MEDIUM);
    }

    @Test
    void lessThanMonthlyOrNeverIsLow() {
        assertThat(Band.of(1, Duration.ofDays(31))).isEqualTo(Band.LOW);
        assertThat(Band.of(2, Duration.ofDays(90))).isEqualTo(Band.LOW);
        assertThat(Band.of(0, DAYS_30)).isEqualTo(Band.LOW);
    }
}
