package dev.slipway.generate.init;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A Kubernetes Service: the name other workloads use to reach the pods its selector matches. */
record ClusterService(String name, Optional<String> namespace, Map<String, String> selector, List<Port> ports) {

    ClusterService {
        selector = Map.copyOf(selector);
        ports = List.copyOf(ports);
    }

    /** {@code port} is what callers dial; {@code targetPort} a number or a named container port. */
    record Port(int port, Optional<Integer> targetPort, Optional<String> targetPortName) {
    }

    boolean selects(Workload workload) {
        return workload.fromKubernetes() && !selector.isEmpty()
                && workload.labels().entrySet().containsAll(selector.entrySet())
                && (namespace.isEmpty() || workload.namespace().isEmpty() || namespace.equals(workload.namespace()));
    }

    /** The container port traffic arrives on, for a workload this Service selects. */
    Optional<Integer> containerPort(Workload workload) {
        for (Port port : ports) {
            if (port.targetPort().isPresent()) {
                return port.targetPort();
            }
            if (port.targetPortName().isPresent() && workload.namedPorts().containsKey(port.targetPortName().get())) {
                return Optional.of(workload.namedPorts().get(port.targetPortName().get()));
            }
            if (port.targetPortName().isEmpty()) {
                return Optional.of(port.port());
            }
        }
        return Optional.empty();
    }
}
