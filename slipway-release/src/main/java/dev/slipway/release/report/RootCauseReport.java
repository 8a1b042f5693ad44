package dev.slipway.release.report;

import dev.slipway.model.DependencyGraph;
import dev.slipway.release.analysis.Judgement;
import dev.slipway.release.analysis.Measurement;
import dev.slipway.release.analysis.Verdict;
import dev.slipway.release.execute.RolloutPhase;
import dev.slipway.release.execute.Transition;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Why a release did not succeed, for the person who has to act: the service that failed first and the evidence
 * (metric, canary against baseline, the statistic and its bound, when and at which weight it was detected, how
 * long after the faulty version served its first request), its pods' events, the dependents that were affected
 * and what was rolled back or never started. Built from the journal and the evidence file alone.
 *
 * @param failure   empty for a release that succeeded, or that a person rolled back without a failure
 * @param judgements every look at the failing service's canary, oldest first
 */
public record RootCauseReport(String release, String environment, String outcome, Optional<Failure> failure,
                              List<PodEvent> podEvents, List<Affected> dependentsAffected, List<Undone> rolledBack,
                              List<String> cancelled, List<Judgement> judgements) {

    public RootCauseReport {
        podEvents = List.copyOf(podEvents);
        dependentsAffected = List.copyOf(dependentsAffected);
        rolledBack = List.copyOf(rolledBack);
        cancelled = List.copyOf(cancelled);
        judgements = List.copyOf(judgements);
    }

    /**
     * The first failure of the release.
     *
     * @param measurement          the failing measurement of the decisive judgement; empty when the rollout
     *                             failed outside a judgement (crash loop, stalled rollout, smoke test)
     * @param detectedAfterSeconds from the canary's first request (or, without a canary, the rollout's start) to
     *                             the failure
     * @param foundIn              the phase that found it: {@code canary analysis}, {@code rollout},
     *                             {@code verification} or {@code smoke test}
     * @param compared             what was compared with what in that phase
     */
    public record Failure(String service, String version, String reason, Instant detectedAt, int step, int weight,
                          Optional<Measurement> measurement, double detectedAfterSeconds, String foundIn,
                          String compared) {

        /**
         * How sure the judge was, where its statistic says: 1 − 1/Λ for a likelihood ratio (an always-valid
         * p-value is at most 1/Λ), 1 − p for a p-value; empty for a threshold.
         */
        public OptionalDouble confidence() {
            if (measurement.isEmpty() || measurement.get().value().isEmpty()) {
                return OptionalDouble.empty();
            }
            double value = measurement.get().value().getAsDouble();
            return switch (measurement.get().statisticKind()) {
                case LIKELIHOOD_RATIO -> value >= 1 ? OptionalDouble.of(1 - 1 / value) : OptionalDouble.empty();
                case P_VALUE -> value >= 0 && value <= 1 ? OptionalDouble.of(1 - value) : OptionalDouble.empty();
                case OBSERVED, NONE -> OptionalDouble.empty();
            };
        }
    }

    /** A service that depends on the failed one, and what became of it. */
    public record Affected(String service, String outcome) {
    }

    /** A service rolled back by the release, from the version it was going to back to the one it ran. */
    public record Undone(String service, String from, Optional<String> to, Instant at, String reason) {
    }

    /** A service of the release: its versions and its outcome. */
    public record Released(String service, Optional<String> from, String to, String outcome,
                           List<String> dependsOn) {
        public Released {
            dependsOn = List.copyOf(dependsOn);
        }
    }

    public static RootCauseReport of(String release, String environment, String outcome, List<Released> services,
                                     List<Transition> journal, Evidence evidence) {
        Optional<Transition> failed = journal.stream().filter(Transition::failure).findFirst();
        Optional<Failure> failure = failed.map(t -> failure(t, services, journal, evidence));
        List<PodEvent> pods = failed.map(t -> evidence.pods().stream()
                .filter(e -> e.service().equals(t.service())).toList()).orElse(List.of());
        List<Affected> affected = new ArrayList<>();
        failed.ifPresent(t -> dependents(t.service(), services).forEach(s -> affected.add(new Affected(s.service(),
                s.outcome()))));
        List<Undone> undone = new ArrayList<>();
        for (Transition t : journal) {
            if (!t.ofRelease() && RolloutPhase.of(t.to()) == RolloutPhase.ROLLED_BACK) {
                services.stream().filter(s -> s.service().equals(t.service())).findFirst().ifPresent(s ->
                        undone.add(new Undone(s.service(), s.to(), s.from(), t.at(), reasonOfRollback(t, journal))));
            }
        }
        List<String> cancelled = services.stream().filter(s -> s.outcome().equals("cancelled"))
                .map(Released::service).toList();
        List<Judgement> looks = failed.map(t -> evidence.judgements().stream()
                .filter(j -> j.service().equals(t.service())).toList()).orElse(List.of());
        return new RootCauseReport(release, environment, outcome, failure, pods, affected, undone, cancelled, looks);
    }

    private static Failure failure(Transition t, List<Released> services, List<Transition> journal,
                                   Evidence evidence) {
        String version = services.stream().filter(s -> s.service().equals(t.service())).map(Released::to)
                .findFirst().orElse("");
        Optional<Judgement> decisive = evidence.judgements().stream()
                .filter(j -> j.service().equals(t.service()) && j.decisive() && j.verdict().failed()
                        // to the microsecond: a database journal keeps no finer time than that
                        && !j.at().truncatedTo(ChronoUnit.MICROS).isAfter(t.at().truncatedTo(ChronoUnit.MICROS)))
                .reduce((first, second) -> second);
        Optional<Measurement> measurement = decisive.flatMap(j -> j.verdict().measurements().stream()
                .filter(m -> m.outcome() == Verdict.Outcome.FAIL).findFirst());
        Instant start = decisive.map(Judgement::canaryStart).orElseGet(() -> journal.stream()
                .filter(x -> x.service().equals(t.service()) && x.to().equals("deploying")).map(Transition::at)
                .findFirst().orElse(t.at()));
        int step = decisive.map(Judgement::step).orElse(t.step());
        int weight = decisive.map(Judgement::weight).orElse(t.weight());
        Optional<String> from = services.stream().filter(s -> s.service().equals(t.service()))
                .findFirst().flatMap(Released::from);
        String previous = from.orElse("the previous version");
        String[] phase = switch (RolloutPhase.of(t.from())) {
            case ANALYSING, PAUSED -> new String[] {"canary analysis",
                    version + " on the canary track against " + previous + " on the stable track over the same time"};
            case SMOKE_TESTING -> new String[] {"smoke test",
                    "the smoke tests' answers from " + version + " before any traffic was switched to it"};
            case VERIFYING -> new String[] {"verification", version + " since its rollout completed against "
                    + previous + "'s own traffic before the release"};
            default -> new String[] {"rollout", measurement.isPresent()
                    ? "the new pods (" + version + ") against the old pods (" + previous + ") over the same time"
                    : "the pods of " + version + " as they started"};
        };
        return new Failure(t.service(), version, t.reason(), t.at(), step, weight, measurement,
                Duration.between(start, t.at()).toMillis() / 1000.0, phase[0], phase[1]);
    }

    /** Why a service was rolled back: the reason of the transition that started its rollback. */
    private static String reasonOfRollback(Transition rolledBack, List<Transition> journal) {
        return journal.stream().filter(t -> t.service().equals(rolledBack.service())
                        && (RolloutPhase.of(t.to()) == RolloutPhase.ROLLING_BACK
                        || RolloutPhase.of(t.to()) == RolloutPhase.ROLLBACK_QUEUED || t == rolledBack))
                .map(Transition::reason).findFirst().orElse(rolledBack.reason());
    }

    /** The services of the release that depend on {@code service}, directly or through others. */
    private static List<Released> dependents(String service, List<Released> services) {
        Map<String, List<String>> edges = new LinkedHashMap<>();
        services.forEach(s -> edges.put(s.service(), s.dependsOn()));
        List<String> reached = DependencyGraph.of(edges).transitiveDependents(service);
        return services.stream().filter(s -> reached.contains(s.service()))
                .sorted(Comparator.comparingInt(s -> reached.indexOf(s.service()))).toList();
    }
}
