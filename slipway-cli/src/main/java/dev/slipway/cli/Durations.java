package dev.slipway.cli;

import java.time.Duration;

/** Durations as people read them: 45s, 3m05s, 1h02m. */
final class Durations {

    private Durations() {
    }

    static String text(Duration d) {
        long seconds = Math.max(0, d.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format("%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }

    static String seconds(Double seconds) {
        return seconds == null ? "-" : text(Duration.ofMillis(Math.round(seconds * 1000)));
    }
}
