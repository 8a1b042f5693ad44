package dev.slipway.cli;

import dev.slipway.run.ClusterAccess;
import java.util.Optional;

import dev.slipway.model.Environment;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.TrafficRouting;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --kubeconfig FILE} and {@code --traffic MODE}: how to reach, and how to split traffic on, the cluster of
 * an environment that names a {@code kubeContext}. Ignored for the sandbox.
 */
final class KubernetesOption {

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "The kubeconfig that holds the environment's kubeContext (default: $KUBECONFIG, "
                    + "otherwise ~/.kube/config). Only for an environment that names a kubeContext.")
    Path kubeconfig;

    @Option(names = "--traffic", paramLabel = "MODE", converter = Routing.class,
            description = "How a canary's traffic is split on a real cluster: istio (VirtualService weights), "
                    + "gateway-api (HTTPRoute weights) or replicas (the ratio of the tracks' pods behind one "
                    + "Service) (default: the environment's traffic in slipway.yaml, else replicas).")
    TrafficRouting traffic;

    ClusterAccess access() {
        return access(Optional.empty());
    }

    /** @param context the kube context of environments that name none (empty: they run on the sandbox) */
    ClusterAccess access(Optional<String> context) {
        return new ClusterAccess(Optional.ofNullable(kubeconfig), Optional.ofNullable(traffic), context);
    }

    static final class Routing implements CommandLine.ITypeConverter<TrafficRouting> {
        @Override
        public TrafficRouting convert(String value) {
            return TrafficRouting.of(value).orElseThrow(() -> new CommandLine.TypeConversionException(
                    "'" + value + "' is not one of: istio, gateway-api, replicas"));
        }
    }
}
