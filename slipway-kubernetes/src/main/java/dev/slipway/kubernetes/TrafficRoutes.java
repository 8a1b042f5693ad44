package dev.slipway.kubernetes;

import dev.slipway.release.Track;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Weights in the mesh's routing object: an Istio VirtualService whose route named {@code tracks} sends each
 * track's share to the DestinationRule subset of that track (the objects the istio generator writes), or a Gateway
 * API HTTPRoute whose backendRefs are the per-track Services {@code SERVICE-TRACK} (as the gateway-api generator
 * writes them). Objects the generator wrote are updated in place (only the weighted destinations change); missing
 * ones are created the way the generator would. Generic resources: the adapter needs no mesh model classes.
 */
final class TrafficRoutes {

    static final ResourceDefinitionContext VIRTUAL_SERVICE = context("networking.istio.io", "v1", "VirtualService",
            "virtualservices");
    static final ResourceDefinitionContext DESTINATION_RULE = context("networking.istio.io", "v1",
            "DestinationRule", "destinationrules");
    static final ResourceDefinitionContext HTTP_ROUTE = context("gateway.networking.k8s.io", "v1", "HTTPRoute",
            "httproutes");
    /** The name of the weighted route in a VirtualService, as the istio generator names it. */
    static final String ROUTE = "tracks";

    private final KubernetesClient client;
    private final KubernetesOptions options;

    TrafficRoutes(KubernetesClient client, KubernetesOptions options) {
        this.client = client;
        this.options = options;
    }

    private static ResourceDefinitionContext context(String group, String version, String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }

    /** The weights the routing object holds now; empty when there is none. */
    Optional<Map<Track, Integer>> read(String namespace, String service) {
        return switch (options.routing()) {
            case ISTIO -> get(VIRTUAL_SERVICE, namespace, service).map(vs -> weights(destinations(vs), "subset"));
            case GATEWAY_API -> get(HTTP_ROUTE, namespace, service).map(route -> weights(backends(route), "name"));
            case REPLICAS -> Optional.empty();
        };
    }

    void write(String namespace, String service, Map<Track, Integer> weights) {
        switch (options.routing()) {
            case ISTIO -> {
                ensureSubsets(namespace, service, weights);
                writeVirtualService(namespace, service, weights);
            }
            case GATEWAY_API -> writeHttpRoute(namespace, service, weights);
            case REPLICAS -> throw new IllegalStateException("no routing object without a mesh");
        }
    }

    // ---- Istio ------------------------------------------------------------------------------------------------

    private void writeVirtualService(String namespace, String service, Map<Track, Integer> weights) {
        String host = service + "." + namespace + ".svc.cluster.local";
        Optional<GenericKubernetesResource> existing = get(VIRTUAL_SERVICE, namespace, service);
        GenericKubernetesResource vs = existing.orElseGet(() -> resource(VIRTUAL_SERVICE, namespace, service,
                map("hosts", List.of(host), "http", new ArrayList<>(List.of(map("name", ROUTE, "route", List.of()))))));
        Map<String, Object> route = trackRoute(vs);
        List<Object> destinations = new ArrayList<>();
        for (Map.Entry<Track, Integer> e : weights.entrySet()) {
            Map<String, Object> destination = map("host", host, "subset", e.getKey().keyword());
            options.port(service).ifPresent(port -> destination.put("port", map("number", port)));
            destinations.add(map("destination", destination, "weight", e.getValue()));
        }
        route.put("route", destinations);
        save(VIRTUAL_SERVICE, namespace, vs, existing.isPresent());
    }

