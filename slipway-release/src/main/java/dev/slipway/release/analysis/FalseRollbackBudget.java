package dev.slipway.release.analysis;

import dev.slipway.model.CanaryAnalysis;
import dev.slipway.model.JudgeKind;

/**
 * How a service's false-rollback rate α ({@code analysis.falseRollbackRate}) is shared among the tests that may roll
 * its canary back while it is as good as the baseline: the statistical judge's and the dependents' guard's. Their
 * rejections add up (union bound), so their shares must add up to at most α. The split is fixed before any evidence:
 * the dependents are known from the spec, not from the data.
 * <ul>
 * <li>the statistical judge takes all of α, or half when the guard also watches dependents; it spends half of its share
 * on error rates and half on latency;</li>
 * <li>the guard takes all of α, or half when the statistical judge runs too, divided evenly among the dependents.</li>
 * </ul>
 * The threshold judge is not a test with a known error rate; it spends nothing and is bounded by nothing.
 *
 * @param statistical whether the statistical judge runs
 * @param guard       whether the dependents' guard runs
 */
public record FalseRollbackBudget(boolean statistical, boolean guard) {

    public static FalseRollbackBudget of(CanaryAnalysis settings) {
        return new FalseRollbackBudget(settings.judges().contains(JudgeKind.STATISTICAL),
                settings.guardDependents());
    }

    /** The statistical judge's share of α for this canary. */
    public double statistical(Analysis analysis) {
        double alpha = analysis.settings().falseRollbackRate();
        return guard && !analysis.dependents().isEmpty() ? alpha / 2 : alpha;
    }

    /** The guard's share of α for one dependent of this canary. */
    public double perDependent(Analysis analysis) {
        double alpha = analysis.settings().falseRollbackRate();
        double share = statistical ? alpha / 2 : alpha;
        return share / Math.max(1, analysis.dependents().size());
    }
}
