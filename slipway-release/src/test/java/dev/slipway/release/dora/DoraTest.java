package dev.slipway.release.dora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.release.dora.Deployment.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each metric's edge cases on histories small enough to check by eye. Times are minutes after midnight, 1 March. */
class DoraTest {

    private static final Instant DAY = Instant.parse("2025-03-01T00:00:00Z");
    private static final Window MARCH_1 = new Window(DAY, DAY.plus(Duration.ofDays(1)));
    private static final Optional<String> PRODUCTION = Optional.of("production");

    private static Instant at(long minutes) {
        return DAY.plus(Duration.ofMinutes(minutes));
    }

    private static Deployment ok(String service, long start, long finish) {
        return Deployment.succeeded(service, "1.0." + start, "production", at(start), at(finish));
    }

    private static Deployment rolledBack(String service, long start, long finish) {
        return Deployment.failed(service, "1.0." + start, "production", Outcome.ROLLED_BACK, at(start), at(finish));
    }

    private static DoraReport report(List<Deployment> history, Window window) {
        return Dora.report(history, window, PRODUCTION);
    }

    @Test
    void aWindowWithoutDeploymentsHasCountsOfZeroAndNoMediansOrRates() {
        List<Deployment> history = List.of(ok("api", -120, -110), rolledBack("api", 24 * 60 + 5, 24 * 60 + 9));

        DoraReport report = report(history, MARCH_1);

        assertThat(report.services()).isEmpty();
        FourKeys system = report.system();
        assertThat(system.frequency()).isEqualTo(new FourKeys.Frequency(0, 0.0, Band.LOW));
        assertThat(system.leadTime()).isEqualTo(new FourKeys.LeadTime(0, 0, Optional.empty(), Optional.empty()));
        assertThat(system.changeFailureRate().deployments()).isZero();
        assertThat(system.changeFailureRate().rate()).isEmpty();
        assertThat(system.timeToRestore()).isEqualTo(new FourKeys.TimeToRestore(0, 0, 0, Optional.empty()));
    }

    @Test
    void deploymentsWithoutCommitTimeAreCountedButNotMeasured() {
        List<Deployment> history = List.of(ok("api", 60, 70), ok("api", 120, 130),
                ok("api", 180, 190).withCommit("abc", at(100)));

        FourKeys api = report(history, MARCH_1).service("api");

        assertThat(api.frequency().count()).isEqualTo(3);
        assertThat(api.leadTime().measured()).isEqualTo(1);
        assertThat(api.leadTime().withoutCommitTime()).isEqualTo(2);
        assertThat(api.leadTime().median()).contains(Duration.ofMinutes(90));

        FourKeys none = report(List.of(ok("api", 60, 70)), MARCH_1).service("api");
        assertThat(none.leadTime()).isEqualTo(new FourKeys.LeadTime(0, 1, Optional.empty(), Optional.empty()));
    }

    @Test
    void leadTimeRunsFromTheCommitToTheFinishAndInterpolatesBetweenValues() {
        List<Deployment> history = List.of(
                ok("api", 100, 130).withCommit("a", at(0)),
                ok("api", 200, 260).withCommit("b", at(200)),
                // A failure has no lead time: it never got running.
                rolledBack("api", 300, 310).withCommit("c", at(0)));

        FourKeys api = report(history, MARCH_1).service("api");

        // 130 and 60 minutes: median 95, p90 60 + 0.9 * 70 = 123.
        assertThat(api.leadTime().measured()).isEqualTo(2);
        assertThat(api.leadTime().median()).contains(Duration.ofMinutes(95));
        assertThat(api.leadTime().p90()).contains(Duration.ofMinutes(123));
    }

    @Test
    void aCommitTimeAfterTheFinishCountsAsZeroLeadTime() {
        FourKeys api = report(List.of(ok("api", 100, 130).withCommit("a", at(140))), MARCH_1).service("api");

        assertThat(api.leadTime().median()).contains(Duration.ZERO);
    }

