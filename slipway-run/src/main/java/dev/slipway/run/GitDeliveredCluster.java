package dev.slipway.run;

import dev.slipway.model.UserError;
import dev.slipway.release.Inventory;
import dev.slipway.release.Track;
import dev.slipway.release.cluster.Cluster;
import dev.slipway.release.cluster.TrackSpec;
import dev.slipway.release.cluster.TrackStatus;
import dev.slipway.release.plan.Plan;
import dev.slipway.supply.gitops.GitOpsChange;
import dev.slipway.supply.gitops.GitOpsWriter;
import dev.slipway.supply.gitops.ImagePin;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The engine's cluster in a Git-delivered environment: it observes the real cluster (inventory, status watch,
 * probes) and never changes it. Applying a version commits its digest to the environment's overlay — a
 * rollback, the digest that ran before — and the GitOps controller applies it; the engine then follows the
 * rollout through the watch as it would its own. Routing and removing tracks are Git's too, so they change
 * nothing here.
 */
final class GitDeliveredCluster implements Cluster {

    private static final System.Logger LOG = System.getLogger("dev.slipway.gitops");

    private final Cluster cluster;
    private final GitOpsWriter writer;
    private final Plan plan;
    private final String release;
    private final Optional<String> rollbackOf;

    GitDeliveredCluster(Cluster cluster, GitOpsWriter writer, Plan plan, String release, Optional<String> rollbackOf) {
        this.cluster = cluster;
        this.writer = writer;
        this.plan = plan;
        this.release = release;
        this.rollbackOf = rollbackOf;
    }

    /** Commit lines go to the platform logger; they name no credentials. */
    static void log(String line) {
        LOG.log(System.Logger.Level.INFO, line);
    }

    @Override
    public Inventory inventory(String environment) {
        return cluster.inventory(environment);
    }

    @Override
    public void apply(TrackSpec desired) {
        if (desired.track() != Track.STABLE) {
            throw new IllegalStateException("a Git-delivered release applies only the stable track, not "
                    + desired.track() + " of " + desired.service());
        }
        // a release's targets were checked when it was planned; a version that ran before may have run by tag
        ImagePin pin = new ImagePin(desired.service(), ImagePin.repositoryOf(desired.image()), desired.version(),
                desired.digest().orElseThrow(() -> new UserError("cannot commit " + desired.service() + " "
                        + desired.version() + " to Git: it ran without a recorded digest", "commit its image to the "
                        + "overlay by hand (kustomize edit set image), then `slipway rollback` or `slipway resume`")));
        boolean back = plan.service(desired.service())
                .map(s -> !s.to().equals(desired.version()) && s.from().equals(Optional.of(desired.version())))
                .orElse(false);
        GitOpsChange change = back || rollbackOf.isPresent()
                ? GitOpsChange.rollback(desired.environment(), rollbackOf.orElse(release), List.of(pin))
                : GitOpsChange.release(desired.environment(), release, List.of(pin));
        writer.write(change);
    }

    @Override
    public void route(String environment, String service, Map<Track, Integer> weights) {
        // traffic in a Git-delivered environment is what the committed manifests say
    }

    @Override
    public void remove(String environment, String service, Track track) {
        log(environment + ": " + service + " is not removed: a Git-delivered environment's workloads are the"
                + " overlay's; remove the service from it with a commit");
    }

    @Override
    public void watch(String environment, Consumer<TrackStatus> listener) {
        cluster.watch(environment, listener);
    }

    @Override
    public void probe(String environment, String service, Track track, String path, Consumer<Boolean> healthy) {
        cluster.probe(environment, service, track, path, healthy);
    }
}
