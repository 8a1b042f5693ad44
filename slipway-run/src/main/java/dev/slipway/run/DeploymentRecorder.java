package dev.slipway.run;

import dev.slipway.release.Deployed;
import dev.slipway.release.Inventory;
import dev.slipway.release.dora.Deployment;
import dev.slipway.release.execute.ReleaseResult;
import dev.slipway.store.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Writes the deployment history the DORA metrics read: one row per service a finished release started to roll out,
 * into the H2 store of the data directory.
 * <p>
 * Times are the wall clock of the run that ended the release, the same start and finish for each of its services:
 * on the sandbox the engine's own times are simulated (a 30-minute canary passes in milliseconds), and DORA measures
 * the real world; one rule for every cluster keeps sandbox and kube histories comparable.
 */
public final class DeploymentRecorder {

    private DeploymentRecorder() {
    }

    /**
     * The history's rows for a release that ended; a cancelled service never deployed and has none. A version
     * released by its tag gets the digest the cluster ran ({@code after}, what runs now), so that promotions and the
     * promote-from gate can name it.
     */
    static List<Deployment> deployments(ReleaseRecord record, ReleaseResult result, Instant started,
                                        Instant finished, Inventory after) {
        List<Deployment> rows = new ArrayList<>();
        for (ReleaseResult.ServiceResult s : result.services()) {
            Optional<Deployment.Outcome> outcome = switch (s.outcome()) {
                case PROMOTED -> Optional.of(Deployment.Outcome.SUCCEEDED);
                case ROLLED_BACK -> Optional.of(Deployment.Outcome.ROLLED_BACK);
                case FAILED -> Optional.of(Deployment.Outcome.FAILED);
                case CANCELLED -> Optional.empty();
                default -> throw new IllegalStateException("a rollout that ended " + s.outcome() + ": " + s.name());
            };
            outcome.ifPresent(o -> rows.add(new Deployment(s.name(), s.to(),
                    Optional.ofNullable(record.digests().get(s.name())).or(() -> after.deployed(s.name())
                            .filter(d -> d.version().equals(s.to())).flatMap(Deployed::digest)), record.environment(),
                    Optional.ofNullable(record.commit()), Optional.ofNullable(record.committed()).map(Instant::parse),
                    started, Optional.of(finished), o, Optional.of(record.id()))));
        }
        return rows;
    }

    /**
     * Records the rows. The release record is already saved: a store that fails costs the history these rows, with a
     * warning, never the release.
     */
    static void record(Store store, List<Deployment> rows, String release, Consumer<String> warn) {
        try {
            rows.forEach(store.deployments()::record);
        } catch (RuntimeException e) {
            warn.accept("the deployment history was not (fully) updated (" + e.getMessage()
                    + "); `slipway dora` will not count release " + release);
        }
    }
}