    /** The DestinationRule must name a subset for every routed track, or Istio answers 503 for it. */
    @SuppressWarnings("unchecked")
    private void ensureSubsets(String namespace, String service, Map<Track, Integer> weights) {
        Optional<GenericKubernetesResource> existing = get(DESTINATION_RULE, namespace, service);
        GenericKubernetesResource rule = existing.orElseGet(() -> resource(DESTINATION_RULE, namespace, service,
                map("host", service + "." + namespace + ".svc.cluster.local", "subsets", new ArrayList<>())));
        Map<String, Object> spec = (Map<String, Object>) rule.getAdditionalProperties().get("spec");
        List<Object> subsets = new ArrayList<>((List<Object>) spec.getOrDefault("subsets", List.of()));
        boolean changed = existing.isEmpty();
        for (Track track : weights.keySet()) {
            boolean present = subsets.stream().anyMatch(s -> track.keyword().equals(((Map<String, Object>) s).get("name")));
            if (!present) {
                subsets.add(map("name", track.keyword(), "labels", map(Labels.TRACK, track.keyword())));
                changed = true;
            }
        }
        if (changed) {
            spec.put("subsets", subsets);
            save(DESTINATION_RULE, namespace, rule, existing.isPresent());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> trackRoute(GenericKubernetesResource vs) {
        Map<String, Object> spec = (Map<String, Object>) vs.getAdditionalProperties().get("spec");
        List<Object> http = (List<Object>) spec.get("http");
        return http.stream().map(h -> (Map<String, Object>) h).filter(h -> ROUTE.equals(h.get("name"))).findFirst()
                .orElse((Map<String, Object>) http.getFirst());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> destinations(GenericKubernetesResource vs) {
        List<Map<String, Object>> flat = new ArrayList<>();
        for (Object d : (List<Object>) trackRoute(vs).getOrDefault("route", List.of())) {
            Map<String, Object> entry = (Map<String, Object>) d;
            Map<String, Object> row = new LinkedHashMap<>((Map<String, Object>) entry.get("destination"));
            row.put("weight", entry.getOrDefault("weight", 0));
            flat.add(row);
        }
        return flat;
    }

    // ---- Gateway API ------------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private void writeHttpRoute(String namespace, String service, Map<Track, Integer> weights) {
        Optional<GenericKubernetesResource> existing = get(HTTP_ROUTE, namespace, service);
        GenericKubernetesResource route = existing.orElseGet(() -> resource(HTTP_ROUTE, namespace, service, map(
                "parentRefs", List.of(map("group", "gateway.networking.k8s.io", "kind", "Gateway",
                        "name", options.system())),
                "hostnames", List.of(service + "." + options.system() + ".internal"),
                "rules", new ArrayList<>(List.of(map("matches",
                        List.of(map("path", map("type", "PathPrefix", "value", "/"))), "backendRefs", List.of()))))));
        List<Object> backends = new ArrayList<>();
        for (Map.Entry<Track, Integer> e : weights.entrySet()) {
            Map<String, Object> backend = map("name", service + "-" + e.getKey().keyword());
            options.port(service).ifPresent(port -> backend.put("port", port));
            backend.put("weight", e.getValue());
            backends.add(backend);
        }
        Map<String, Object> spec = (Map<String, Object>) route.getAdditionalProperties().get("spec");
        for (Object rule : (List<Object>) spec.get("rules")) {
            ((Map<String, Object>) rule).put("backendRefs", backends);
        }
        save(HTTP_ROUTE, namespace, route, existing.isPresent());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> backends(GenericKubernetesResource route) {
        Map<String, Object> spec = (Map<String, Object>) route.getAdditionalProperties().get("spec");
        List<Object> rules = (List<Object>) spec.getOrDefault("rules", List.of());
        if (rules.isEmpty()) {
            return List.of();
        }
        List<Map<String, Object>> flat = new ArrayList<>();
        for (Object b : (List<Object>) ((Map<String, Object>) rules.getFirst()).getOrDefault("backendRefs", List.of())) {
            Map<String, Object> row = new LinkedHashMap<>((Map<String, Object>) b);
            String name = String.valueOf(row.get("name"));
            row.put("name", name.substring(name.lastIndexOf('-') + 1)); // web-canary -> canary
            flat.add(row);
        }
        return flat;
    }

    // ---- shared -----------------------------------------------------------------------------------------------

    private static Map<Track, Integer> weights(List<Map<String, Object>> rows, String trackKey) {
        Map<Track, Integer> weights = new EnumMap<>(Track.class);
        for (Map<String, Object> row : rows) {
            String keyword = String.valueOf(row.get(trackKey)).toUpperCase(Locale.ROOT);
            for (Track track : Track.values()) {
                if (track.name().equals(keyword)) {
                    weights.put(track, ((Number) row.getOrDefault("weight", 0)).intValue());
                }
            }
        }
        return weights;
    }

    private Optional<GenericKubernetesResource> get(ResourceDefinitionContext type, String namespace, String name) {
        return Optional.ofNullable(client.genericKubernetesResources(type).inNamespace(namespace).withName(name).get());
    }

    private void save(ResourceDefinitionContext type, String namespace, GenericKubernetesResource object,
                      boolean exists) {
        var resource = client.genericKubernetesResources(type).inNamespace(namespace).resource(object);
        if (exists) {
            resource.update();
        } else {
            resource.create();
        }
    }

    private GenericKubernetesResource resource(ResourceDefinitionContext type, String namespace, String name,
                                               Map<String, Object> spec) {
        GenericKubernetesResource object = new GenericKubernetesResource();
        object.setApiVersion(type.getGroup() + "/" + type.getVersion());
        object.setKind(type.getKind());
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.NAME, name);
        labels.put(Labels.MANAGED_BY, Labels.MANAGER);
        object.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).withLabels(labels).build());
        object.setAdditionalProperty("spec", spec);
        return object;
    }

    /** A mutable ordered map from alternating keys and values. */
    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
