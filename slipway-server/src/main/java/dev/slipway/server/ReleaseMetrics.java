package dev.slipway.server;

import dev.slipway.release.analysis.Judgement;
import dev.slipway.release.execute.ProgressListener;
import dev.slipway.release.execute.ReleaseResult;
import dev.slipway.release.execute.RolloutPhase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/**
 * The releases the server ran, as {@code /metrics} shows them: releases ended by outcome, services rolled back,
 * and every look a judge took by verdict, so that a dashboard or an alert follows deliveries without reading the
 * database.
 */
final class ReleaseMetrics implements ProgressListener {

    private final MeterRegistry registry;

    ReleaseMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void finished(ReleaseResult result) {
        Counter.builder("slipway.releases").description("Releases that ended, by outcome")
                .tag("outcome", result.outcome().keyword()).register(registry).increment();
        long rolledBack = result.services().stream().filter(s -> s.outcome() == RolloutPhase.ROLLED_BACK).count();
        Counter.builder("slipway.rollbacks").description("Service rollouts rolled back")
                .register(registry).increment(rolledBack);
    }

    @Override
    public void judged(Judgement judgement) {
        Counter.builder("slipway.judgements").description("Looks a judge took at a canary, by verdict")
                .tag("verdict", judgement.verdict().outcome().name().toLowerCase(Locale.ROOT))
                .tag("decisive", Boolean.toString(judgement.decisive()))
                .register(registry).increment();
    }
}
