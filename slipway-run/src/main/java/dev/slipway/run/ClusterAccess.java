package dev.slipway.run;

import dev.slipway.model.Environment;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.TrafficRouting;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How to reach, and how to split traffic on, the cluster of an environment that names a {@code kubeContext}; the
 * sandbox needs none of it.
 *
 * @param kubeconfig the kubeconfig that holds the contexts (empty: {@code $KUBECONFIG}, else {@code ~/.kube/config})
 * @param traffic    how canaries split traffic, for every environment (empty: each environment's {@code traffic})
 * @param context    the kube context of environments that name none (empty: those run on the sandbox)
 */
public record ClusterAccess(Optional<Path> kubeconfig, Optional<TrafficRouting> traffic, Optional<String> context) {

    public static final ClusterAccess DEFAULT = new ClusterAccess(Optional.empty(), Optional.empty(),
            Optional.empty());

    /** The option if given, else the environment's {@code traffic}. */
    public TrafficRouting routing(SystemSpec spec, String environment) {
        return traffic.orElseGet(() -> spec.environment(environment).map(Environment::traffic)
                .orElse(TrafficRouting.REPLICAS));
    }

    /** The kube context the environment's releases run on; empty for the sandbox. */
    public Optional<String> contextOf(SystemSpec spec, String environment) {
        return spec.environment(environment).flatMap(Environment::kubeContext).or(() -> context);
    }
}
