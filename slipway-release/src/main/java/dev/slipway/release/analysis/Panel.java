package dev.slipway.release.analysis;

import dev.slipway.release.cluster.MetricsUnavailableException;
import java.util.ArrayList;
import java.util.List;

/**
 * Several judges as one: any failing fails the canary (with the first failing judge's reason), all passing passes
 * it, anything else is inconclusive. Every judge that applies is asked, so a failure still carries the measurements of
 * all. A judge whose metrics are unavailable is inconclusive on its own, so the others, the pods above all, still
 * count.
 */
public record Panel(List<Judge> judges) implements Judge {

    public Panel {
        judges = List.copyOf(judges);
    }

    @Override
    public Verdict judge(Analysis analysis) {
        List<Verdict> verdicts = new ArrayList<>();
        List<Measurement> measurements = new ArrayList<>();
        for (Judge judge : judges) {
            if (!judge.appliesTo(analysis)) {
                continue;
            }
            Verdict verdict;
            try {
                verdict = judge.judge(analysis);
            } catch (MetricsUnavailableException e) {
                verdict = Verdict.inconclusive("metrics unavailable: " + e.getMessage(), List.of());
            }
            verdicts.add(verdict);
            measurements.addAll(verdict.measurements());
        }
        for (Verdict.Outcome outcome : List.of(Verdict.Outcome.FAIL, Verdict.Outcome.INCONCLUSIVE)) {
            for (Verdict verdict : verdicts) {
                if (verdict.outcome() == outcome) {
                    return new Verdict(outcome, verdict.reason(), measurements);
                }
            }
        }
        if (verdicts.isEmpty()) {
            return Verdict.inconclusive("no judge applies to this canary", measurements);
        }
        return Verdict.pass(String.join("; ", verdicts.stream().map(Verdict::reason).toList()), measurements);
    }
}
