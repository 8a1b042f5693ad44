package dev.slipway.release.execute;

import dev.slipway.model.CanaryAnalysis;
import dev.slipway.release.Track;
import dev.slipway.release.analysis.Analysis;
import dev.slipway.release.analysis.Judge;
import dev.slipway.release.analysis.Judgement;
import dev.slipway.release.analysis.Verdict;
import dev.slipway.release.cluster.Metrics;
import dev.slipway.release.cluster.MetricsUnavailableException;
import dev.slipway.release.cluster.RolloutStatus;
import dev.slipway.release.cluster.TrackStatus;
import dev.slipway.release.execute.RolloutState.Analysing;
import dev.slipway.release.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The analysis scheduler: a canary's looks at its evidence through its judges. Between a step's start and end a
 * look every interval, where a failure decides at once; at the step's end the decisive judgement. Every answer is
 * told to the listener (the release's report keeps them all). A metrics outage is no evidence, never a pass.
 */
final class Looks {

    /** What a look during a step comes to: the event that decides the step, or another look after the interval. */
    sealed interface During {
        record Decided(RolloutEvent event) implements During {
        }

        record LookAgain(Action.StartTimer timer) implements During {
        }
    }

    private final String releaseId;
    private final String environment;
    private final Clock clock;
    private final Metrics metrics;
    private final Function<CanaryAnalysis, Judge> judges;
    private final ProgressListener listener;
    /** The engine's latest status of each service's tracks, by {@link #key}. */
    private final Map<String, TrackStatus> observed;

    Looks(String releaseId, String environment, Clock clock, Metrics metrics, Function<CanaryAnalysis, Judge> judges,
          ProgressListener listener, Map<String, TrackStatus> observed) {
        this.releaseId = releaseId;
        this.environment = environment;
        this.clock = clock;
        this.metrics = metrics;
        this.judges = judges;
        this.listener = listener;
        this.observed = observed;
    }

    static String key(String service, Track track) {
        return service + "/" + track.keyword();
    }

    /** The judgement that ends the step. */
    RolloutEvent atStepEnd(Run run, Analysing step) {
        return new RolloutEvent.Judged(step.step(), judge(run, step, true));
    }

    /**
     * A look between a step's start and end: a failure decides at once; so does a pass once the step's time is
     * over and it was only waiting for evidence (not while the release is paused: then it only fails).
     */
    During during(Run run, Analysing step, boolean releaseRunning) {
        Verdict verdict = judge(run, step, false);
        if (verdict.failed() || verdict.passed() && step.holds() > 0 && releaseRunning) {
            return new During.Decided(new RolloutEvent.Judged(step.step(), verdict));
        }
        return new During.LookAgain(new Action.StartTimer(TimerPurpose.CHECK, step.step(),
                run.rollout.analysis().interval()));
    }

    private Verdict judge(Run run, Analysing step, boolean stepEnd) {
        Rollout r = run.rollout;
        Instant now = clock.now();
        if (run.judge == null) {
            run.judge = judges.apply(r.analysis());
        }
        Instant canaryStart = run.canaryStart == null ? run.since : run.canaryStart;
        Optional<TrackStatus> canary = Optional.ofNullable(observed.get(key(run.name(), r.track())));
        // a canary scaled to its traffic share (replica-ratio routing) should have that many pods ready
        int desired = canary.map(status -> RolloutStatus.desired(status, r.replicas())).orElse(r.replicas());
        Analysis analysis = new Analysis(environment, run.name(), r.to(), step.step(), step.weight(), canaryStart,
                now, r.track(), r.baseline(), canary, desired, run.planned.execution().callers(), r.analysis(),
                metrics);
        Verdict verdict;
        try {
            verdict = run.judge.judge(analysis);
        } catch (MetricsUnavailableException e) {
            verdict = Verdict.inconclusive("metrics unavailable: " + e.getMessage(), List.of());
        }
        boolean decisive = stepEnd || verdict.failed() || verdict.passed() && step.holds() > 0;
        listener.judged(new Judgement(releaseId, run.name(), r.to(), canaryStart, now, step.step(), step.weight(),
                decisive, verdict));
        return verdict;
    }
}
