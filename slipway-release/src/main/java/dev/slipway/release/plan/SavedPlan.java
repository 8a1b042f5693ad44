package dev.slipway.release.plan;

import dev.slipway.model.CanaryAnalysis;
import dev.slipway.model.Strategy;
import dev.slipway.model.VersionRange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link Plan} in the form a release keeps it (plain records a JSON mapper reads and writes): what the release
 * was approved and started with. A resumed release runs {@link #plan()}, never a new plan from whatever
 * {@code slipway.yaml} says by then. The schedule is not stored: it is computed again, deterministically, from the
 * estimates, the waits and {@code maxParallel}.
 *
 * @param specHash the SHA-256 of the {@code slipway.yaml} the plan was made from, to tell a resume that it changed
 */
public record SavedPlan(String environment, int maxParallel, String specHash, List<Service> services,
                        List<Check> checks, List<String> notes) {

    public SavedPlan {
        services = List.copyOf(services);
        checks = checks == null ? List.of() : List.copyOf(checks);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /**
     * One planned service; absent versions and digests are null. A plan saved before verification existed has no
     * {@code verifyWindow} and {@code smoke}: it runs without a window and smoke-tests the health path.
     */
    public record Service(String name, String from, String to, String digest, SavedStrategy strategy,
                          List<String> after, Duration estimate, Map<String, String> ranges, String repository,
                          int replicas, String healthPath, CanaryAnalysis analysis, List<String> callers,
                          Duration verifyWindow, List<dev.slipway.model.SmokeTest> smoke) {
    }

    /**
     * A {@link RangeCheck} as saved: the same fields, its range as the text it was written as, so the stored shape
     * is the one a plan's JSON always had.
     */
    public record Check(String service, String serviceVersion, String dependency, String range, String version,
                        boolean ok, RangeCheck.Moment moment) {

        static Check of(RangeCheck check) {
            return new Check(check.service(), check.serviceVersion(), check.dependency(), check.range().text(),
                    check.version(), check.ok(), check.moment());
        }

        RangeCheck check() {
            return new RangeCheck(service, serviceVersion, dependency, savedRange(range), version, ok, moment);
        }
    }

    /** A strategy with its kind ({@link Strategy#keyword()}) and the parameters of that kind. */
    public record SavedStrategy(String kind, String maxSurge, String maxUnavailable, Duration scaleDownDelay,
                                List<Integer> steps, Duration stepInterval) {

        static SavedStrategy of(Strategy strategy) {
            return switch (strategy) {
                case Strategy.Rolling r -> new SavedStrategy(r.keyword(), r.maxSurge(), r.maxUnavailable(), null,
                        null, null);
                case Strategy.BlueGreen b -> new SavedStrategy(b.keyword(), null, null, b.scaleDownDelay(), null,
                        null);
                case Strategy.Canary c -> new SavedStrategy(c.keyword(), null, null, null, c.steps(),
                        c.stepInterval());
            };
        }

        Strategy strategy() {
            return switch (kind) {
                case "rolling" -> new Strategy.Rolling(maxSurge, maxUnavailable);
                case "blue-green" -> new Strategy.BlueGreen(scaleDownDelay);
                case "canary" -> new Strategy.Canary(steps, stepInterval);
                default -> throw new IllegalArgumentException("a saved plan names the unknown strategy " + kind);
            };
        }
    }

    public static SavedPlan of(Plan plan, int maxParallel, String specHash) {
        List<Service> services = new ArrayList<>();
        for (PlannedService s : plan.services()) {
            Execution e = s.execution();
            services.add(new Service(s.name(), s.from().orElse(null), s.to(), s.digest().orElse(null),
                    SavedStrategy.of(s.strategy()), s.after(), s.estimate(), VersionRange.texts(s.ranges()), e.repository(),
                    e.replicas(), e.healthPath(), e.analysis(), e.callers(), e.verifyWindow(), e.smoke()));
        }
        return new SavedPlan(plan.environment(), maxParallel, specHash, services,
                plan.checks().stream().map(Check::of).toList(), plan.notes());
    }

    /** The plan as it was made: the same services, waits, estimates and so the same schedule. */
    public Plan plan() {
        Map<String, Duration> durations = new LinkedHashMap<>();
        Map<String, List<String>> after = new LinkedHashMap<>();
        Map<String, Service> byName = new LinkedHashMap<>();
        for (Service s : services) {
            durations.put(s.name(), s.estimate());
            after.put(s.name(), s.after());
            byName.put(s.name(), s);
        }
        Schedule schedule = Schedule.of(durations, after, maxParallel);
        List<PlannedService> planned = new ArrayList<>();
        for (Schedule.Slot slot : schedule.slots()) {
            Service s = byName.get(slot.service());
            Map<String, VersionRange> ranges = new LinkedHashMap<>();
            s.ranges().forEach((dependency, text) -> ranges.put(dependency, savedRange(text)));
            planned.add(new PlannedService(s.name(), Optional.ofNullable(s.from()), s.to(),
                    Optional.ofNullable(s.digest()), s.strategy().strategy(), s.after(), s.estimate(), slot.start(),
                    slot.finish(), schedule.critical(s.name()), ranges,
                    new Execution(s.repository(), s.replicas(), s.healthPath(), s.analysis(), s.callers(),
                            s.verifyWindow() == null ? Duration.ZERO : s.verifyWindow(),
                            s.smoke() == null ? List.of() : s.smoke())));
        }
        return new Plan(environment, planned, checks.stream().map(Check::check).toList(), schedule, notes);
    }

    /** Slipway saved only valid ranges: one that does not parse is a damaged record, not a dependency to skip. */
    private static VersionRange savedRange(String text) {
        return VersionRange.parse(text)
                .orElseThrow(() -> new IllegalArgumentException("a saved plan has the invalid range " + text));
    }
}
