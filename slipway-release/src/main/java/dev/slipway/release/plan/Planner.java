package dev.slipway.release.plan;

import dev.slipway.model.Dependency;
import dev.slipway.model.DependencyGraph;
import dev.slipway.model.Environment;
import dev.slipway.model.Service;
import dev.slipway.model.Strategy;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.VersionRange;
import dev.slipway.model.load.Suggest;
import dev.slipway.release.Deployed;
import dev.slipway.release.Inventory;
import dev.slipway.release.plan.RangeCheck.Moment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a release request into a plan that keeps every version range met at every moment of the rollout, or
 * refuses it before anything is touched.
 * <p>
 * While a service rolls out, its old and new versions both serve traffic. So for an edge A → B (A depends on
 * B), when both are in the release:
 * <ul>
 *   <li>A's new version must accept B's new version (the end state);</li>
 *   <li>by default B goes first (A starts after B is promoted), so A's <em>running</em> version calls B's new
 *       version while B rolls out and while A rolls out: its recorded range must accept it;</li>
 *   <li>if it does not, A may go first instead when A's new version also accepts B's running version (the
 *       "consumer first" upgrade); otherwise the release is refused.</li>
 * </ul>
 * A service outside the release keeps serving throughout: its range must accept the new version of every
 * dependency in the release. The ranges of a running version come from the inventory; the spec only holds the
 * ranges of the versions being released.
 */
public final class Planner {

    /**
     * How durations are estimated, how many services may roll out at once (0: no cap), and in which direction
     * along the dependency edges: a release goes dependencies first, a rollback {@linkplain #rollback() dependents
     * first}.
     */
    public record Options(RolloutEstimate estimate, int maxParallel, boolean dependentsFirst) {
        public static final Options DEFAULT = new Options(RolloutEstimate.DEFAULT, 0);

        public Options(RolloutEstimate estimate, int maxParallel) {
            this(estimate, maxParallel, false);
        }

        /**
         * These options for a rollback: each service goes after its in-release dependents, as a failed release is
         * rolled back, so no dependent ever runs a version that needs a dependency's newer version while that
         * dependency goes back.
         */
        public Options rollback() {
            return new Options(estimate, maxParallel, true);
        }
    }

    private final SystemSpec spec;
    private final Inventory inventory;
    private final ReleaseRequest request;
    private final Options options;
    private final List<PlanError> errors = new ArrayList<>();
    private final List<RangeCheck> checks = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Set<String> reportedVersions = new HashSet<>();
    /** Services whose version changes, in spec order, with their target versions. */
    private final Map<String, String> targets = new LinkedHashMap<>();
    /** Service of the release → the services of the release it waits for. */
    private final Map<String, Set<String>> after = new LinkedHashMap<>();
    /** The spec's services by name, and their position in it: the spec's own lookup is a linear search. */
    private final Map<String, Service> services = new java.util.HashMap<>();
    private final Map<String, Integer> specIndex = new java.util.HashMap<>();

    private Planner(SystemSpec spec, Inventory inventory, ReleaseRequest request, Options options) {
        this.spec = spec;
        this.inventory = inventory;
        this.request = request;
        this.options = options;
        for (Service service : spec.services()) {
            specIndex.put(service.name(), services.size());
            services.put(service.name(), service);
        }
    }

    private Optional<Service> service(String name) {
        return Optional.ofNullable(services.get(name));
    }

    public static PlanResult plan(SystemSpec spec, Inventory inventory, ReleaseRequest request) {
        return plan(spec, inventory, request, Options.DEFAULT);
    }

    /**
     * A release that takes services back to earlier versions, ordered in reverse: dependents first. The request's
     * versions are the ones to go back to; ranges are checked for that order (see {@link Options#rollback()}).
     */
    public static PlanResult rollbackPlan(SystemSpec spec, Inventory inventory, ReleaseRequest request,
                                          Options options) {
        return plan(spec, inventory, request, options.rollback());
    }

    /** @throws IllegalArgumentException when the inventory is of another environment than the request */
    public static PlanResult plan(SystemSpec spec, Inventory inventory, ReleaseRequest request, Options options) {
        if (!inventory.environment().equals(request.environment())) {
            throw new IllegalArgumentException("inventory of " + inventory.environment()
                    + " for a release to " + request.environment());
        }
        return new Planner(spec, inventory, request, options).run();
    }

