package dev.slipway.release.dora;

import dev.slipway.model.Keyword;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One deployment of one service version to one environment, as the deployment history records it: the row the store
 * keeps (its outcome as the keyword) and the DORA metrics and the soak gate read.
 * <p>
 * {@code release} names the Slipway release the deployment was part of (one {@code slipway deploy} of several
 * services); it is empty for a deployment made on its own. {@code finished} is empty for a deployment that never
 * finished (the engine stopped); a succeeded deployment always has one, because "running in production" is when it
 * finished.
 */
public record Deployment(String service, String version, Optional<String> digest, String environment,
                         Optional<String> commit, Optional<Instant> committed, Instant started,
                         Optional<Instant> finished, Outcome outcome, Optional<String> release) {

    /**
     * How one service's deployment ended, in the history's own words ({@code succeeded}, {@code rolled-back},
     * {@code failed}: the text the store and the JSON use). Not {@code ReleaseResult.Outcome}, a whole release's end:
     * a release that rolled back can hold deployments that succeeded (an independent branch carries on).
     */
    public enum Outcome implements Keyword {
        SUCCEEDED, ROLLED_BACK, FAILED;

        /** @throws IllegalArgumentException for a keyword no outcome has (a damaged row) */
        public static Outcome of(String keyword) {
            return Keyword.required(Outcome.class, keyword, "deployment outcome");
        }

        /** A change failure in DORA's sense: the deployment had to be rolled back or did not get running. */
        public boolean failure() {
            return this != SUCCEEDED;
        }
    }

    public Deployment {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(committed, "committed");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(finished, "finished");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(release, "release");
        if (finished.isPresent() && finished.get().isBefore(started)) {
            throw new IllegalArgumentException(service + " " + version + ": finished " + finished.get()
                    + " before it started " + started);
        }
        if (outcome == Outcome.SUCCEEDED && finished.isEmpty()) {
            throw new IllegalArgumentException(service + " " + version + ": a succeeded deployment has a finish time");
        }
    }

    /** A succeeded deployment with neither digest, commit nor release; add them with the {@code with} methods. */
    public static Deployment succeeded(String service, String version, String environment, Instant started,
                                       Instant finished) {
        return new Deployment(service, version, Optional.empty(), environment, Optional.empty(), Optional.empty(),
                started, Optional.of(finished), Outcome.SUCCEEDED, Optional.empty());
    }

    /** A rolled-back or failed deployment; {@code finished} is null when it never finished. */
    public static Deployment failed(String service, String version, String environment, Outcome outcome,
                                    Instant started, Instant finished) {
        if (!outcome.failure()) {
            throw new IllegalArgumentException("not a failure: " + outcome.keyword());
        }
        return new Deployment(service, version, Optional.empty(), environment, Optional.empty(), Optional.empty(),
                started, Optional.ofNullable(finished), outcome, Optional.empty());
    }

    public Deployment withCommit(String sha, Instant at) {
        return new Deployment(service, version, digest, environment, Optional.of(sha), Optional.of(at), started,
                finished, outcome, release);
    }

    public Deployment withRelease(String id) {
        return new Deployment(service, version, digest, environment, commit, committed, started, finished, outcome,
                Optional.of(id));
    }

    public Deployment withDigest(String imageDigest) {
        return new Deployment(service, version, Optional.of(imageDigest), environment, commit, committed, started,
                finished, outcome, release);
    }

    /**
     * When the deployment counts as having happened: its finish, or its start when it never finished. This places
     * it in a window, and for a failure it is the moment service was lost, where time to restore starts.
     */
    public Instant at() {
        return finished.orElse(started);
    }
}