    @Test
    void changeFailureRateIsFailuresOfAllDeploymentsInTheWindow() {
        List<Deployment> history = List.of(ok("api", 10, 20), rolledBack("api", 30, 40),
                Deployment.failed("api", "x", "production", Outcome.FAILED, at(50), null), ok("api", 60, 70),
                rolledBack("api", -30, -20));

        FourKeys.ChangeFailureRate rate = report(history, MARCH_1).service("api").changeFailureRate();

        assertThat(rate.deployments()).isEqualTo(4);
        assertThat(rate.failures()).isEqualTo(2);
        assertThat(rate.rate()).hasValue(0.5);
    }

    @Test
    void aFailureNotYetRestoredIsOpenNotDropped() {
        List<Deployment> history = List.of(ok("api", 10, 20), rolledBack("api", 30, 40), ok("web", 50, 60));

        FourKeys api = report(history, MARCH_1).service("api");

        // A success of another service restores nothing of this one.
        assertThat(api.timeToRestore()).isEqualTo(new FourKeys.TimeToRestore(1, 0, 1, Optional.empty()));
        assertThat(report(history, MARCH_1).system().timeToRestore().open()).isEqualTo(1);
    }

    @Test
    void theNextSuccessOfTheSameServiceRestoresEveryFailureBeforeIt() {
        List<Deployment> history = List.of(
                rolledBack("api", 30, 40),
                // Never finished: service was lost when it started.
                Deployment.failed("api", "x", "production", Outcome.FAILED, at(50), null),
                ok("api", 80, 95),
                ok("api", 100, 110));

        FourKeys.TimeToRestore restore = report(history, MARCH_1).service("api").timeToRestore();

        // 40 -> 95 is 55 minutes, 50 -> 95 is 45 minutes; the later success at 110 restores nothing more.
        assertThat(restore.failures()).isEqualTo(2);
        assertThat(restore.restored()).isEqualTo(2);
        assertThat(restore.open()).isZero();
        assertThat(restore.median()).contains(Duration.ofMinutes(50));
    }

    @Test
    void aRestoreAfterTheWindowEndsLeavesTheFailureOpenInThatWindow() {
        List<Deployment> history = List.of(rolledBack("api", 23 * 60, 23 * 60 + 30), ok("api", 24 * 60 + 10,
                24 * 60 + 30));

        FourKeys march1 = report(history, MARCH_1).service("api");
        assertThat(march1.timeToRestore()).isEqualTo(new FourKeys.TimeToRestore(1, 0, 1, Optional.empty()));

        // A window that holds both sees the restore: an hour from 23:30 to 00:30.
        Window twoDays = new Window(DAY, DAY.plus(Duration.ofDays(2)));
        assertThat(report(history, twoDays).service("api").timeToRestore())
                .isEqualTo(new FourKeys.TimeToRestore(1, 1, 0, Optional.of(Duration.ofHours(1))));
    }

    @Test
    void aFailureBeforeTheWindowIsNotCountedButItsRestoreIsADeployment() {
        List<Deployment> history = List.of(rolledBack("api", -60, -50), ok("api", 10, 20));

        FourKeys api = report(history, MARCH_1).service("api");

        assertThat(api.timeToRestore()).isEqualTo(new FourKeys.TimeToRestore(0, 0, 0, Optional.empty()));
        assertThat(api.changeFailureRate().failures()).isZero();
        assertThat(api.frequency().count()).isEqualTo(1);
    }

    @Test
    void theEnvironmentFilterKeepsOnlyThatEnvironmentAndStagingNeverRestoresProduction() {
        Deployment stagingOk = Deployment.succeeded("api", "2", "staging", at(50), at(60));
        List<Deployment> history = List.of(rolledBack("api", 30, 40), stagingOk);

        FourKeys production = report(history, MARCH_1).service("api");
        assertThat(production.frequency().count()).isZero();
        assertThat(production.timeToRestore().open()).isEqualTo(1);

        FourKeys staging = Dora.report(history, MARCH_1, Optional.of("staging")).service("api");
        assertThat(staging.frequency().count()).isEqualTo(1);
        assertThat(staging.changeFailureRate().failures()).isZero();

        // Without a filter both count, and the failure is still open: a restore is in the same environment.
        DoraReport all = Dora.report(history, MARCH_1, Optional.empty());
        assertThat(all.environment()).isEmpty();
        assertThat(all.service("api").frequency().count()).isEqualTo(1);
        assertThat(all.service("api").changeFailureRate().deployments()).isEqualTo(2);
        assertThat(all.service("api").timeToRestore().open()).isEqualTo(1);
    }

