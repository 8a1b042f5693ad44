package dev.slipway.generate.deploy;

import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.Generator;
import dev.slipway.generate.support.Yaml;
import dev.slipway.model.Environment;
import dev.slipway.model.Service;
import dev.slipway.model.SystemSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * For every canary and blue-green service, per environment: one Service per track ({@code web-stable},
 * {@code web-canary}; {@code api-blue}, {@code api-green}) and an HTTPRoute whose weighted backendRefs split
 * traffic between them, starting at 100/0.
 * <p>
 * Convention: the routes attach to a Gateway named after the system in the environment's namespace (the
 * platform team provides it, with a listener that allows routes from that namespace) and answer for the host
 * {@code SERVICE.SYSTEM.internal}, so several services can share the one Gateway.
 * <pre>deploy/gateway-api/ENV/SERVICE.yaml</pre>
 */
public final class GatewayApiRouting implements Generator {

    static final String API = "gateway.networking.k8s.io/v1";

    @Override
    public String target() {
        return "gateway-api";
    }

    @Override
    public String description() {
        return "Gateway API HTTPRoutes with weighted per-track backends for canary and blue-green services";
    }

    @Override
    public List<GeneratedFile> generate(SystemSpec spec) {
        List<GeneratedFile> files = new ArrayList<>();
        for (Environment environment : spec.environments()) {
            for (Service service : Routing.routedServices(spec, target())) {
                List<Object> documents = new ArrayList<>();
                for (String track : Tracks.of(service).both()) {
                    documents.add(trackService(spec, service, environment, track));
                }
                documents.add(httpRoute(spec, service, environment));
                files.add(DeployFiles.yaml("deploy/gateway-api/" + environment.name() + "/" + service.name() + ".yaml",
                        documents));
            }
        }
        return files;
    }

    /** The Gateway every route of an environment attaches to, by convention. */
    static String gatewayName(SystemSpec spec) {
        return spec.system().name();
    }

    static String hostname(SystemSpec spec, Service service) {
        return service.name() + "." + spec.system().name() + ".internal";
    }

    static Map<String, Object> trackService(SystemSpec spec, Service service, Environment environment, String track) {
        Map<String, Object> selector = new LinkedHashMap<>(Labels.selector(spec, service));
        selector.put(Labels.TRACK, track);
        Map<String, Object> object = Workloads.service(spec, service, Routing.trackService(service, track), selector, false);
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
        metadata.put("namespace", environment.namespace());
        return object;
    }

    static Map<String, Object> httpRoute(SystemSpec spec, Service service, Environment environment) {
        Tracks tracks = Tracks.of(service);
        List<Object> backends = new ArrayList<>();
        for (String track : tracks.both()) {
            backends.add(Yaml.map(
                    "name", Routing.trackService(service, track),
                    "port", service.port().orElseThrow(),
                    "weight", track.equals(tracks.serving()) ? 100 : 0));
        }
        Map<String, Object> labels = new LinkedHashMap<>(Labels.environment(spec, environment));
        labels.put(Labels.NAME, service.name());
        return Yaml.map(
                "apiVersion", API,
                "kind", "HTTPRoute",
                "metadata", Yaml.map("name", service.name(), "namespace", environment.namespace(), "labels", labels),
                "spec", Yaml.map(
                        "parentRefs", List.of(Yaml.map(
                                "group", "gateway.networking.k8s.io",
                                "kind", "Gateway",
                                "name", gatewayName(spec))),
                        "hostnames", List.of(hostname(spec, service)),
                        "rules", List.of(Yaml.map(
                                "matches", List.of(Yaml.map("path", Yaml.map("type", "PathPrefix", "value", "/"))),
                                "backendRefs", backends))));
    }
}
