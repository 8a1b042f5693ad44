package dev.slipway.release.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.CanaryAnalysis.CustomMetric;
import dev.slipway.model.JudgeKind;
import dev.slipway.release.analysis.Verdict.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class CustomMetricJudgeTest {

    private static final CustomMetric QUEUE = new CustomMetric("queue-depth", "queue{svc=\"{{service}}\"}",
            Optional.of(100.0), Optional.empty());
    private static final CustomMetric HITS = new CustomMetric("cache-hits", "hits{svc=\"{{service}}\"}",
            Optional.empty(), Optional.of(0.8));

    private final FakeMetrics metrics = new FakeMetrics();

    private Analysis look() {
        return Looks.at(Duration.ofMinutes(1), metrics,
                Looks.settings(List.of(JudgeKind.THRESHOLD), true, List.of(QUEUE, HITS)), List.of());
    }

    @Test
    void valuesWithinTheirLimitsPass() {
        metrics.query(QUEUE.query(), OptionalDouble.of(40)).query(HITS.query(), OptionalDouble.of(0.9));

        Verdict verdict = new CustomMetricJudge().judge(look());

        assertThat(verdict.outcome()).isEqualTo(Outcome.PASS);
        assertThat(verdict.reason()).isEqualTo("queue-depth 40.0 within [-∞, 100]; cache-hits 0.900 within [0.800, ∞]");
    }

    @Test
    void aValueAboveItsMaximumOrBelowItsMinimumFails() {
        metrics.query(QUEUE.query(), OptionalDouble.of(40)).query(HITS.query(), OptionalDouble.of(0.5));

        Verdict verdict = new CustomMetricJudge().judge(look());

        assertThat(verdict.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(verdict.reason()).isEqualTo("cache-hits 0.500 below its minimum 0.800");
        assertThat(verdict.measurements()).extracting(Measurement::outcome).containsExactly(Outcome.PASS, Outcome.FAIL);
        assertThat(verdict.measurements().get(1).baseline()).hasValue(0.8);
    }

    @Test
    void aQueryWithoutAValueIsInconclusive() {
        metrics.query(QUEUE.query(), OptionalDouble.of(40)).query(HITS.query(), OptionalDouble.empty());

        Verdict verdict = new CustomMetricJudge().judge(look());

        assertThat(verdict.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(verdict.reason()).isEqualTo("cache-hits: no value for the canary (limits [0.800, ∞])");
    }

    @Test
    void itAppliesOnlyWhenTheSourceAnswersQueries() {
        assertThat(new CustomMetricJudge().appliesTo(look())).isFalse();
        metrics.query(QUEUE.query(), OptionalDouble.of(1));
        assertThat(new CustomMetricJudge().appliesTo(look())).isTrue();
    }
}