    private PlanResult run() {
        Optional<List<String>> cycle = spec.graph().firstCycle();
        if (cycle.isPresent()) {
            return new Rejected(List.of(PlanError.of("dependency cycle " + String.join(" -> ", cycle.get()),
                    "remove one of these dependsOn edges in slipway.yaml")), checks, notes);
        }
        checkEnvironment();
        selectServices();
        if (!errors.isEmpty()) {
            return new Rejected(errors, checks, notes);
        }
        targets.keySet().forEach(service -> after.put(service, new LinkedHashSet<>()));
        for (String service : targets.keySet()) {
            checkReleasedService(service);
        }
        checkUnchangedServices();
        if (errors.isEmpty()) {
            checkOrder();
        }
        return errors.isEmpty() ? schedule() : new Rejected(errors, checks, notes);
    }

    private void checkEnvironment() {
        if (spec.environment(request.environment()).isPresent()) {
            return;
        }
        List<String> known = spec.environments().stream().map(Environment::name).toList();
        String list = known.isEmpty() ? "the spec defines no environments" : "known environments: " + String.join(", ", known);
        errors.add(PlanError.of("environment \"" + request.environment() + "\" is not in the spec",
                Suggest.closest(request.environment(), known).map(k -> "did you mean \"" + k + "\"? " + list).orElse(list)));
    }

    /** The release is the requested services whose version changes; spec order, for a stable plan. */
    private void selectServices() {
        List<String> names = spec.services().stream().map(Service::name).toList();
        request.versions().forEach((service, version) -> {
            if (service(service).isEmpty()) {
                errors.add(PlanError.of("service \"" + service + "\" is not in the spec",
                        Suggest.closest(service, names).map(k -> "did you mean \"" + k + "\"?")
                                .orElse(names.size() <= 15 ? "known services: " + String.join(", ", names)
                                        : "`slipway graph` lists the services")));
            }
        });
        for (String service : names) {
            String version = request.versions().get(service);
            if (version == null) {
                continue;
            }
            Optional<Deployed> running = inventory.deployed(service);
            if (running.isPresent() && Versions.same(running.get().version(), version)) {
                notes.add(service + " " + running.get().version() + " already runs in " + request.environment()
                        + ": left out of the release");
                request.digest(service).filter(d -> !running.get().digest().equals(Optional.of(d))).ifPresent(d ->
                        notes.add(service + " " + running.get().version() + " runs " + running.get().digest()
                                .map(r -> "image " + r).orElse("an unpinned image") + ", not " + d
                                + ": a version is released once; give a rebuild a new version"));
            } else {
                targets.put(service, version);
            }
        }
    }

    /** The ranges of {@code service}'s new version, and of its running version for dependencies in the release. */
    private void checkReleasedService(String a) {
        String newA = targets.get(a);
        Optional<Deployed> oldA = inventory.deployed(a);
        Map<String, VersionRange> newRanges = DeclaredRanges.of(request.ranges(a), service(a)).ranges();
        Set<String> inRelease = new LinkedHashSet<>();
        newRanges.forEach((b, range) -> {
            Optional<String> newB = Optional.ofNullable(targets.get(b)).or(() -> runningVersion(b));
            if (newB.isEmpty()) {
                errors.add(PlanError.of(a + " " + newA + " needs " + b + " " + range + ", but " + b
                        + " does not run in " + request.environment() + " and is not in the release",
                        "add " + b + " to the release: --set " + b + "=VERSION"));
                return;
            }
            Outcome end = check(a, newA, b, range, newB.get(), Moment.RELEASED);
            if (end == Outcome.FAILED) {
                errors.add(PlanError.of(a + " " + newA + " needs " + b + " " + range + ", but "
                        + (targets.containsKey(b) ? "the release brings " + b + " " + newB.get()
                        : b + " " + newB.get() + " runs in " + request.environment() + " and is not in the release"),
                        "release " + b + " at a version in " + range + ", or widen " + a + "'s range for " + b
                                + " in slipway.yaml"));
            }
            if (targets.containsKey(b)) {
                inRelease.add(b);
            }
        });
        if (oldA.isEmpty()) {
            inRelease.forEach(b -> after.get(a).add(b));
            return;
        }
        Optional<Map<String, VersionRange>> oldRanges = oldA.get().ranges();
        if (oldRanges.isPresent()) {
            oldRanges.get().keySet().stream().filter(targets::containsKey).forEach(inRelease::add);
        }
        for (String b : inRelease) {
            order(a, newA, oldA.get(), b, newRanges.get(b));
        }
    }

