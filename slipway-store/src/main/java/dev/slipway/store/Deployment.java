package dev.slipway.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One deployment of a service's version to an environment: what the DORA metrics are computed from (deployment
 * frequency from {@code finished}, lead time from {@code commitTime}, change failure rate and time to restore from
 * {@code outcome}).
 *
 * @param release  the release that deployed it, when a release did
 * @param outcome  succeeded, rolled-back or failed: the keywords of {@link dev.slipway.release.dora.Deployment.Outcome}
 *                 (a cancelled rollout never deployed and has no row)
 */
public record Deployment(String environment, String service, String version, Optional<String> digest,
                         Optional<String> release, Optional<String> commitSha, Optional<Instant> commitTime,
                         Instant started, Optional<Instant> finished, String outcome) {

    public Deployment {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(commitSha, "commitSha");
        Objects.requireNonNull(commitTime, "commitTime");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(finished, "finished");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** The row of a deployment as the DORA metrics see it. */
    public static Deployment of(dev.slipway.release.dora.Deployment d) {
        return new Deployment(d.environment(), d.service(), d.version(), d.digest(), d.release(), d.commit(),
                d.committed(), d.started(), d.finished(), d.outcome().keyword());
    }

    /** The deployment the DORA metrics are computed from; an outcome that is not one of theirs is refused. */
    public dev.slipway.release.dora.Deployment dora() {
        return new dev.slipway.release.dora.Deployment(service, version, digest, environment, commitSha, commitTime,
                started, finished, dev.slipway.release.dora.Deployment.Outcome.of(outcome), release);
    }
}
