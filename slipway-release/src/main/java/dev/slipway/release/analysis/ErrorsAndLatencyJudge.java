package dev.slipway.release.analysis;

import dev.slipway.model.CanaryAnalysis;
import dev.slipway.release.cluster.TrafficSample;
import java.util.List;

/**
 * What the two judges of a canary's error rate and p95 latency share: they wait for the first whole interval, read
 * the canary's and the baseline's series on the same grid, split their share of {@code falseRollbackRate} evenly
 * between their two tests, and decide in one order — an error-rate failure first, then a latency failure, then too
 * little evidence, else a pass naming both.
 */
sealed interface ErrorsAndLatencyJudge extends Judge permits LimitsJudge, StatisticalJudge {

    /** One look's evidence: everything since the canary took traffic, interval by interval. */
    record Look(CanaryAnalysis settings, long intervals, List<TrafficSample> canary, List<TrafficSample> baseline,
                double alpha) {
    }

    /** This judge's share of the false-rollback budget for {@code analysis}. */
    double share(Analysis analysis);

    Verdict judge(Look look);

    @Override
    default Verdict judge(Analysis analysis) {
        long intervals = analysis.completedIntervals();
        if (intervals == 0) {
            return analysis.waitingForFirstInterval();
        }
        return judge(new Look(analysis.settings(), intervals, analysis.canarySeries(), analysis.baselineSeries(),
                share(analysis) / 2));
    }

    /**
     * The verdict of the two measurements: the first failing one fails the canary; otherwise {@code waiting} (what
     * evidence is still missing, empty when there is enough) makes it inconclusive; otherwise it passes.
     */
    static Verdict decide(Measurement errors, Measurement latency, String waiting) {
        List<Measurement> measurements = List.of(errors, latency);
        for (Measurement m : measurements) {
            if (m.outcome() == Verdict.Outcome.FAIL) {
                return Verdict.fail(m.detail(), measurements);
            }
        }
        if (!waiting.isEmpty()) {
            return Verdict.inconclusive(waiting, measurements);
        }
        return Verdict.pass(errors.detail() + "; " + latency.detail(), measurements);
    }
}
