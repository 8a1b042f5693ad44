package dev.slipway.bench;

import dev.slipway.release.analysis.Analysis;
import dev.slipway.release.analysis.Judge;
import dev.slipway.release.analysis.Verdict;
import dev.slipway.release.cluster.TrafficSample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Fixed-interval threshold analysis, as Flagger and Argo Rollouts run it, for the analysis benchmark only. A check
 * happens at every {@code interval} boundary after the canary's first traffic (canaryStart + k × interval, k ≥ 1; no
 * check at the start, when there is no canary data yet) and looks at that last interval alone:
 * it fails when the canary's error rate over the interval exceeds {@code maxErrorRate}, when its p95 exceeds
 * {@code maxLatencyRatio} × the baseline's (only if the baseline has latency then), or when the canary had no
 * requests (Flagger halts on "no values found", Argo's success condition is false on NaN). The canary is rolled back
 * once {@code failedChecksToRollBack} checks have failed in all, counted since the canary started.
 * <p>
 * On a rolling update or a verification window (not a canary step) it compares what the engine compares — the new
 * pods with the old, the new version with the previous one before the release — and a check without requests of
 * the new version is not counted (its pods may not be up yet).
 * <p>
 * Between boundaries it repeats its standing: the engine asks every few seconds, and a check only happens at a
 * boundary. One instance watches one canary (the engine asks the factory once per service rollout).
 */
final class FixedIntervalJudge implements Judge {

    private final Duration interval;
    private final int failedChecksToRollBack;
    private long checks;
    private int failed;
    private String last = "no check yet";

    FixedIntervalJudge(Duration interval, int failedChecksToRollBack) {
        this.interval = interval;
        this.failedChecksToRollBack = failedChecksToRollBack;
    }

    @Override
    public Verdict judge(Analysis analysis) {
        long due = Duration.between(analysis.canaryStart(), analysis.now()).dividedBy(interval);
        while (checks < due) {
            checks++;
            Instant end = analysis.canaryStart().plus(interval.multipliedBy(checks));
            check(analysis, end.minus(interval), end);
        }
        String standing = failed + " of " + checks + " checks failed; last: " + last;
        return failed >= failedChecksToRollBack ? Verdict.fail(standing, List.of()) : Verdict.pass(standing, List.of());
    }

    private void check(Analysis analysis, Instant from, Instant to) {
        TrafficSample canary = analysis.canary(from, to);
        TrafficSample baseline = analysis.baseline(from, to);
        if (!canary.hasData() && analysis.step() < 0) {
            last = "no requests of the new version yet: not counted";
            return; // a rolling update's new pods may not be up: the check waits for them rather than failing
        }
        boolean errors = !canary.hasData() || canary.errorRate() > analysis.settings().maxErrorRate();
        boolean slow = canary.p95Millis().isPresent() && baseline.p95Millis().isPresent()
                && canary.p95Millis().getAsDouble()
                > analysis.settings().maxLatencyRatio() * baseline.p95Millis().getAsDouble();
        if (errors || slow) {
            failed++;
        }
        last = !canary.hasData() ? "no canary requests" : errors ? "error rate over the limit"
                : slow ? "p95 over the limit" : "passed";
    }
}
