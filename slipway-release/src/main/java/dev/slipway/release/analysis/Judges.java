package dev.slipway.release.analysis;

import dev.slipway.model.CanaryAnalysis;
import java.util.ArrayList;
import java.util.List;

/** The judge of a canary, from the service's analysis settings. */
public final class Judges {

    private Judges() {
    }

    /**
     * A {@link Panel} of: the canary's pods; the configured judges ({@code analysis.judges}); the dependents' guard
     * when {@code guardDependents}; the custom metrics when there are any (they apply only if the metrics source
     * answers queries). The statistical judge and the guard share the false-rollback rate ({@link FalseRollbackBudget}).
     */
    public static Judge forSettings(CanaryAnalysis settings) {
        FalseRollbackBudget budget = FalseRollbackBudget.of(settings);
        List<Judge> judges = new ArrayList<>();
        judges.add(new PodsJudge());
        for (var kind : settings.judges()) {
            judges.add(switch (kind) {
                case LIMITS -> new LimitsJudge(budget);
                case THRESHOLD -> new ThresholdJudge();
                case STATISTICAL -> new StatisticalJudge(budget);
            });
        }
        if (settings.guardDependents()) {
            judges.add(new DependentsGuard(budget));
        }
        if (!settings.metrics().isEmpty()) {
            judges.add(new CustomMetricJudge());
        }
        return new Panel(judges);
    }
}