    /**
     * Decides whether {@code a} waits for {@code b} (dependencies first) or goes first, from what a's running
     * version accepts while b rolls out.
     */
    private void order(String a, String newA, Deployed oldA, String b, VersionRange newRange) {
        if (options.dependentsFirst()) {
            orderDependentFirst(a, newA, oldA, b, newRange);
            return;
        }
        String newB = targets.get(b);
        Optional<VersionRange> oldRange = oldA.ranges().map(r -> r.get(b));
        Outcome oldAccepts;
        if (oldA.ranges().isEmpty()) {
            notes.add(a + " " + oldA.version() + " (running) has no recorded ranges: its calls to " + b + " " + newB
                    + " while " + b + " rolls out are not checked");
            oldAccepts = Outcome.UNCHECKED;
        } else if (oldRange.isEmpty()) {
            oldAccepts = Outcome.UNCHECKED; // the running version does not call b
        } else {
            oldAccepts = check(a, oldA.version(), b, oldRange.get(), newB, Moment.RUNNING_DURING_DEPENDENCY_ROLLOUT);
        }
        if (oldAccepts != Outcome.FAILED) {
            if (newRange != null) {
                after.get(a).add(b);
            }
            return;
        }
        String why = "its running " + oldA.version() + " needs " + b + " " + oldRange.get() + ", which " + newB
                + " does not satisfy";
        if (newRange == null) {
            after.get(b).add(a);
            notes.add(a + " rolls out before " + b + ": " + why + ", and its new " + newA + " no longer calls " + b);
            return;
        }
        Optional<String> oldB = runningVersion(b);
        Outcome newAcceptsOld = oldB.isEmpty() ? Outcome.FAILED
                : check(a, newA, b, newRange, oldB.get(), Moment.NEW_BEFORE_DEPENDENCY);
        if (newAcceptsOld == Outcome.OK) {
            after.get(b).add(a);
            notes.add(a + " rolls out before " + b + ": " + why + ", and its new " + newA + " accepts " + b + " "
                    + oldB.get() + " and " + newB);
        } else if (newAcceptsOld == Outcome.FAILED) {
            String cannotGoFirst = oldB.isEmpty() ? b + " does not run in " + request.environment() + " yet"
                    : "it needs " + b + " " + newRange + ", which the running " + b + " " + oldB.get() + " does not satisfy";
            errors.add(PlanError.of(a + " " + oldA.version() + " (running) needs " + b + " " + oldRange.get()
                            + ", but " + b + " " + newB + " would serve it while " + b + " rolls out; and " + a + " "
                            + newA + " cannot go first because " + cannotGoFirst,
                    "first release a version of " + a + " that accepts both "
                            + oldB.map(v -> b + " " + v + " and " + newB).orElse(b + " " + newB)
                            + ", or keep " + b + " within " + oldRange.get()));
        }
    }

    /**
     * The rollback order for a → b: a goes back first when its target version accepts b's running version
     * (b then goes back under a's target, which the end-state check covers); otherwise b may go first when a's
     * running version accepts b's target; otherwise no order keeps the ranges met.
     */
    private void orderDependentFirst(String a, String newA, Deployed oldA, String b, VersionRange newRange) {
        String newB = targets.get(b);
        Optional<String> oldB = runningVersion(b);
        if (newRange == null) {
            after.get(b).add(a); // a's target does not call b: nothing to check while b goes back under it
            return;
        }
        if (oldB.isEmpty()) {
            after.get(a).add(b); // b is installed by this release: a cannot call it before it runs
            return;
        }
        if (check(a, newA, b, newRange, oldB.get(), Moment.NEW_BEFORE_DEPENDENCY) != Outcome.FAILED) {
            after.get(b).add(a);
            return;
        }
        String why = "its target " + newA + " needs " + b + " " + newRange + ", which the running " + b + " "
                + oldB.get() + " does not satisfy";
        Optional<VersionRange> oldRange = oldA.ranges().map(r -> r.get(b));
        Outcome oldAccepts = oldA.ranges().isEmpty() || oldRange.isEmpty() ? Outcome.UNCHECKED
                : check(a, oldA.version(), b, oldRange.get(), newB, Moment.RUNNING_DURING_DEPENDENCY_ROLLOUT);
        if (oldAccepts == Outcome.FAILED) {
            errors.add(PlanError.of(a + " cannot go back to " + newA + " before " + b + ": " + why + "; and " + b
                            + " cannot go back to " + newB + " first, since " + a + " " + oldA.version()
                            + " (running) needs " + b + " " + oldRange.get(),
                    "roll back in two steps, or deploy versions of " + a + " and " + b + " that accept each other"));
            return;
        }
        after.get(a).add(b);
        notes.add(b + " goes back before " + a + ": " + why);
    }

