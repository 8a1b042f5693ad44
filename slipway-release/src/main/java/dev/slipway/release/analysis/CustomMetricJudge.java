package dev.slipway.release.analysis;

import dev.slipway.model.CanaryAnalysis.CustomMetric;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The service's user-defined metrics ({@code analysis.metrics}): each query's value for the canary over the window
 * must stay within its [min, max]. Outside fails the canary; a query without a value is inconclusive. It applies only
 * when the metrics source answers queries (Prometheus does, the sandbox does not) and metrics are defined.
 */
public record CustomMetricJudge() implements Judge {

    static final String NAME = "custom";

    @Override
    public boolean appliesTo(Analysis analysis) {
        return !analysis.settings().metrics().isEmpty() && analysis.metrics().answersQueries();
    }

    @Override
    public Verdict judge(Analysis analysis) {
        List<Measurement> measurements = new ArrayList<>();
        for (CustomMetric metric : analysis.settings().metrics()) {
            OptionalDouble value = analysis.metrics().query(analysis.environment(), analysis.service(),
                    analysis.canary(), analysis.version(), metric.query(), analysis.windowStart(), analysis.now());
            measurements.add(measurement(metric, value));
        }
        for (Verdict.Outcome outcome : List.of(Verdict.Outcome.FAIL, Verdict.Outcome.INCONCLUSIVE)) {
            Optional<Measurement> first = measurements.stream().filter(m -> m.outcome() == outcome).findFirst();
            if (first.isPresent()) {
                return new Verdict(outcome, first.get().detail(), measurements);
            }
        }
        return Verdict.pass(String.join("; ", measurements.stream().map(Measurement::detail).toList()), measurements);
    }

    private static Measurement measurement(CustomMetric metric, OptionalDouble value) {
        String limits = "[" + metric.min().map(Text::number).orElse("-∞") + ", "
                + metric.max().map(Text::number).orElse("∞") + "]";
        if (value.isEmpty()) {
            return new Measurement(NAME, metric.name(), Verdict.Outcome.INCONCLUSIVE, value, OptionalDouble.empty(),
                    0, 0, Measurement.StatisticKind.NONE, "", OptionalDouble.empty(), OptionalDouble.empty(),
                    metric.name() + ": no value for the canary (limits " + limits + ")");
        }
        double v = value.getAsDouble();
        boolean above = metric.max().map(max -> v > max).orElse(false);
        boolean below = metric.min().map(min -> v < min).orElse(false);
        OptionalDouble limit = above ? OptionalDouble.of(metric.max().get())
                : below ? OptionalDouble.of(metric.min().get()) : OptionalDouble.empty();
        String detail = metric.name() + " " + Text.number(v) + (above ? " above its maximum " : below
                ? " below its minimum " : " within ") + (above ? Text.number(metric.max().get())
                : below ? Text.number(metric.min().get()) : limits);
        return new Measurement(NAME, metric.name(), above || below ? Verdict.Outcome.FAIL : Verdict.Outcome.PASS,
                value, limit, 0, 0, Measurement.StatisticKind.NONE, "", OptionalDouble.empty(), OptionalDouble.empty(),
                detail);
    }
}
