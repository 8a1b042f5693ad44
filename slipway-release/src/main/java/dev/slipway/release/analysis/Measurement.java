package dev.slipway.release.analysis;

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
 * @param statistic       the name of the test statistic, e.g. "mSPRT likelihood ratio", "Mann-Whitney U p"
 * @param value           the statistic's value
 * @param bound           what the statistic is compared with, e.g. 1/α
 */
public record Measurement(String judge, String metric, Verdict.Outcome outcome, OptionalDouble canary,
                          OptionalDouble baseline, long canarySamples, long baselineSamples, String statistic,
                          OptionalDouble value, OptionalDouble bound, String detail) {
}
