package dev.slipway.generate.deploy;

import java.time.Duration;

/** Durations the way Kubernetes tools spell them: {@code 90s} becomes {@code 1m30s}, zero is {@code 0s}. */
final class Durations {

    private Durations() {
    }

    static String format(Duration duration) {
        long seconds = duration.toSeconds();
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
