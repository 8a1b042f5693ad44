package dev.slipway.release.execute;

import dev.slipway.model.CanaryAnalysis;
import dev.slipway.release.Track;
import dev.slipway.release.analysis.Analysis;
import dev.slipway.release.analysis.Comparison;
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
 * The analysis scheduler: the looks at a new version's evidence through its judges — a canary's steps, a rolling
 * update while it proceeds (new pods against old), a verification window after a rollout (the new version against
 * the previous one before the release). A look every interval, where a failure decides at once; at a step's or a
 * window's end the decisive judgement. Every answer is
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
    private final Runs runs;

    Looks(String releaseId, String environment, Clock clock, Metrics metrics, Function<CanaryAnalysis, Judge> judges,
          ProgressListener listener, Map<String, TrackStatus> observed, Runs runs) {
        this.runs = runs;
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

    /** The judgement that ends the step or the verification window. */
    RolloutEvent atEnd(Run run) {
        return new RolloutEvent.Judged(run.state().step(), judge(run, true));
    }

    /**
     * A look between a step's (or a verification window's) start and end, or while a rolling update proceeds: a
     * failure decides at once; so does a pass once the time is over and it was only waiting for evidence (not while
     * the release is paused: then it only fails). A rolling update is only ever stopped by a look, never passed.
     */
    During during(Run run, boolean releaseRunning) {
        Verdict verdict = judge(run, false);
        int holds = switch (run.state()) {
            case Analysing a -> a.holds();
            case RolloutState.Verifying v -> v.holds();
            default -> 0;
        };
        if (verdict.failed() || verdict.passed() && holds > 0 && releaseRunning) {
            return new During.Decided(new RolloutEvent.Judged(run.state().step(), verdict));
        }
        return new During.LookAgain(new Action.StartTimer(TimerPurpose.CHECK, run.state().step(),
                run.rollout.analysis().interval()));
    }

    /**
     * The callers the dependents' guard watches for a rolling update or a verification window: all of them while no
     * other rollout of the release is under way, none otherwise. A caller's error rate since the rollout started,
     * against before it, is the sum of everything the release changes meanwhile (a faulty canary elsewhere that the
     * caller also calls would be blamed on this service); a canary's guard stays, its steps being judged against
     * their own stable track.
     */
    private List<String> guarded(Run run) {
        boolean alone = runs.all().stream().filter(other -> other != run).map(Run::state)
                .noneMatch(s -> s.changed() && !s.terminal() && !s.promoted());
        return alone ? run.planned.execution().callers() : List.of();
    }

    private Verdict judge(Run run, boolean end) {
        Rollout r = run.rollout;
        Instant now = clock.now();
        if (run.judge == null) {
            run.judge = judges.apply(r.analysis());
        }
        Optional<TrackStatus> pods = Optional.ofNullable(observed.get(key(run.name(), r.track())));
        // a canary scaled to its traffic share (replica-ratio routing) should have that many pods ready
        int desired = pods.map(status -> RolloutStatus.desired(status, r.replicas())).orElse(r.replicas());
        RolloutState state = run.state();
        Analysis analysis = switch (state) {
            case Analysing a -> new Analysis(environment, run.name(), r.to(), a.step(), a.weight(),
                    run.canaryStart == null ? run.since : run.canaryStart, now, r.track(), r.baseline(), pods, desired,
                    run.planned.execution().callers(), r.analysis(), metrics);
            // the new pods against the old ones on the track they share, since the rollout started
            case RolloutState.Deploying d -> new Analysis(environment, run.name(), r.to(), -1,
                    pods.map(p -> 100 * Math.min(p.updatedReplicas(), p.readyReplicas()) / Math.max(1, r.replicas()))
                            .orElse(0), run.startedAt, now, r.track(), r.baseline(), pods, desired,
                    guarded(run), r.analysis(), metrics, Comparison.byVersion(r.to(), r.from().orElseThrow()));
            // the new version since the window opened against the previous one before the release changed it
            default -> new Analysis(environment, run.name(), r.to(), -1, 100, run.verifyStart, now, r.track(),
                    r.baseline(), pods, desired, guarded(run), r.analysis(), metrics,
                    Comparison.before(r.kind() == Rollout.Kind.ROLLING ? run.startedAt : run.verifyStart));
        };
        Verdict verdict;
        try {
            verdict = run.judge.judge(analysis);
            if (verdict.outcome() == Verdict.Outcome.INCONCLUSIVE && !(state instanceof Analysing)
                    && analysis.canary(analysis.canaryStart()).requests() == 0) {
                verdict = Verdict.inconclusive("not judged: no traffic on " + r.to() + " since "
                        + (state instanceof RolloutState.Deploying ? "the rollout started" : "the window opened"),
                        verdict.measurements());
            }
        } catch (MetricsUnavailableException e) {
            verdict = Verdict.inconclusive("metrics unavailable: " + e.getMessage(), List.of());
        }
        boolean decisive = end || verdict.failed() || verdict.passed() && switch (state) {
            case Analysing a -> a.holds() > 0;
            case RolloutState.Verifying v -> v.holds() > 0;
            default -> false;
        };
        listener.judged(new Judgement(releaseId, run.name(), r.to(), analysis.canaryStart(), now, analysis.step(),
                analysis.weight(), decisive, verdict));
        return verdict;
    }
}
