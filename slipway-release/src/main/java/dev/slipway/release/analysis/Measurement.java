package dev.slipway.release.analysis;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One metric as one judge saw it at one look: the canary's and the baseline's values and sample sizes, the test
 * statistic and the bound it was compared with, and what the judge made of it. Values are empty where there was
 * no data or the judge has no such number (a threshold judge has no statistic).
 *
 * @param judge           threshold, statistical, dependents, pods or a custom metric's judge
 * @param metric          error-rate, latency-p95, ready-pods, restarts, a dependent's error rate, a custom name
 * @param canary          the canary's value (for a dependent: its value during the canary)
 * @param baseline        the baseline's value (for a dependent: its value before the canary)
 * @param canarySamples   requests (or pods) behind the canary's value
 * @param baselineSamples requests behind the baseline's value
 * @param statisticKind   what kind of number {@code value} is, which says how sure the judge was
 * @param statistic       the statistic's name for people, e.g. "mixture likelihood ratio", "canary/baseline p95";
 *                        empty for {@link StatisticKind#NONE}
 * @param value           the statistic's value
 * @param bound           what the statistic is compared with, e.g. 1/α
 */
public record Measurement(String judge, String metric, Verdict.Outcome outcome, OptionalDouble canary,
                          OptionalDouble baseline, long canarySamples, long baselineSamples,
                          StatisticKind statisticKind, String statistic, OptionalDouble value, OptionalDouble bound,
                          String detail) {

    /** What kind of number a measurement's {@code value} is: readers decide on this, never on the name. */
    public enum StatisticKind {
        /** No statistic: the judge compared the canary's value with its limits directly. */
        NONE,
        /** A measured value or ratio compared with a bound as it is (a threshold): says nothing of certainty. */
        OBSERVED,
        /** A likelihood ratio Λ of an always-valid test: the evidence's p-value is at most 1/Λ. */
        LIKELIHOOD_RATIO,
        /** A p-value. */
        P_VALUE
    }

    public Measurement {
        Objects.requireNonNull(statisticKind, "statisticKind");
    }
}
