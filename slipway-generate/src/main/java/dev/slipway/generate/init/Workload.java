package dev.slipway.generate.init;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A running container as a manifest describes it: a Deployment, StatefulSet or Argo Rollout, or a
 * docker-compose service. {@code origin} is how warnings name it ("deployment", "compose service").
 */
record Workload(
        String origin,
        String name,
        String file,
        Optional<String> namespace,
        Map<String, String> labels,
        Optional<String> image,
        List<Integer> ports,
        Map<String, Integer> namedPorts,
        Map<String, String> env,
        Optional<String> healthPath,
        Optional<Integer> replicas,
        boolean stateful,
        Optional<String> buildPath) {

    Workload {
        labels = Map.copyOf(labels);
        ports = List.copyOf(ports);
        namedPorts = Map.copyOf(namedPorts);
        env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
    }

    boolean fromKubernetes() {
        return !origin.equals(ComposeReader.ORIGIN);
    }

    /** The last path segment of the image's repository: {@code ghcr.io/acme/shop/cart:2.3} → {@code cart}. */
    Optional<String> imageName() {
        return image.map(i -> {
            String repository = i.replaceAll("@.*$", "");
            int slash = repository.lastIndexOf('/');
            int colon = repository.lastIndexOf(':');
            if (colon > slash) {
                repository = repository.substring(0, colon);
            }
            return repository.substring(slash + 1);
        });
    }
}