    @Test
    void deploymentsSharingAReleaseIdAreOneRelease() {
        List<Deployment> history = List.of(
                ok("api", 10, 20).withRelease("r1"), ok("web", 10, 25).withRelease("r1"),
                // A release with a failure still shipped the services that succeeded.
                ok("api", 100, 110).withRelease("r2"), rolledBack("web", 100, 120).withRelease("r2"),
                // A release in which nothing succeeded is no successful release.
                rolledBack("api", 200, 210).withRelease("r3"),
                // Without an id, a deployment is a release by itself.
                ok("api", 300, 310), ok("web", 300, 310));

        FourKeys system = report(history, MARCH_1).system();

        assertThat(system.frequency().count()).isEqualTo(4);
        // The per-service counts are deployments, not releases.
        assertThat(report(history, MARCH_1).service("api").frequency().count()).isEqualTo(3);
    }

    @Test
    void aReleaseAcrossTheEndOfAWindowCountsOnlyInTheWindowOfItsFirstSuccess() {
        Window march2 = new Window(MARCH_1.to(), MARCH_1.to().plus(Duration.ofDays(1)));
        List<Deployment> history = List.of(ok("api", 23 * 60 + 50, 23 * 60 + 58).withRelease("r"),
                ok("web", 23 * 60 + 50, 24 * 60 + 5).withRelease("r"));

        assertThat(report(history, MARCH_1).system().frequency().count()).isEqualTo(1);
        assertThat(report(history, march2).system().frequency().count()).isZero();
        // The web deployment itself still counts for web on 2 March.
        assertThat(report(history, march2).service("web").frequency().count()).isEqualTo(1);
    }

    @Test
    void oneReleaseIdInTwoEnvironmentsIsTwoReleases() {
        List<Deployment> history = List.of(ok("api", 10, 20).withRelease("r"),
                Deployment.succeeded("api", "1", "staging", at(0), at(5)).withRelease("r"));

        assertThat(Dora.report(history, MARCH_1, Optional.empty()).system().frequency().count()).isEqualTo(2);
    }

    @Test
    void aDeploymentBelongsToTheWindowOfItsFinish() {
        // Started the day before, finished on 1 March.
        List<Deployment> history = List.of(ok("api", -5, 5));

        assertThat(report(history, MARCH_1).service("api").frequency().count()).isEqualTo(1);
    }

    @Test
    void aDeploymentRefusesImpossibleTimes() {
        assertThatThrownBy(() -> new Deployment("api", "1", Optional.empty(), "production", Optional.empty(),
                Optional.empty(), at(10), Optional.empty(), Outcome.SUCCEEDED, Optional.empty()))
                .hasMessage("api 1: a succeeded deployment has a finish time");
        assertThatThrownBy(() -> ok("api", 10, 5)).hasMessageContaining("finished 2025-03-01T00:05:00Z before it");
        assertThatThrownBy(() -> new Window(DAY, DAY)).hasMessageContaining("not after its start");
    }

    @Test
    void outcomesReadAndWriteTheStoresWords() {
        for (Outcome outcome : Outcome.values()) {
            assertThat(Outcome.of(outcome.keyword())).isEqualTo(outcome);
        }
        assertThat(Outcome.ROLLED_BACK.keyword()).isEqualTo("rolled-back");
        assertThatThrownBy(() -> Outcome.of("aborted")).hasMessageContaining("succeeded, rolled-back or failed");
    }

    @Test
    void percentilesInterpolateLinearly() {
        assertThat(Dora.percentile(List.of(Duration.ofSeconds(2), Duration.ofSeconds(1)), 0.5))
                .contains(Duration.ofMillis(1500));
        assertThat(Dora.percentile(List.of(Duration.ofSeconds(7)), 0.9)).contains(Duration.ofSeconds(7));
        List<Duration> oneToTen = java.util.stream.LongStream.rangeClosed(1, 10).mapToObj(Duration::ofSeconds)
                .toList();
        assertThat(Dora.percentile(oneToTen, 0.9)).contains(Duration.ofMillis(9100));
        assertThat(Dora.percentile(List.of(), 0.5)).isEmpty();
    }
}
