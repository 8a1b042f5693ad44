package dev.slipway.sandbox;

import static dev.slipway.sandbox.Fixture.ENV;
import static dev.slipway.sandbox.Fixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.release.Track;
import dev.slipway.release.cluster.RolloutStatus;
import dev.slipway.release.cluster.TrackStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkloadRolloutTest {

    static final Map<String, List<String>> ONE = Map.of("payments", List.of());

    @Test
    void aFirstInstallReportsTheNewGenerationThenPodsThenComplete() {
        Fixture f = new Fixture(ONE);
        f.apply("payments", Track.STABLE, "1.0.0", 3);
        f.settle();

        TrackStatus first = f.statuses.getFirst();
        assertThat(first.generation()).isEqualTo(1);
        assertThat(first.observedGeneration()).isZero(); // the controller has not seen it yet
        assertThat(RolloutStatus.of(first, 3)).isEqualTo(RolloutStatus.PROGRESSING);
        assertThat(f.statuses.get(1)).extracting(TrackStatus::observedGeneration, TrackStatus::replicas,
                TrackStatus::updatedReplicas, TrackStatus::readyReplicas).containsExactly(1L, 3, 3, 0);
        TrackStatus last = f.statuses.getLast();
        assertThat(RolloutStatus.of(last, 3)).isEqualTo(RolloutStatus.COMPLETE);
        assertThat(f.statuses.stream().filter(s -> RolloutStatus.of(s, 3) == RolloutStatus.COMPLETE)).hasSize(1);
        // three pods, each ready after a start-up of a few seconds around the 8 s mean
        assertThat(f.statuses.stream().map(TrackStatus::readyReplicas).toList()).containsSubsequence(1, 2, 3);
        assertThat(f.clock.now()).isBetween(T0.plusSeconds(3), T0.plusSeconds(20));
    }

    @Test
    void aPinnedDigestIsWhatTheInventoryReportsAndANewDigestRollsThePods() {
        Fixture f = new Fixture(ONE);
        String scanned = "sha256:" + "5e".repeat(32);
        f.cluster.apply(pinned("1.0.0", scanned));
        f.settle();
        assertThat(f.cluster.inventory(ENV).deployed("payments").orElseThrow().digest()).contains(scanned);
        f.statuses.clear();

        String rebuilt = "sha256:" + "6f".repeat(32);
        f.cluster.apply(pinned("1.0.0", rebuilt));
        f.settle();
        assertThat(f.statuses.getLast().generation()).as("another image is a new pod template").isEqualTo(2);
        assertThat(f.cluster.inventory(ENV).deployed("payments").orElseThrow().digest()).contains(rebuilt);
    }

    @Test
    void reapplyingARunningVersionPinnedToTheDigestItRunsChangesNoPod() {
        Fixture f = new Fixture(ONE);
        f.apply("payments", Track.STABLE, "1.0.0", 3);
        f.settle();
        String running = f.cluster.inventory(ENV).deployed("payments").orElseThrow().digest().orElseThrow();
        f.statuses.clear();

        // what a rollback does: the version that ran, pinned to the digest the inventory reported for it
        f.cluster.apply(new dev.slipway.release.cluster.TrackSpec(ENV, "payments", Track.STABLE, "1.0.0",
                "registry.example/payments@" + running, java.util.Optional.of(running), 3, "25%", "25%", Map.of()));
        f.settle();
        assertThat(f.statuses).extracting(TrackStatus::generation).containsOnly(1L);
        assertThat(RolloutStatus.of(f.statuses.getLast(), 3)).isEqualTo(RolloutStatus.COMPLETE);
    }

    private static dev.slipway.release.cluster.TrackSpec pinned(String version, String digest) {
        return new dev.slipway.release.cluster.TrackSpec(ENV, "payments", Track.STABLE, version,
                "registry.example/payments@" + digest, java.util.Optional.of(digest), 2, "25%", "25%", Map.of());
    }

    @ParameterizedTest(name = "{0} replicas, maxSurge {1}, maxUnavailable {2}")
    @CsvSource({"4, 1, 1", "4, 25%, 25%", "10, 3, 0", "10, 0, 2", "5, 50%, 0", "3, 0, 0"})
    void aRollingUpdateReplacesPodsBatchByBatchWithinSurgeAndUnavailable(int replicas, String surge,
                                                                          String unavailable) {
        Fixture f = new Fixture(ONE);
        f.cluster.apply(Fixture.spec("payments", Track.STABLE, "1.0.0", replicas, surge, unavailable));
        f.settle();
        f.statuses.clear();

        f.cluster.apply(Fixture.spec("payments", Track.STABLE, "2.0.0", replicas, surge, unavailable));
        f.settle();

        int maxSurge = Quantity.resolve(surge, replicas, true);
        int maxUnavailable = Quantity.resolve(unavailable, replicas, false);
        if (maxSurge == 0 && maxUnavailable == 0) {
            maxUnavailable = 1;
        }
        assertThat(f.statuses.getFirst()).extracting(TrackStatus::generation, TrackStatus::observedGeneration)
                .containsExactly(2L, 1L);
        for (TrackStatus status : f.statuses) {
            assertThat(status.replicas()).as("pods at most replicas + maxSurge: %s", status)
                    .isLessThanOrEqualTo(replicas + maxSurge);
            assertThat(status.availableReplicas()).as("available at least replicas - maxUnavailable: %s", status)
                    .isGreaterThanOrEqualTo(replicas - maxUnavailable);
        }
        List<Integer> updated = f.statuses.stream().map(TrackStatus::updatedReplicas).toList();
        assertThat(updated).isSorted();
        assertThat(updated.stream().distinct().count()).as("more than one batch").isGreaterThan(1);
        List<RolloutStatus> judged = f.statuses.stream().map(s -> RolloutStatus.of(s, replicas)).toList();
        assertThat(judged.getLast()).isEqualTo(RolloutStatus.COMPLETE);
        assertThat(judged.subList(0, judged.size() - 1)).containsOnly(RolloutStatus.PROGRESSING);
        assertThat(f.statuses.getLast()).extracting(TrackStatus::version, TrackStatus::replicas,
                TrackStatus::updatedReplicas, TrackStatus::availableReplicas).containsExactly("2.0.0", replicas,
                replicas, replicas);
        assertThat(f.cluster.inventory(ENV).deployed("payments").orElseThrow().version()).isEqualTo("2.0.0");
    }

    @Test
    void aCrashLoopingVersionRestartsNeverBecomesReadyAndFails() {
        Fixture f = new Fixture(ONE);
        f.cluster.inject(Faults.of(Fault.crashLoop("payments", "2.0.0")));
        f.apply("payments", Track.STABLE, "1.0.0", 4);
        f.settle();
        f.statuses.clear();

        f.apply("payments", Track.STABLE, "2.0.0", 4);
        while (f.statuses.isEmpty() || RolloutStatus.of(f.statuses.getLast(), 4) != RolloutStatus.FAILED) {
            assertThat(f.clock.runNext()).as("keeps running until it fails").isTrue();
        }

        TrackStatus failed = f.statuses.getLast();
        assertThat(failed.restarts()).isEqualTo(RolloutStatus.CRASH_LOOP_RESTARTS);
        assertThat(failed.progressDeadlineExceeded()).isFalse();
        // one surge pod, one old pod let go (maxUnavailable 1), so two new pods: neither ever gets ready
        assertThat(failed.updatedReplicas()).isEqualTo(2);
        assertThat(failed.availableReplicas()).isEqualTo(3); // the old pods still serve
        assertThat(f.statuses.stream().map(TrackStatus::restarts).distinct().toList()).containsExactly(0, 1, 2, 3);
        assertThat(f.clock.now()).isBetween(T0.plusSeconds(30), T0.plusSeconds(120));

        // rolling back replaces the crashing pod first and completes
        f.statuses.clear();
        f.apply("payments", Track.STABLE, "1.0.0", 4);
        f.settle();
        assertThat(RolloutStatus.of(f.statuses.getLast(), 4)).isEqualTo(RolloutStatus.COMPLETE);
        assertThat(f.statuses.getLast()).extracting(TrackStatus::version, TrackStatus::restarts,
                TrackStatus::progressDeadlineExceeded).containsExactly("1.0.0", 0, false);
    }

    @Test
    void anImagePullFaultLeavesPodsPendingUntilTheProgressDeadline() {
        Fixture f = new Fixture(ONE);
        f.cluster.inject(Faults.of(Fault.imagePull("payments", "2.0.0")));
        f.apply("payments", Track.STABLE, "1.0.0", 2);
        f.settle();
        f.statuses.clear();
        var applied = f.clock.now();

        f.apply("payments", Track.STABLE, "2.0.0", 2);
        f.settle();

        TrackStatus last = f.statuses.getLast();
        assertThat(last.progressDeadlineExceeded()).isTrue();
        assertThat(RolloutStatus.of(last, 2)).isEqualTo(RolloutStatus.FAILED);
        assertThat(last).extracting(TrackStatus::updatedReplicas, TrackStatus::availableReplicas,
                TrackStatus::restarts).containsExactly(1, 2, 0);
        assertThat(f.clock.now()).isEqualTo(applied.plus(Duration.ofSeconds(600)).plusMillis(100));
        assertThat(f.statuses.subList(0, f.statuses.size() - 1))
                .allSatisfy(s -> assertThat(s.progressDeadlineExceeded()).isFalse());
    }

    @Test
    void theProgressDeadlineScalesWithTheOption() {
        Fixture f = new Fixture(ONE, SandboxOptions.defaults(42).withProgressDeadlineScaled(0.1));
        f.cluster.inject(Faults.of(Fault.imagePull("payments", "1.0.0")));
        f.apply("payments", Track.STABLE, "1.0.0", 2);
        f.settle();
        assertThat(f.statuses.getLast().progressDeadlineExceeded()).isTrue();
        assertThat(f.clock.now()).isEqualTo(T0.plusSeconds(60).plusMillis(100));
    }

    @Test
    void applyingTheSameSpecChangesNothingButReportsTheStatusAgain() {
        Fixture f = new Fixture(ONE);
        f.apply("payments", Track.STABLE, "1.0.0", 2);
        f.settle();
        TrackStatus settled = f.statuses.getLast();
        f.statuses.clear();

        f.apply("payments", Track.STABLE, "1.0.0", 2);
        f.settle();

        assertThat(f.statuses).containsExactly(settled);
    }

    @Test
    void aNewWatcherHearsTheCurrentStatusOfEveryTrack() {
        Fixture f = new Fixture(ONE);
        f.apply("payments", Track.STABLE, "1.0.0", 2);
        f.apply("payments", Track.CANARY, "2.0.0", 1);
        f.settle();
        List<TrackStatus> heard = new java.util.ArrayList<>();

        f.cluster.watch(ENV, heard::add);
        f.settle();

        assertThat(heard).extracting(TrackStatus::track, TrackStatus::version, TrackStatus::readyReplicas)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Track.STABLE, "1.0.0", 2),
                        org.assertj.core.groups.Tuple.tuple(Track.CANARY, "2.0.0", 1));
    }

    @Test
    void scalingDownAndRemovingATrack() {
        Fixture f = new Fixture(ONE);
        f.apply("payments", Track.STABLE, "1.0.0", 2);
        f.apply("payments", Track.CANARY, "2.0.0", 2);
        f.settle();

        f.apply("payments", Track.CANARY, "2.0.0", 0);
        f.settle();
        assertThat(f.cluster.status(ENV, "payments", Track.CANARY).orElseThrow())
                .extracting(TrackStatus::replicas, TrackStatus::generation).containsExactly(0, 2L);

        f.cluster.remove(ENV, "payments", Track.CANARY);
        f.cluster.remove(ENV, "payments", Track.CANARY); // idempotent
        f.cluster.remove(ENV, "nothing", Track.GREEN);
        assertThat(f.cluster.status(ENV, "payments", Track.CANARY)).isEmpty();
        assertThat(f.cluster.inventory(ENV).deployed("payments").orElseThrow().tracks())
                .extracting(t -> t.track()).containsExactly(Track.STABLE);
    }
}
