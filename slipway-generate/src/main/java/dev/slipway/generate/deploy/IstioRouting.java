package dev.slipway.generate.deploy;

import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.Generator;
import dev.slipway.generate.support.Yaml;
import dev.slipway.model.Environment;
import dev.slipway.model.Service;
import dev.slipway.model.SystemSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * For every canary and blue-green service, per environment: a DestinationRule with one subset per track
 * (pods labelled {@code slipway.dev/track}) and a VirtualService that splits the service's traffic between
 * them, starting at 100/0. The release engine moves the weights; the route is named so it can find it.
 * <pre>deploy/istio/ENV/SERVICE.yaml</pre>
 */
public final class IstioRouting implements Generator {

    static final String API = "networking.istio.io/v1";
    /** The name of the weighted route in each VirtualService, which the release engine patches. */
    static final String ROUTE = "tracks";

    @Override
    public String target() {
        return "istio";
    }

    @Override
    public String description() {
        return "Istio VirtualService and DestinationRule for canary and blue-green services";
    }

    @Override
    public List<GeneratedFile> generate(SystemSpec spec) {
        List<GeneratedFile> files = new ArrayList<>();
        for (Environment environment : spec.environments()) {
            for (Service service : Routing.routedServices(spec, target())) {
                files.add(DeployFiles.yaml("deploy/istio/" + environment.name() + "/" + service.name() + ".yaml",
                        destinationRule(spec, service, environment), virtualService(spec, service, environment)));
            }
        }
        return files;
    }

    static Map<String, Object> destinationRule(SystemSpec spec, Service service, Environment environment) {
        List<Object> subsets = new ArrayList<>();
        for (String track : Tracks.of(service).both()) {
            subsets.add(Yaml.map("name", track, "labels", Yaml.map(Labels.TRACK, track)));
        }
        return Yaml.map(
                "apiVersion", API,
                "kind", "DestinationRule",
                "metadata", metadata(spec, service, environment),
                "spec", Yaml.map(
                        "host", Routing.host(service.name(), environment),
                        "subsets", subsets));
    }

    static Map<String, Object> virtualService(SystemSpec spec, Service service, Environment environment) {
        String host = Routing.host(service.name(), environment);
        Tracks tracks = Tracks.of(service);
        List<Object> destinations = new ArrayList<>();
        for (String track : tracks.both()) {
            destinations.add(Yaml.map(
                    "destination", Yaml.map("host", host, "subset", track,
                            "port", Yaml.map("number", service.port().orElseThrow())),
                    "weight", track.equals(tracks.serving()) ? 100 : 0));
        }
        return Yaml.map(
                "apiVersion", API,
                "kind", "VirtualService",
                "metadata", metadata(spec, service, environment),
                "spec", Yaml.map(
                        "hosts", List.of(host),
                        "http", List.of(Yaml.map("name", ROUTE, "route", destinations))));
    }

    private static Map<String, Object> metadata(SystemSpec spec, Service service, Environment environment) {
        Map<String, Object> labels = new java.util.LinkedHashMap<>(Labels.environment(spec, environment));
        labels.put(Labels.NAME, service.name());
        return Yaml.map("name", service.name(), "namespace", environment.namespace(), "labels", labels);
    }
}
