package dev.slipway.release.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.release.Track;
import java.util.OptionalInt;
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

    @Test
    void aTrackScaledToItsTrafficShareIsCompleteAtThatShare() {
        TrackStatus one = new TrackStatus("dev", "api", Track.CANARY, "2.1.0", 1, 1, 1, 1, 1, 1, 0, false,
                OptionalInt.of(1));
        assertThat(RolloutStatus.desired(one, 10)).isEqualTo(1);
        assertThat(RolloutStatus.of(one, 10)).isEqualTo(RolloutStatus.COMPLETE);
        TrackStatus fiveOfTen = new TrackStatus("dev", "api", Track.CANARY, "2.1.0", 2, 2, 5, 1, 1, 1, 0, false,
                OptionalInt.of(5));
        assertThat(RolloutStatus.of(fiveOfTen, 10)).as("one of the five it was scaled to").isEqualTo(RolloutStatus.PROGRESSING);
        assertThat(RolloutStatus.desired(status(1, 1, 3, 3, 3, 3, 0, false), 3)).as("not scaled: all").isEqualTo(3);
    }
}
