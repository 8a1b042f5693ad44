package dev.slipway.release.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.release.Track;
import org.junit.jupiter.api.Test;

class RolloutStatusTest {

    static TrackStatus status(long generation, long observed, int replicas, int updated, int ready, int available,
                              int restarts, boolean deadline) {
        return new TrackStatus("dev", "api", Track.STABLE, "2.0.0", generation, observed, replicas, updated, ready,
                available, restarts, deadline);
    }

    @Test
    void judgesAsKubectlRolloutStatusDoes() {
        assertThat(RolloutStatus.of(status(2, 1, 3, 3, 3, 3, 0, false), 3)).as("spec not yet observed")
                .isEqualTo(RolloutStatus.PROGRESSING);
        assertThat(RolloutStatus.of(status(2, 2, 4, 3, 4, 4, 0, false), 3)).as("an old replica is still there")
                .isEqualTo(RolloutStatus.PROGRESSING);
        assertThat(RolloutStatus.of(status(2, 2, 3, 3, 3, 2, 0, false), 3)).as("not all available")
                .isEqualTo(RolloutStatus.PROGRESSING);
        assertThat(RolloutStatus.of(status(2, 2, 3, 3, 3, 3, 0, false), 3)).isEqualTo(RolloutStatus.COMPLETE);
        assertThat(RolloutStatus.of(status(2, 2, 3, 1, 1, 1, 0, true), 3)).as("ProgressDeadlineExceeded")
                .isEqualTo(RolloutStatus.FAILED);
        assertThat(RolloutStatus.of(status(2, 2, 3, 3, 0, 0, 3, false), 3)).as("crash loop")
                .isEqualTo(RolloutStatus.FAILED);
    }
}
