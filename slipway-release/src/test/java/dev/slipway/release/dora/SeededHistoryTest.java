package dev.slipway.release.dora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.slipway.release.dora.SeededHistory.Profile;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Three months of five services whose metrics are known by construction (see {@link SeededHistory}). The expected
 * values are worked out here from the profiles, by closed form or by hand, never by the code under test; several
 * seeds give the same answers, because what the seed moves (timing inside a slot, which deployment gets which lead
 * time, the order of the history) must not change any metric.
 */
class SeededHistoryTest {

    private static final Window WINDOW = new Window(SeededHistory.FROM, SeededHistory.TO);

    private static DoraReport production(long seed) {
        return Dora.report(SeededHistory.generate(seed).deployments(), WINDOW, Optional.of("production"));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 42, 20250401})
    void eachServiceHasTheMetricsItWasBuiltWith(long seed) {
        DoraReport report = production(seed);

        assertThat(report.services()).containsOnlyKeys("api", "billing", "search", "web", "worker");
        for (Profile p : SeededHistory.PROFILES) {
            FourKeys keys = report.service(p.name());
            long slots = p.slots();
            long failures = p.failures();
            // Every slot ends in one success (the deployment or its fix); a failing slot adds one deployment.
            assertThat(keys.frequency().count()).as(p.name()).isEqualTo(slots);
            assertThat(keys.frequency().perDay()).as(p.name()).isCloseTo(slots / 90.0, within(1e-12));
            // Fixes carry no commit time; the rest have lead times 1..M hours, whose median is (M+1)/2 hours and
            // whose linearly interpolated 90th percentile is 1 + 0.9 (M-1) hours.
            long m = slots - failures;
            assertThat(keys.leadTime().measured()).as(p.name()).isEqualTo(m);
            assertThat(keys.leadTime().withoutCommitTime()).as(p.name()).isEqualTo(failures);
            assertThat(keys.leadTime().median()).as(p.name()).contains(hours((m + 1) / 2.0));
            assertThat(keys.leadTime().p90()).as(p.name()).contains(hours(1 + 0.9 * (m - 1)));
            assertThat(keys.changeFailureRate().deployments()).as(p.name()).isEqualTo(slots + failures);
            assertThat(keys.changeFailureRate().failures()).as(p.name()).isEqualTo(failures);
            assertThat(keys.changeFailureRate().rate().getAsDouble()).as(p.name())
                    .isCloseTo(failures / (double) (slots + failures), within(1e-12));
            assertThat(keys.timeToRestore().failures()).as(p.name()).isEqualTo(failures);
            assertThat(keys.timeToRestore().restored()).as(p.name()).isEqualTo(failures);
            assertThat(keys.timeToRestore().open()).as(p.name()).isZero();
            assertThat(keys.timeToRestore().median()).as(p.name()).contains(p.restore());
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 42, 20250401})
    void theBandsAreTheOnesTheIntervalsFallIn(long seed) {
        DoraReport report = production(seed);

        // api every 8 h; search exactly daily (high: "between once per day and once per week"); web every 2 days;
        // worker every 10 days; billing every 45 days.
        assertThat(report.service("api").frequency().band()).isEqualTo(Band.ELITE);
        assertThat(report.service("search").frequency().band()).isEqualTo(Band.HIGH);
        assertThat(report.service("web").frequency().band()).isEqualTo(Band.HIGH);
        assertThat(report.service("worker").frequency().band()).isEqualTo(Band.MEDIUM);
        assertThat(report.service("billing").frequency().band()).isEqualTo(Band.LOW);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 42, 20250401})
    void theSystemCountsReleasesAndPoolsLeadAndRestoreTimes(long seed) {
        FourKeys system = production(seed).system();

        // api: 270 deployments, each its own release; the others share one release a day, and search deploys
        // every day, so the 90 days give 90 releases: 360 in 90 days.
        assertThat(system.frequency().count()).isEqualTo(360);
        assertThat(system.frequency().perDay()).isCloseTo(4.0, within(1e-12));
        assertThat(system.frequency().band()).isEqualTo(Band.ELITE);

        // Lead times 1..M h with M = 255 (api), 84 (search), 40 (web), 6 (worker), 1 (billing): 386 values.
        // Sorted, 1 h appears 5 times (ranks 1-5), 2..6 h 4 times (to rank 25), 7..40 h 3 times (to rank 127),
        // 41..84 h twice (to rank 215), 85..255 h once (to rank 386).
        // Median: position 0.5 * 385 = 192.5, between ranks 193 and 194 = 73 h and 74 h -> 73 h 30 m.
        // p90: position 0.9 * 385 = 346.5, between ranks 347 and 348 = 216 h and 217 h -> 216 h 30 m.
        assertThat(system.leadTime().measured()).isEqualTo(386);
        assertThat(system.leadTime().withoutCommitTime()).isEqualTo(30);
        assertThat(system.leadTime().median()).contains(Duration.ofMinutes(73 * 60 + 30));
        assertThat(system.leadTime().p90()).contains(Duration.ofMinutes(216 * 60 + 30));

        // Failures: 15 (api) + 1 (billing) + 6 (search) + 5 (web) + 3 (worker) = 30 of 386 + 30 + 30 = 446 deployments.
        assertThat(system.changeFailureRate().failures()).isEqualTo(30);
        assertThat(system.changeFailureRate().deployments()).isEqualTo(446);
        // Restores sorted: 15 x 20 m, 6 x 1 h, ...; position 14.5 lies between the last 20 m and the first 1 h: 40 m.
        assertThat(system.timeToRestore().restored()).isEqualTo(30);
        assertThat(system.timeToRestore().open()).isZero();
        assertThat(system.timeToRestore().median()).contains(Duration.ofMinutes(40));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 42})
    void withoutAnEnvironmentStagingCountsToo(long seed) {
        DoraReport all = Dora.report(SeededHistory.generate(seed).deployments(), WINDOW, Optional.empty());

        // One staging success per slot, without commit time; staging releases are apart from production's.
        for (Profile p : SeededHistory.PROFILES) {
            FourKeys keys = all.service(p.name());
            assertThat(keys.frequency().count()).as(p.name()).isEqualTo(2 * p.slots());
            assertThat(keys.leadTime().withoutCommitTime()).as(p.name()).isEqualTo(p.failures() + p.slots());
            assertThat(keys.changeFailureRate().deployments()).as(p.name())
                    .isEqualTo(2 * p.slots() + p.failures());
        }
        assertThat(all.system().frequency().count()).isEqualTo(2 * 360);
        // Staging successes never restore a production failure: the restores are the same as production's.
        assertThat(all.system().timeToRestore().median()).contains(Duration.ofMinutes(40));
    }

    private static Duration hours(double hours) {
        return Duration.ofMillis(Math.round(hours * 3_600_000));
    }
}
