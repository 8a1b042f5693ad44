package dev.slipway.release.analysis;

import dev.slipway.release.Track;
import dev.slipway.release.cluster.TrafficSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * A bad backend shows first in its callers: while the service is in canary, each direct dependent's error rate on its
 * stable track since the canary started is compared with its rate over the same length of time just before, by the
 * same always-valid {@link ErrorRateComparison}. Interval i after canaryStart is paired with interval i before it, so
 * the comparison grows symmetrically at every look.
 * <p>
 * A dependent fails the canary when its rise is significant (likelihood ratio ≥ 1/α, α being the guard's share of
 * {@code falseRollbackRate} divided among the dependents, see {@link FalseRollbackBudget}) and at least
 * {@value #FLOOR_PERCENT} percentage points: smaller rises are not worth rolling back another service for, however
 * significant at high traffic.
 * <p>
 * The guard raises alarms; it does not vouch for the canary. A dependent without traffic before or during the canary
 * (a nightly job, one just installed) contributes a measurement and nothing else, and the guard passes unless a
 * dependent shows a rise: the canary's own judges decide whether there is evidence enough to promote, and a quiet
 * caller must not hold a promotion forever. It applies only to services that have dependents.
 */
public record DependentsGuard(FalseRollbackBudget budget) implements Judge {

    static final String NAME = "dependents";
    /** The smallest rise of a dependent's error rate that fails the canary, in percentage points. */
    static final double FLOOR_PERCENT = 0.1;

    /** The guard alone, spending all of α. */
    public DependentsGuard() {
        this(new FalseRollbackBudget(false, false, true));
    }

    @Override
    public boolean appliesTo(Analysis analysis) {
        return !analysis.dependents().isEmpty();
    }

    @Override
    public Verdict judge(Analysis analysis) {
        long looks = analysis.completedIntervals();
        if (looks == 0) {
            return Verdict.pass("no dependent's error rate to compare yet", List.of());
        }
        double alpha = budget.perDependent(analysis);
        Duration interval = analysis.settings().interval();
        Instant start = analysis.canaryStart();
        Instant reference = analysis.dependentsBefore();
        Instant before = reference.minus(interval.multipliedBy(looks));
        List<Measurement> measurements = new ArrayList<>();
        Measurement failed = null;
        for (String dependent : analysis.dependents()) {
            List<TrafficSample> during = analysis.metrics().series(analysis.environment(), dependent, Track.STABLE,
                    start, analysis.intervalsEnd(), interval);
            List<TrafficSample> earlier = analysis.metrics().series(analysis.environment(), dependent, Track.STABLE,
                    before, reference, interval);
            ErrorRateComparison test = new ErrorRateComparison();
            int pairs = Math.min(during.size(), earlier.size());
            for (int i = 0; i < pairs; i++) {
                TrafficSample now = during.get(i);
                TrafficSample then = earlier.get(earlier.size() - 1 - i); // interval i before the canary started
                test.add(now.requests(), now.errors(), then.requests(), then.errors());
            }
            Measurement m = measurement(dependent, test, alpha);
            measurements.add(m);
            if (failed == null && m.outcome() == Verdict.Outcome.FAIL) {
                failed = m;
            }
        }
        if (failed != null) {
            return Verdict.fail(failed.detail(), measurements);
        }
        return Verdict.pass("no dependent's error rate rose significantly since the canary started", measurements);
    }

    private static Measurement measurement(String dependent, ErrorRateComparison test, double alpha) {
        String metric = dependent + " error-rate";
        if (test.canaryRequests() == 0 || test.baselineRequests() == 0) {
            return new Measurement(NAME, metric, Verdict.Outcome.INCONCLUSIVE, OptionalDouble.empty(),
                    OptionalDouble.empty(), test.canaryRequests(), test.baselineRequests(),
                    Measurement.StatisticKind.LIKELIHOOD_RATIO, "mixture likelihood ratio", OptionalDouble.empty(),
                    OptionalDouble.of(1 / alpha),
                    dependent + " had no traffic " + (test.canaryRequests() == 0 ? "since" : "before")
                            + " the canary started: not compared");
        }
        double rise = test.canaryRate() - test.baselineRate();
        boolean significant = test.rejects(alpha);
        boolean fails = significant && rise * 100 >= FLOOR_PERCENT;
        double ratio = test.likelihoodRatio();
        String detail = "dependent " + dependent + "'s error rate " + Text.percent(test.canaryRate())
                + " since the canary started against " + Text.percent(test.baselineRate()) + " before: "
                + (fails ? "rose significantly" : significant ? "rose less than " + FLOOR_PERCENT + " points"
                        : "no significant rise") + " (likelihood ratio " + Text.number(ratio)
                + (significant ? " ≥ " : " < ") + Text.number(1 / alpha) + ")";
        return new Measurement(NAME, metric, fails ? Verdict.Outcome.FAIL : Verdict.Outcome.PASS,
                OptionalDouble.of(test.canaryRate()), OptionalDouble.of(test.baselineRate()), test.canaryRequests(),
                test.baselineRequests(), Measurement.StatisticKind.LIKELIHOOD_RATIO, "mixture likelihood ratio",
                OptionalDouble.of(ratio), OptionalDouble.of(1 / alpha), detail);
    }
}
