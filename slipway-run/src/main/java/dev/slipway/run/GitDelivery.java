package dev.slipway.run;

import dev.slipway.model.Environment;
import dev.slipway.model.Strategy;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.UserError;
import dev.slipway.release.cluster.Cluster;
import dev.slipway.release.plan.Plan;
import dev.slipway.release.plan.PlannedService;
import dev.slipway.supply.gitops.GitCredentials;
import dev.slipway.supply.gitops.GitOpsWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Releases to a {@code delivery: gitops} environment: the plan rolls every service out as the GitOps controller
 * applies a commit (Slipway cannot run canary steps on objects it does not own), each target is pinned by digest,
 * and the engine's cluster commits instead of applying ({@link GitDeliveredCluster}).
 */
final class GitDelivery {

    private GitDelivery() {
    }

    static Optional<Environment> of(SystemSpec spec, String environment) {
        return spec.environments().stream().filter(e -> e.name().equals(environment))
                .filter(Environment::deliversThroughGit).findFirst();
    }

    /**
     * The plan as Git delivers it: rolling updates, every target pinned to a digest.
     *
     * @throws UserError naming every service released without a digest
     */
    static Plan prepare(Plan plan) {
        List<String> unpinned = plan.services().stream().filter(s -> s.digest().isEmpty())
                .map(s -> s.name() + " " + s.to()).toList();
        if (!unpinned.isEmpty()) {
            throw new UserError("environment " + plan.environment() + " delivers through Git, which pins images by "
                    + "digest, and " + String.join(", ", unpinned) + (unpinned.size() == 1 ? " has" : " have")
                    + " no digest", "name each as SERVICE=VERSION@sha256:DIGEST (the digest the pipeline pushed)");
        }
        List<PlannedService> services = new ArrayList<>();
        List<String> notes = new ArrayList<>(plan.notes());
        for (PlannedService s : plan.services()) {
            if (!(s.strategy() instanceof Strategy.Rolling)) {
                notes.add(s.name() + " rolls out as the GitOps controller applies the commit, not as a "
                        + s.strategy().getClass().getSimpleName().toLowerCase() + ": canary steps through Git are "
                        + "Argo Rollouts' (slipway generate --target argo-rollouts)");
            }
            services.add(new PlannedService(s.name(), s.from(), s.to(), s.digest(), Strategy.Rolling.builtIn(),
                    s.after(), s.estimate(), s.start(), s.finish(), s.critical(), s.ranges(), s.execution()));
        }
        return new Plan(plan.environment(), services, plan.checks(), plan.schedule(), notes);
    }

    /**
     * The cluster a release's engine drives there: it reads and watches {@code cluster}, and commits changes.
     *
     * @param rollbackOf the release a rollback release undoes, or null
     */
    static Cluster cluster(Environment environment, Cluster cluster, Plan plan, String release, String rollbackOf,
                           Path dataDir, Function<String, String> env) {
        var settings = environment.gitops().orElseThrow();
        GitOpsWriter writer = new GitOpsWriter(settings, GitCredentials.from(settings, env),
                dataDir.resolve("gitops").resolve(environment.name()), GitDeliveredCluster::log);
        return new GitDeliveredCluster(cluster, writer, plan, release, Optional.ofNullable(rollbackOf));
    }
}
