package dev.slipway.model;

import java.time.Duration;

/**
 * A duration the way slipway.yaml and Kubernetes tools write it: {@code 90s} is {@code 1m30s}, an hour and five
 * minutes {@code 1h5m}, zero {@code 0s} (whole seconds; a negative duration reads as zero).
 */
public final class DurationText {

    private DurationText() {
    }

    public static String of(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds == 0) {
            return "0s";
        }
        StringBuilder text = new StringBuilder();
        if (seconds >= 3600) {
            text.append(seconds / 3600).append('h');
        }
        if (seconds % 3600 >= 60) {
            text.append(seconds % 3600 / 60).append('m');
        }
        if (seconds % 60 > 0) {
            text.append(seconds % 60).append('s');
        }
        return text.toString();
    }
}
