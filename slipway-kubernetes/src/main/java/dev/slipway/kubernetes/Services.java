package dev.slipway.kubernetes;

import dev.slipway.release.Track;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Kubernetes Services the adapter keeps: for blue-green, {@code SERVICE} selects the live track and
 * {@code SERVICE-preview} the other (the smoke test goes through it); with the Gateway API, one Service per track
 * ({@code SERVICE-TRACK}) as backendRefs. A service without a port has no Service.
 */
final class Services {

    static final String PREVIEW = "-preview";

    private final KubernetesClient client;
    private final KubernetesOptions options;

    Services(KubernetesClient client, KubernetesOptions options) {
        this.client = client;
        this.options = options;
    }

    static boolean blueGreen(Track track) {
        return track == Track.BLUE || track == Track.GREEN;
    }

    static Track other(Track track) {
        return track == Track.BLUE ? Track.GREEN : Track.BLUE;
    }

    /** The track the main Service selects, if it selects one. */
    Optional<Track> live(String namespace, String service) {
        return get(namespace, service).map(s -> s.getSpec().getSelector()).map(s -> s.get(Labels.TRACK))
                .map(keyword -> Track.valueOf(keyword.toUpperCase(java.util.Locale.ROOT)));
    }

    /** Main Service on {@code live}, preview on the other track; created when missing. */
    void switchTo(String namespace, String service, Track live) {
        select(namespace, service, service, Optional.of(live));
        select(namespace, service, service + PREVIEW, Optional.of(other(live)));
    }

    /** The per-track Service a Gateway API backendRef names. */
    void ensureTrackService(String namespace, String service, Track track) {
        if (get(namespace, service + "-" + track.keyword()).isEmpty()) {
            select(namespace, service, service + "-" + track.keyword(), Optional.of(track));
        }
    }

    /** Removes the preview Service when it selects {@code track} (the track is going away). */
    void removePreview(String namespace, String service, Track track) {
        get(namespace, service + PREVIEW)
                .filter(s -> track.keyword().equals(s.getSpec().getSelector().get(Labels.TRACK)))
                .ifPresent(s -> client.services().inNamespace(namespace).withName(s.getMetadata().getName()).delete());
    }

    private void select(String namespace, String service, String name, Optional<Track> track) {
        Optional<Integer> port = options.port(service);
        if (port.isEmpty()) {
            return;
        }
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put(Labels.NAME, service);
        selector.put(Labels.INSTANCE, options.instance(service));
        track.ifPresent(t -> selector.put(Labels.TRACK, t.keyword()));
        Optional<Service> existing = get(namespace, name);
        if (existing.isPresent()) {
            Service s = new ServiceBuilder(existing.get()).build();
            if (selector.equals(s.getSpec().getSelector())) {
                return;
            }
            s.getSpec().setSelector(selector);
            client.services().inNamespace(namespace).resource(s).update();
            return;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.NAME, service);
        labels.put(Labels.MANAGED_BY, Labels.MANAGER);
        client.services().inNamespace(namespace).resource(new ServiceBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels).endMetadata()
                .withNewSpec().withType("ClusterIP").withSelector(selector)
                .addNewPort().withName("http").withPort(port.get()).withTargetPort(new IntOrString("http"))
                .withProtocol("TCP").endPort()
                .endSpec().build()).create();
    }

    private Optional<Service> get(String namespace, String name) {
        return Optional.ofNullable(client.services().inNamespace(namespace).withName(name).get());
    }
}
