package dev.slipway.generate.init;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A running container as a manifest describes it: a Deployment, StatefulSet or Argo Rollout, or a
 * docker-compose service, an Aspire AppHost resource, or the defaults a service's code and Dockerfile hold.
 * {@code origin} is how warnings name it ("deployment", "compose service"). {@code addOn}, when present, says why
 * the workload belongs to an optional add-on of the repository (a monitoring compose file, a profile);
 * {@code aliases} are other host names it answers to (compose {@code hostname}, {@code container_name}, network
 * aliases, {@code links} aliases).
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
        Optional<String> buildPath,
        Optional<String> dockerfile,
        List<EdgeEvidence> references,
        Optional<String> addOn,
        List<String> aliases) {

    Workload {
        labels = Map.copyOf(labels);
        ports = List.copyOf(ports);
        namedPorts = Map.copyOf(namedPorts);
        env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
        references = List.copyOf(references);
        aliases = List.copyOf(aliases);
    }

    /** The same workload with more evidence of whom it calls (NetworkPolicies are read after the workloads). */
    Workload withReferences(List<EdgeEvidence> more) {
        List<EdgeEvidence> all = new java.util.ArrayList<>(references);
        all.addAll(more);
        return new Workload(origin, name, file, namespace, labels, image, ports, namedPorts, env, healthPath, replicas,
                stateful, buildPath, dockerfile, all, addOn, aliases);
    }

    /** Code defaults and Dockerfile ENV are already in the image: they say whom it calls but are not written as env. */
    boolean writesEnv() {
        return !origin.equals(CodeDefaults.ORIGIN);
    }

    boolean fromKubernetes() {
        return java.util.Set.of("deployment", "statefulset", "rollout").contains(origin);
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
