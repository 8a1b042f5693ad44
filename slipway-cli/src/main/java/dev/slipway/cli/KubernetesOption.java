package dev.slipway.cli;

import dev.slipway.kubernetes.TrafficRouting;
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

    @Option(names = "--traffic", paramLabel = "MODE", defaultValue = "replicas", converter = Routing.class,
            description = "How a canary's traffic is split on a real cluster: istio (VirtualService weights), "
                    + "gateway-api (HTTPRoute weights) or replicas (the ratio of the tracks' pods behind one "
                    + "Service) (default: ${DEFAULT-VALUE}).")
    TrafficRouting traffic;

    static final class Routing implements CommandLine.ITypeConverter<TrafficRouting> {
        @Override
        public TrafficRouting convert(String value) {
            return switch (value) {
                case "istio" -> TrafficRouting.ISTIO;
                case "gateway-api" -> TrafficRouting.GATEWAY_API;
                case "replicas" -> TrafficRouting.REPLICAS;
                default -> throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not one of: istio, gateway-api, replicas");
            };
        }
    }
}
