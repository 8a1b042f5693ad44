package dev.slipway.release.dora;

import dev.slipway.release.dora.FourKeys.ChangeFailureRate;
import dev.slipway.release.dora.FourKeys.Frequency;
import dev.slipway.release.dora.FourKeys.LeadTime;
import dev.slipway.release.dora.FourKeys.TimeToRestore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The four DORA metrics computed from a deployment history; pure, no I/O. The rules, with their reasons, are in
 * {@code docs/dora.md}; in short:
 * <ul>
 *   <li>a deployment is in the window when its {@link Deployment#at()} (finish, or start if it never finished) is;</li>
 *   <li>frequency counts succeeded deployments per service, and successful releases for the system: the deployments
 *       of one environment that share a release id are one release, a deployment without one is a release by itself;
 *       a release counts once, when its first deployment succeeded, so adjacent windows never count it twice;</li>
 *   <li>lead time runs from the commit time to the finish of a succeeded deployment; one committed after it finished
 *       (clocks that disagree) counts as zero;</li>
 *   <li>time to restore runs from a failure to the first later succeeded deployment of the same service in the same
 *       environment; only what happened before the window ends counts, so a report of a past window reads the same
 *       whenever it is asked, and a failure not restored by then is open.</li>
 * </ul>
 * Medians and 90th percentiles interpolate linearly between the two nearest values (as numpy's and R's defaults do).
 */
public final class Dora {

    private Dora() {
    }

    /**
     * @param history deployments in any order, inside and outside the window; those outside matter for restores
     *                and for placing a release
     * @param environment only deployments to this environment count; empty for all environments
     */
    public static DoraReport report(Collection<Deployment> history, Window window, Optional<String> environment) {
        List<Deployment> scoped = history.stream()
                .filter(d -> environment.isEmpty() || environment.get().equals(d.environment()))
                .toList();
        Map<String, TreeSet<Instant>> successes = new HashMap<>();
        for (Deployment d : scoped) {
            if (!d.outcome().failure()) {
                successes.computeIfAbsent(place(d), k -> new TreeSet<>()).add(d.at());
            }
        }
        List<Deployment> inWindow = scoped.stream().filter(d -> window.contains(d.at())).toList();
        Map<String, List<Deployment>> byService = new TreeMap<>();
        for (Deployment d : inWindow) {
            byService.computeIfAbsent(d.service(), k -> new ArrayList<>()).add(d);
        }
        Map<String, FourKeys> services = new TreeMap<>();
        byService.forEach((service, deployments) -> services.put(service,
                keys(deployments, frequency(succeeded(deployments), window), successes, window)));
        FourKeys system = keys(inWindow, frequency(releases(scoped, window), window), successes, window);
        return new DoraReport(window, environment, system, services);
    }

    private static FourKeys keys(List<Deployment> inWindow, Frequency frequency,
                                 Map<String, TreeSet<Instant>> successes, Window window) {
        return new FourKeys(frequency, leadTime(inWindow), changeFailureRate(inWindow),
                timeToRestore(inWindow, successes, window));
    }

    private static Frequency frequency(long count, Window window) {
        return new Frequency(count, count / window.days(), Band.of(count, window.length()));
    }

    private static long succeeded(List<Deployment> inWindow) {
        return inWindow.stream().filter(d -> !d.outcome().failure()).count();
    }

    /** Successful releases placed in the window by their first succeeded deployment (over the whole history). */
    private static long releases(List<Deployment> scoped, Window window) {
        Map<String, Instant> firstSuccess = new HashMap<>();
        long alone = 0;
        for (Deployment d : scoped) {
            if (d.outcome().failure()) {
                continue;
            }
            if (d.release().isEmpty()) {
                alone += window.contains(d.at()) ? 1 : 0;
            } else {
                // The environment is part of the key: a release id names one run against one environment.
                firstSuccess.merge(d.environment() + "\u0000" + d.release().get(), d.at(),
                        (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        return alone + firstSuccess.values().stream().filter(window::contains).count();
    }

    private static LeadTime leadTime(List<Deployment> inWindow) {
        List<Duration> times = new ArrayList<>();
        int withoutCommitTime = 0;
        for (Deployment d : inWindow) {
            if (d.outcome().failure()) {
                continue;
            }
            if (d.committed().isEmpty()) {
                withoutCommitTime++;
            } else {
                Duration lead = Duration.between(d.committed().get(), d.at());
                times.add(lead.isNegative() ? Duration.ZERO : lead);
            }
        }
        return new LeadTime(times.size(), withoutCommitTime, percentile(times, 0.5), percentile(times, 0.9));
    }

    private static ChangeFailureRate changeFailureRate(List<Deployment> inWindow) {
        int failures = (int) inWindow.stream().filter(d -> d.outcome().failure()).count();
        int all = inWindow.size();
        return new ChangeFailureRate(all, failures,
                all == 0 ? OptionalDouble.empty() : OptionalDouble.of(failures / (double) all));
    }

    private static TimeToRestore timeToRestore(List<Deployment> inWindow, Map<String, TreeSet<Instant>> successes,
                                               Window window) {
        List<Duration> times = new ArrayList<>();
        int failures = 0;
        for (Deployment d : inWindow) {
            if (!d.outcome().failure()) {
                continue;
            }
            failures++;
            TreeSet<Instant> later = successes.getOrDefault(place(d), new TreeSet<>());
            Instant restored = later.higher(d.at());
            if (restored != null && restored.isBefore(window.to())) {
                times.add(Duration.between(d.at(), restored));
            }
        }
        return new TimeToRestore(failures, times.size(), failures - times.size(), percentile(times, 0.5));
    }

    /** A service in an environment: where a failure is restored. */
    private static String place(Deployment d) {
        return d.service() + "\u0000" + d.environment();
    }

    /** Linear interpolation between the closest ranks, to the millisecond; empty without values. */
    static Optional<Duration> percentile(List<Duration> values, double q) {
        if (values.isEmpty()) {
            return Optional.empty();
        }
        long[] millis = values.stream().mapToLong(Duration::toMillis).sorted().toArray();
        double position = q * (millis.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, millis.length - 1);
        double between = millis[below] + (millis[above] - millis[below]) * (position - below);
        return Optional.of(Duration.ofMillis(Math.round(between)));
    }
}
