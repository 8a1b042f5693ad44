package dev.slipway.release.dora;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.release.dora.Deployment.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The JSON is a stable contract (names, order, units, nulls); the text is a table that lines up. */
class DoraRenderingTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant DAY = Instant.parse("2025-03-01T00:00:00Z");
    private static final Window TWO_DAYS = new Window(DAY, DAY.plus(Duration.ofDays(2)));

    /** api: two successes with lead times of 2 h and 90 s, a failure restored 45 m later; web: one open failure. */
    private static DoraReport report() {
        List<Deployment> history = List.of(
                Deployment.succeeded("api", "1.1", "production", at(60), at(70)).withCommit("a", at(-50)),
                Deployment.failed("api", "1.2", "production", Outcome.ROLLED_BACK, at(100), at(110)),
                Deployment.succeeded("api", "1.3", "production", at(150), at(155))
                        .withCommit("b", at(155).minusSeconds(90)),
                Deployment.failed("web", "2.0", "production", Outcome.FAILED, at(200), null));
        return Dora.report(history, TWO_DAYS, Optional.of("production"));
    }

    private static Instant at(long minutes) {
        return DAY.plus(Duration.ofMinutes(minutes));
    }

    @Test
    void theJsonNamesEveryFieldInOrderWithSecondsAndNulls() {
        String rendered = DoraJson.render(report());

        assertThat(rendered).endsWith("}\n");
        assertThat(JSON.readTree(rendered).toString()).isEqualTo("""
                {"from":"2025-03-01T00:00:00Z","to":"2025-03-03T00:00:00Z","environment":"production","days":2.0,\
                "system":{\
                "deploymentFrequency":{"count":2,"perDay":1.0,"band":"high"},\
                "leadTime":{"measured":2,"withoutCommitTime":0,"medianSeconds":3645,"p90Seconds":6489},\
                "changeFailureRate":{"deployments":4,"failures":2,"rate":0.5},\
                "timeToRestore":{"failures":2,"restored":1,"open":1,"medianSeconds":2700}},\
                "services":[\
                {"service":"api",\
                "deploymentFrequency":{"count":2,"perDay":1.0,"band":"high"},\
                "leadTime":{"measured":2,"withoutCommitTime":0,"medianSeconds":3645,"p90Seconds":6489},\
                "changeFailureRate":{"deployments":3,"failures":1,"rate":0.3333333333333333},\
                "timeToRestore":{"failures":1,"restored":1,"open":0,"medianSeconds":2700}},\
                {"service":"web",\
                "deploymentFrequency":{"count":0,"perDay":0.0,"band":"low"},\
                "leadTime":{"measured":0,"withoutCommitTime":0,"medianSeconds":null,"p90Seconds":null},\
                "changeFailureRate":{"deployments":1,"failures":1,"rate":1.0},\
                "timeToRestore":{"failures":1,"restored":0,"open":1,"medianSeconds":null}}]}""");
    }

    @Test
    void secondsKeepMillisecondsAndAllEnvironmentsIsNull() {
        List<Deployment> history = List.of(Deployment.succeeded("api", "1", "staging", at(0), at(1))
                .withCommit("a", at(1).minusMillis(1500)));

        String rendered = JSON.readTree(DoraJson.render(Dora.report(history, TWO_DAYS, Optional.empty()))).toString();

        assertThat(rendered).contains("\"environment\":null").contains("\"medianSeconds\":1.5");
    }

    @Test
    void theTextIsATableWithTheSystemLast() {
        assertThat(DoraText.render(report())).isEqualTo("""
                DORA metrics, production, 2025-03-01T00:00:00Z to 2025-03-03T00:00:00Z (2 days)

                service  deploys  per day  band  lead p50  lead p90  no commit  failure rate  restore p50  open
                api            2     1.00  high     1h00m     1h48m          0   33.3% (1/3)       45m00s     0
                web            0     0.00  low          -         -          0  100.0% (1/1)            -     1
                system         2     1.00  high     1h00m     1h48m          0   50.0% (2/4)       45m00s     1

                system deploys are releases: deployments sharing a release id count once.
                """);
    }

    @Test
    void durationsReadInTheirTwoLargestUnits() {
        assertThat(DoraText.text(Optional.of(Duration.ofSeconds(45)))).isEqualTo("45s");
        assertThat(DoraText.text(Optional.of(Duration.ofSeconds(725)))).isEqualTo("12m05s");
        assertThat(DoraText.text(Optional.of(Duration.ofMinutes(302)))).isEqualTo("5h02m");
        assertThat(DoraText.text(Optional.of(Duration.ofHours(76)))).isEqualTo("3d04h");
        assertThat(DoraText.text(Optional.empty())).isEqualTo("-");
    }
}