    /**
     * Services outside the release keep serving: each must accept the new version of every dependency in the
     * release. Their ranges are the recorded ones, or the spec's when none were recorded.
     */
    private void checkUnchangedServices() {
        for (Deployed running : inventory.services().values()) {
            String u = running.service();
            if (targets.containsKey(u)) {
                continue;
            }
            DeclaredRanges declared = DeclaredRanges.of(running.ranges(), service(u));
            Map<String, VersionRange> ranges = declared.ranges();
            boolean touched = ranges.keySet().stream().anyMatch(targets::containsKey);
            if (touched && !declared.recorded()) {
                notes.add(u + " " + running.version() + " (unchanged) has no recorded ranges: checked with the spec's");
            }
            ranges.forEach((b, range) -> {
                String newB = targets.get(b);
                if (newB != null && check(u, running.version(), b, range, newB, Moment.UNCHANGED) == Outcome.FAILED) {
                    errors.add(PlanError.of(u + " " + running.version() + " (unchanged) needs " + b + " " + range
                                    + ", but the release brings " + b + " " + newB,
                            "release " + b + " at a version in " + range + ", or add " + u
                                    + " to the release at a version that accepts " + b + " " + newB));
                }
            });
        }
    }

    /** "Goes first" decisions can contradict the dependency order; such a release has no safe order. */
    private void checkOrder() {
        Map<String, List<String>> waits = new LinkedHashMap<>();
        after.forEach((service, predecessors) -> waits.put(service, List.copyOf(predecessors)));
        DependencyGraph.of(waits).firstCycle().ifPresent(cycle -> errors.add(PlanError.of(
                "no rollout order keeps every range met: " + String.join(" -> ", cycle)
                        + " (each must wait for the next)",
                "split the release in two: first the services whose new versions accept both versions of their"
                        + " dependencies, then the rest")));
    }

    private Plan schedule() {
        Map<String, Duration> durations = new LinkedHashMap<>();
        Map<String, Strategy> strategies = new LinkedHashMap<>();
        targets.keySet().forEach(s -> strategies.put(s, effectiveStrategy(service(s).orElseThrow(), runningVersion(s))));
        targets.keySet().forEach(s -> durations.put(s, runningVersion(s).isEmpty()
                ? options.estimate().rollout(service(s).orElseThrow(), strategies.get(s))
                : options.estimate().of(service(s).orElseThrow(), strategies.get(s))));
        Schedule schedule = Schedule.of(durations, after, options.maxParallel());
        List<PlannedService> services = new ArrayList<>();
        for (Schedule.Slot slot : schedule.slots()) {
            String name = slot.service();
            List<String> waits = after.get(name).stream()
                    .sorted(java.util.Comparator.comparingInt(specIndex::get)).toList(); // spec order
            services.add(new PlannedService(name, runningVersion(name), targets.get(name), request.digest(name),
                    strategies.get(name), waits, durations.get(name), slot.start(), slot.finish(),
                    schedule.critical(name), DeclaredRanges.of(request.ranges(name), service(name)).ranges(),
                    Execution.of(spec, service(name).orElseThrow(), spec.environment(request.environment())
                            .flatMap(e -> e.registry()))));
        }
        if (targets.isEmpty()) {
            notes.add("nothing to release: every requested version already runs in " + request.environment());
        }
        return new Plan(request.environment(), services, checks, schedule, notes);
    }

    /** A service that does not run yet has no traffic to shift and nothing to compare a canary with. */
    private static Strategy effectiveStrategy(Service service, Optional<String> from) {
        if (from.isEmpty() && !(service.strategy() instanceof Strategy.Rolling)) {
            return Strategy.Rolling.builtIn();
        }
        return service.strategy();
    }

    private Optional<String> runningVersion(String service) {
        return inventory.deployed(service).map(Deployed::version);
    }

    private enum Outcome { OK, FAILED, UNCHECKED }

    /** One range check, recorded; a version that is not semver is not checked. */
    private Outcome check(String service, String serviceVersion, String dependency, VersionRange range, String version,
                          Moment moment) {
        if (!Versions.isSemver(version)) {
            if (reportedVersions.add(dependency + "@" + version)) {
                errors.add(PlanError.of(dependency + " version \"" + version + "\" is not a semantic version, so "
                        + service + "'s range " + range + " cannot be checked against it", Versions.HINT));
            }
            return Outcome.UNCHECKED;
        }
        boolean ok = Versions.satisfies(range, version);
        checks.add(new RangeCheck(service, serviceVersion, dependency, range, version, ok, moment));
        return ok ? Outcome.OK : Outcome.FAILED;
    }
}
