package dev.slipway.release.analysis;

import dev.slipway.model.CanaryAnalysis;
import dev.slipway.model.JudgeKind;

/**
 * How a service's false-rollback rate α ({@code analysis.falseRollbackRate}) is shared among the tests that may roll
 * its canary back while it is good — within the limits, or as good as its baseline: the limits judge's, the
 * statistical judge's and the dependents' guard's. Their rejections add up (union bound), so their shares must add up
 * to at most α. The split is fixed before any evidence: the dependents are known from the spec, not from the data.
 * <ul>
 * <li>each of the judges that run takes an equal share: the limits judge, the statistical judge, and the guard when
 * the service has dependents; the limits and statistical judges each spend half of their share on error rates and half
 * on latency;</li>
 * <li>the guard divides its share evenly among the dependents.</li>
 * </ul>
 * The threshold judge is not a test with a known error rate; it spends nothing and is bounded by nothing.
 *
 * @param limits      whether the limits judge runs
 * @param statistical whether the statistical judge runs
 * @param guard       whether the dependents' guard runs
 */
public record FalseRollbackBudget(boolean limits, boolean statistical, boolean guard) {

    public static FalseRollbackBudget of(CanaryAnalysis settings) {
        return new FalseRollbackBudget(settings.judges().contains(JudgeKind.LIMITS),
                settings.judges().contains(JudgeKind.STATISTICAL), settings.guardDependents());
    }

    /** The limits judge's share of α for this canary. */
    public double limits(Analysis analysis) {
        return share(analysis);
    }

    /** The statistical judge's share of α for this canary. */
    public double statistical(Analysis analysis) {
        return share(analysis);
    }

    /** The guard's share of α for one dependent of this canary. */
    public double perDependent(Analysis analysis) {
        return share(analysis) / Math.max(1, analysis.dependents().size());
    }

    private double share(Analysis analysis) {
        int sharing = (limits ? 1 : 0) + (statistical ? 1 : 0) + (guard && !analysis.dependents().isEmpty() ? 1 : 0);
        return analysis.settings().falseRollbackRate() / Math.max(1, sharing);
    }
}
