package dev.slipway.supply.gates;

import dev.slipway.release.dora.Deployment;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The soak gate: a digest may leave its source environment once it has run healthy there for at least the soak
 * time. Read from the source environment's deployment history: a digest runs from the finish of its succeeded
 * deployment until another digest of the same service is deployed successfully (a rolled-back or failed
 * deployment of another version leaves it running: the rollback restored it). Its longest such run counts, so a
 * digest that soaked and was later replaced may still be promoted (a roll back of production to it, say).
 */
public final class SoakGate {

    public static final String NAME = "soak";
    public static final String PROMOTE_FROM = "promote-from";

    private SoakGate() {
    }

    /**
     * How long a digest has run in the source environment.
     *
     * @param since   when its longest run started; empty when it never ran there healthy
     * @param until   when that run ended; empty while it still runs
     * @param ran     how long that run lasted (until {@code now} while it runs)
     * @param remains how much of the soak is left; zero once it has soaked
     */
    public record Soak(String service, String digest, String source, Duration soak, Optional<Instant> since,
                       Optional<Instant> until, Duration ran, Duration remains) {

        public boolean ok() {
            return since.isPresent() && remains.isZero();
        }

        /**
         * The promote-from gate: a deploy to an environment with {@code promoteFrom} may only use a digest that
         * ran healthy in the source environment, however long.
         */
        public GateResult promoteFrom() {
            String subject = service + " " + shortDigest(digest);
            return since.isPresent()
                    ? GateResult.passed(PROMOTE_FROM, subject + " ran healthy in " + source + " (from " + since.get() + ")")
                    : GateResult.blocked(PROMOTE_FROM, subject + " never ran healthy in " + source + ", which this"
                    + " environment is promoted from", "promote what runs in " + source + " (slipway promote), or deploy"
                    + " this digest to " + source + " first; an admin may override with --force --reason");
        }

        public GateResult gate() {
            String subject = service + " " + shortDigest(digest);
            if (since.isEmpty()) {
                return GateResult.blocked(NAME, subject + " has never run healthy in " + source,
                        "deploy it to " + source + " first (or promote it there), and let it run " + text(soak));
            }
            String run = until.map(u -> "ran healthy in " + source + " for " + text(ran) + " (" + since.get() + " to " + u
                    + ", then replaced)").orElse("has run healthy in " + source + " for " + text(ran) + " (since "
                    + since.get() + ")");
            if (ok()) {
                return GateResult.passed(NAME, subject + " " + run + (soak.isZero() ? "; no soak is required"
                        : "; the soak is " + text(soak)));
            }
            return GateResult.blocked(NAME, subject + " " + run + "; " + text(remains) + " of the " + text(soak)
                    + " soak remain", until.isPresent()
                    ? "it no longer runs in " + source + "; deploy it there again, or promote the digest that runs there"
                    : "wait " + text(remains) + " and plan the release again");
        }
    }

    /**
     * The soak of {@code digest} of {@code service} in {@code source}, from that environment's deployment history
     * (any order; rows of other services, environments and rows without a digest are ignored) at {@code now}.
     */
    public static Soak check(String source, List<Deployment> history, String service, String digest, Duration soak,
                             Instant now) {
        List<Deployment> rows = history.stream()
                .filter(d -> d.environment().equals(source) && d.service().equals(service))
                .filter(d -> d.outcome() == Deployment.Outcome.SUCCEEDED && d.digest().isPresent())
                .sorted(Comparator.comparing(Deployment::at))
                .toList();
        Optional<Instant> bestSince = Optional.empty();
        Optional<Instant> bestUntil = Optional.empty();
        Duration best = Duration.ZERO;
        Instant since = null;
        for (Deployment row : rows) {
            boolean ours = row.digest().get().equals(digest);
            if (ours && since == null) {
                since = row.at(); // a redeploy of the same digest does not restart its run
            } else if (!ours && since != null) {
                Duration ran = Duration.between(since, row.at());
                if (bestSince.isEmpty() || ran.compareTo(best) > 0) {
                    bestSince = Optional.of(since);
                    bestUntil = Optional.of(row.at());
                    best = ran;
                }
                since = null;
            }
        }
        if (since != null) {
            Duration ran = now.isAfter(since) ? Duration.between(since, now) : Duration.ZERO;
            if (bestSince.isEmpty() || ran.compareTo(best) >= 0) {
                bestSince = Optional.of(since);
                bestUntil = Optional.empty();
                best = ran;
            }
        }
        Duration remains = bestSince.isEmpty() ? soak : soak.minus(best).isNegative() ? Duration.ZERO : soak.minus(best);
        return new Soak(service, digest, source, soak, bestSince, bestUntil, best, remains);
    }

    static String shortDigest(String digest) {
        int colon = digest.indexOf(':');
        return colon >= 0 && digest.length() > colon + 13 ? digest.substring(0, colon + 13) : digest;
    }

    /** {@code 1h5m}, {@code 12m30s}, {@code 0s}: the way slipway.yaml writes durations. */
    static String text(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        StringBuilder text = new StringBuilder();
        if (seconds >= 3600) {
            text.append(seconds / 3600).append('h');
        }
        if (seconds % 3600 >= 60) {
            text.append(seconds % 3600 / 60).append('m');
        }
        if (seconds % 60 > 0 || text.isEmpty()) {
            text.append(seconds % 60).append('s');
        }
        return text.toString();
    }
}
