package dev.slipway.release.execute;

import static dev.slipway.release.execute.Harness.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.release.Track;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The journal read back into a release's runs, on its own. */
class ReplayTest {

    private static final Harness H = new Harness(Harness.load(service("db", "") + service("api", "", "db", "*")),
            Map.of("db", "1.0.0", "api", "1.0.0"));
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Transition release(long sequence, String from, String to, String reason) {
        return new Transition("r", sequence, T0.plusSeconds(sequence), Transition.RELEASE, from, to, -1, 0, "stable",
                "stable", reason, false);
    }

    private static Transition rollout(long sequence, String service, String from, String to, int step, int weight,
                                      boolean failure) {
        return new Transition("r", sequence, T0.plusSeconds(sequence), service, from, to, step, weight, "canary",
                "stable", "why", failure);
    }

    @Test
    void everyRolloutIsInTheStateItLastEnteredWithItsTimesAndTracks() {
        Runs runs = new Runs(H.plan(Map.of("db", "2.0.0", "api", "2.0.0"), 0));
        Replay replay = Replay.of("r", List.of(
                release(0, "new", "running", "start"),
                rollout(1, "db", "pending", "deploying", -1, 0, false),
                rollout(2, "db", "deploying", "analysing", 0, 10, false),
                rollout(3, "db", "analysing", "analysing", 0, 10, false),
                rollout(4, "db", "analysing", "rolling-back", -1, 0, true),
                release(5, "running", "paused", "db failed: error rate")), runs);

        assertThat(runs.get("db").state()).isEqualTo(new RolloutState.RollingBack());
        assertThat(runs.get("db").canaryStart).isEqualTo(T0.plusSeconds(2));
        assertThat(runs.get("api").state()).isEqualTo(new RolloutState.Pending());
        assertThat(replay.phase).isEqualTo(new ReleasePhase.Paused(ReleasePhase.PauseReason.FAILURE_POLICY,
                List.of(), "db failed: error rate"));
        assertThat(replay.nextSequence).isEqualTo(6);
        assertThat(replay.lastReleaseRecord).isEqualTo(5);
        assertThat(replay.failures).extracting(Transition::sequence).containsExactly(4L);
        assertThat(replay.tracks("db")).hasValueSatisfying(t -> assertThat(t).containsExactly(Track.CANARY,
                Track.STABLE));
        assertThat(replay.tracks("api")).isEmpty();
        assertThat(replay.inState("db", T0.plusSeconds(10))).isEqualTo(Duration.ofSeconds(6));
        assertThat(replay.inState("api", T0.plusSeconds(10))).isEqualTo(Duration.ZERO);
    }

    @Test
    void aJournalThatNamesAServiceOutsideThePlanOrIsEmptyIsRefused() {
        Runs runs = new Runs(H.plan(Map.of("db", "2.0.0"), 0));
        assertThatThrownBy(() -> Replay.of("r", List.of(rollout(0, "api", "pending", "deploying", -1, 0, false)),
                runs)).hasMessageContaining("names api, which is not in the plan");
        assertThatThrownBy(() -> Replay.of("r", List.of(), runs)).hasMessageContaining("not in the journal");
    }

    @Test
    void anEndedRolloutCannotMoveAgainButAPromotedOneCanStillBeRolledBack() {
        Runs runs = new Runs(H.plan(Map.of("db", "2.0.0", "api", "2.0.0"), 0));
        runs.enter(runs.get("db"), new RolloutState.Cancelled());
        assertThatThrownBy(() -> runs.enter(runs.get("db"), new RolloutState.Deploying()))
                .isInstanceOf(IllegalStateException.class).hasMessage("db ended cancelled and cannot become deploying");
        runs.enter(runs.get("api"), new RolloutState.Promoted());
        runs.enter(runs.get("api"), new RolloutState.RollbackQueued());
        assertThat(runs.get("api").state()).isEqualTo(new RolloutState.RollbackQueued());
    }
}
