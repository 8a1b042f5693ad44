package dev.slipway.release.dora;

import java.time.Duration;
import java.util.Locale;

/**
 * DORA's performance band for deployment frequency.
 * <p>
 * The bands are the survey answers of the 2019 Accelerate State of DevOps Report (DORA, "Aspects of software delivery
 * performance"; the same four keys as Forsgren, Humble and Kim, <i>Accelerate</i>, 2018, ch. 2): elite "on demand
 * (multiple deploys per day)", high "between once per day and once per week", medium "between once per week and once
 * per month", low "less than once per month". The survey's answers are ranges a person picks; a measured rate needs
 * exact edges, so Slipway reads them as the mean time between deployments {@code window / count}: elite under a day,
 * high from a day to a week, medium over a week up to a month of 30 days, low over 30 days (and no deployment at all).
 * A team deploying exactly once a day is therefore high, as the survey's "between once per day and ..." says.
 */
public enum Band {
    ELITE, HIGH, MEDIUM, LOW;

    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration WEEK = Duration.ofDays(7);
    private static final Duration MONTH = Duration.ofDays(30);

    /** Compares in whole milliseconds, without dividing, so that 4 deployments in 28 days is exactly once a week. */
    public static Band of(long deployments, Duration window) {
        long windowMillis = window.toMillis();
        if (deployments == 0) {
            return LOW;
        }
        if (windowMillis < deployments * DAY.toMillis()) {
            return ELITE;
        }
        if (windowMillis <= deployments * WEEK.toMillis()) {
            return HIGH;
        }
        if (windowMillis <= deployments * MONTH.toMillis()) {
            return MEDIUM;
        }
        return LOW;
    }

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }
}
