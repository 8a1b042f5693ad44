package dev.slipway.kubernetes;

import dev.slipway.model.SmokeTest;
import dev.slipway.model.TrafficRouting;
import dev.slipway.release.Deployed;
import dev.slipway.release.Inventory;
import dev.slipway.release.Track;
import dev.slipway.release.TrackState;
import dev.slipway.release.cluster.Cluster;
import dev.slipway.release.cluster.RolloutStatus;
import dev.slipway.release.cluster.SmokeAnswer;
import dev.slipway.release.cluster.TrackSpec;
import dev.slipway.release.cluster.TrackStatus;
import dev.slipway.release.time.Clock;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The release engine's {@link Cluster} on Kubernetes: one Deployment per track ({@code SERVICE} for stable,
 * {@code SERVICE-canary}, {@code -blue}, {@code -green}; a Deployment the generator wrote is found by its labels
 * whatever its name), traffic split per {@link TrafficRouting}, blue-green switched through Service selectors,
 * and rollout status read from the Deployments' status as {@code kubectl rollout status} reads it, with the
 * restarts of each track's pods.
 * <p>
 * Threads: the engine calls this on the clock's thread; watch events and probe answers arrive on the client's
 * threads and are handed to the clock with {@code clock.after(Duration.ZERO, ...)}, so the clock must accept
 * that call from any thread (a real-time clock does; a test that drives a {@code VirtualClock} must serialise it).
 */
public final class KubernetesCluster implements Cluster {

    /** Attempts of a read-modify-write that loses a race with the Deployment controller's status writes (409). */
    private static final int ATTEMPTS = 5;

    private final KubernetesClient client;
    private final Clock clock;
    private final KubernetesOptions options;
    private final TrafficRoutes routes;
    private final Services services;
    private final Map<String, StatusWatch> watches = new HashMap<>();

    public KubernetesCluster(KubernetesClient client, Clock clock, KubernetesOptions options) {
        this.client = client;
        this.clock = clock;
        this.options = options;
        this.routes = new TrafficRoutes(client, options);
        this.services = new Services(client, options);
    }

    @Override
    public void apply(TrackSpec desired) {
        String namespace = options.namespace(desired.environment());
        Optional<Deployment> existing = find(namespace, desired.service(), desired.track());
        if (existing.isEmpty()) {
            client.apps().deployments().inNamespace(namespace)
                    .resource(atShare(Optional.empty(), Deployments.create(desired, namespace, options), desired))
                    .create();
        } else {
            modify(namespace, existing.get().getMetadata().getName(),
                    d -> atShare(Optional.of(d), Deployments.update(d, desired), desired));
        }
        if (Services.blueGreen(desired.track())) {
            // the new colour is reachable through the preview Service before any traffic switches to it
            Track live = services.live(namespace, desired.service())
                    .orElse(find(namespace, desired.service(), Services.other(desired.track())).isPresent()
                            ? Services.other(desired.track()) : desired.track());
            services.switchTo(namespace, desired.service(), live);
        }
    }

    @Override
    public void route(String environment, String service, Map<Track, Integer> weights) {
        int total = weights.values().stream().mapToInt(Integer::intValue).sum();
        if (total != 100) {
            throw new IllegalArgumentException("weights of " + service + " add up to " + total + ": " + weights);
        }
        String namespace = options.namespace(environment);
        Map<Track, Integer> ordered = new EnumMap<>(weights);
        boolean blueGreen = ordered.keySet().stream().anyMatch(Services::blueGreen);
        if (blueGreen && options.routing() != TrafficRouting.ISTIO) {
            Track live = ordered.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            services.switchTo(namespace, service, live);
        }
        switch (options.routing()) {
            case ISTIO -> routes.write(namespace, service, ordered);
            case GATEWAY_API -> {
                ordered.keySet().forEach(track -> services.ensureTrackService(namespace, service, track));
                routes.write(namespace, service, ordered);
            }
            case REPLICAS -> {
                if (!blueGreen) {
                    ordered.forEach((track, weight) -> scale(namespace, service, track, weight));
                }
            }
        }
    }

    /**
     * Without a mesh a track's replicas are its traffic share, and route sets them. A canary has no share before its
     * first route, and with all its replicas it would take that many pods' share of the traffic the moment it is
     * up: it is applied with the smallest share a routed track has, one pod, and route scales it from there (the
     * engine routes the first step as soon as the canary is up). Applied again, it keeps the share it was routed to.
     */
    private Deployment atShare(Optional<Deployment> before, Deployment applied, TrackSpec desired) {
        if (options.routing() != TrafficRouting.REPLICAS || desired.track() != Track.CANARY) {
            return applied;
        }
        Optional<String> weight = before.map(d -> Deployments.annotations(d.getMetadata()).get(Labels.WEIGHT));
        applied.getSpec().setReplicas(weight.map(w -> Deployments.share(desired.replicas(), Integer.parseInt(w)))
                .orElse(Math.min(1, desired.replicas())));
        weight.ifPresent(w -> {
            Map<String, String> annotations = Deployments.annotations(applied.getMetadata());
            annotations.put(Labels.WEIGHT, w);
            applied.getMetadata().setAnnotations(annotations);
        });
        return applied;
    }

    /** Without a mesh a track's share of the traffic is its share of the pods. */
    private void scale(String namespace, String service, Track track, int weight) {
        find(namespace, service, track).ifPresent(found -> modify(namespace, found.getMetadata().getName(), d -> {
            Deployment scaled = new DeploymentBuilder(d).build();
            scaled.getSpec().setReplicas(Deployments.share(Deployments.fullReplicas(d), weight));
            Map<String, String> annotations = Deployments.annotations(d.getMetadata());
            annotations.put(Labels.WEIGHT, Integer.toString(weight));
            scaled.getMetadata().setAnnotations(annotations);
            return scaled;
        }));
    }

    @Override
    public void remove(String environment, String service, Track track) {
        String namespace = options.namespace(environment);
        find(namespace, service, track).ifPresent(d ->
                client.apps().deployments().inNamespace(namespace).withName(d.getMetadata().getName()).delete());
        services.removePreview(namespace, service, track);
    }

    @Override
    public void watch(String environment, Consumer<TrackStatus> listener) {
        StatusWatch previous = watches.remove(environment);
        if (previous != null) {
            previous.close();
        }
        StatusWatch watch = new StatusWatch(client, clock, options.namespace(environment), environment, listener);
        watches.put(environment, watch);
        watch.start();
    }

    /** Stops every watch (the client stays open: it belongs to the caller). */
    public void close() {
        watches.values().forEach(StatusWatch::close);
        watches.clear();
    }

    /**
     * Through the API server's service proxy to the preview Service while the colour takes no traffic (else to the
     * main one). The client retries a 5xx answer as it
     * retries every request (its {@code requestRetryBackoffLimit}, exponential back-off from
     * {@code requestRetryBackoffInterval}: some 20 s by default), which lets the smoke test through the moment
     * the preview's endpoints lag the track's readiness (the proxy answers 503 then); a health path that still
     * answers 5xx after that fails it.
     */
    @Override
    public void probe(String environment, String service, Track track, String path, Consumer<Boolean> healthy) {
        smoke(environment, service, track, SmokeTest.health(path), answer -> healthy.accept(answer.passed()));
    }

    /**
     * One smoke test through the service proxy (see {@link #probe}): its method (a POST with an empty JSON body),
     * its timeout, then the answer's status and body against what the test expects.
     */
    @Override
    public void smoke(String environment, String service, Track track, SmokeTest test, Consumer<SmokeAnswer> answer) {
        String namespace = options.namespace(environment);
        boolean preview = Services.blueGreen(track) && services.live(namespace, service).map(l -> l != track)
                .orElse(options.routing() == TrafficRouting.ISTIO);
        String target = preview ? service + Services.PREVIEW : service;
        URI uri = URI.create(client.getMasterUrl().toString()).resolve(probePath(namespace, target,
                options.port(service).map(String::valueOf).orElse("http"), test.path()));
        HttpClient http = client.getHttpClient();
        HttpRequest.Builder request = http.newHttpRequestBuilder().uri(uri)
                .timeout(test.timeout().toMillis(), TimeUnit.MILLISECONDS);
        if (!test.method().equals(SmokeTest.DEFAULT_METHOD)) {
            request.method(test.method(), "application/json", test.method().equals("POST") ? "{}" : null);
        }
        http.sendAsync(request.build(), String.class).whenComplete((response, error) -> {
            SmokeAnswer result = error != null
                    ? new SmokeAnswer(false, test.describe() + ": no answer (" + error.getMessage() + ")")
                    : new SmokeAnswer(test.passes(response.code(), response.body()), test.describe() + ": "
                            + (test.passes(response.code(), response.body()) ? "passed" : "answered " + response.code()));
            clock.after(Duration.ZERO, () -> answer.accept(result));
        });
    }

    /** The API server's service proxy: {@code /api/v1/namespaces/NS/services/NAME:PORT/proxy/PATH}. */
    static String probePath(String namespace, String serviceName, String port, String path) {
        return "/api/v1/namespaces/" + namespace + "/services/" + serviceName + ":" + port + "/proxy"
                + (path.startsWith("/") ? path : "/" + path);
    }

    @Override
    public Inventory inventory(String environment) {
        String namespace = options.namespace(environment);
        Map<String, List<Deployment>> byService = new TreeMap<>();
        for (Deployment d : client.apps().deployments().inNamespace(namespace)
                .withLabel(Labels.MANAGED_BY, Labels.MANAGER).list().getItems()) {
            Deployments.service(d).ifPresent(s -> byService.computeIfAbsent(s, k -> new ArrayList<>()).add(d));
        }
        Inventory inventory = Inventory.empty(environment);
        for (Map.Entry<String, List<Deployment>> e : byService.entrySet()) {
            Optional<Deployed> deployed = deployed(environment, namespace, e.getKey(), e.getValue());
            if (deployed.isPresent()) {
                inventory = inventory.with(deployed.get());
            }
        }
        return inventory;
    }

    /** Kustomize overlays start at this tag: such a Deployment is "not installed". */
    static final String UNRELEASED = "0.0.0-unreleased";

    private Optional<Deployed> deployed(String environment, String namespace, String service,
                                        List<Deployment> deployments) {
        Map<Track, Deployment> tracks = new EnumMap<>(Track.class);
        deployments.forEach(d -> tracks.put(Deployments.track(d), d));
        Map<Track, Integer> weights = weights(namespace, service, tracks);
        Track serving = weights.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        Deployment main = tracks.get(serving);
        String version = Deployments.version(main);
        if (version.equals(UNRELEASED)) {
            return Optional.empty();
        }
        List<TrackState> states = new ArrayList<>();
        tracks.forEach((track, d) -> states.add(new TrackState(track, Deployments.version(d), weights.get(track))));
        Integer replicas = main.getSpec().getReplicas();
        boolean healthy = RolloutStatus.of(Deployments.status(environment, main), replicas == null ? 1 : replicas)
                == RolloutStatus.COMPLETE;
        return Optional.of(new Deployed(service, version, Deployments.digest(main), states, healthy,
                Deployments.ranges(main)));
    }

    /**
     * The weights of the tracks that exist, adding up to 100: from the routing object, the replica-ratio
     * annotations or the blue-green selector; when those do not add up over the existing tracks (nothing routed
     * yet, or a routed track is gone), the serving track takes everything.
     */
    private Map<Track, Integer> weights(String namespace, String service, Map<Track, Deployment> tracks) {
        Map<Track, Integer> routed = new EnumMap<>(Track.class);
        switch (options.routing()) {
            case ISTIO, GATEWAY_API -> routes.read(namespace, service).ifPresent(routed::putAll);
            case REPLICAS -> tracks.forEach((track, d) -> Optional.ofNullable(
                    Deployments.annotations(d.getMetadata()).get(Labels.WEIGHT))
                    .ifPresent(w -> routed.put(track, Integer.parseInt(w))));
        }
        if (routed.isEmpty() && tracks.keySet().stream().anyMatch(Services::blueGreen)) {
            services.live(namespace, service).ifPresent(live -> routed.put(live, 100));
        }
        Map<Track, Integer> weights = new EnumMap<>(Track.class);
        tracks.keySet().forEach(track -> weights.put(track, routed.getOrDefault(track, 0)));
        if (weights.values().stream().mapToInt(Integer::intValue).sum() != 100) {
            Track serving = weights.entrySet().stream().filter(w -> w.getValue() > 0).map(Map.Entry::getKey)
                    .findFirst().orElseGet(() -> tracks.containsKey(Track.STABLE) ? Track.STABLE
                            : tracks.keySet().iterator().next());
            weights.replaceAll((track, w) -> track == serving ? 100 : 0);
        }
        return weights;
    }

    /** The Deployment of one track of a service, by labels, so that one the generator wrote is found too. */
    private Optional<Deployment> find(String namespace, String service, Track track) {
        return client.apps().deployments().inNamespace(namespace).withLabel(Labels.NAME, service).list().getItems()
                .stream().filter(d -> Deployments.track(d) == track)
                .min(java.util.Comparator.comparing(d -> d.getMetadata().getName()));
    }

    /**
     * Read, change, write back, with the status as read (a full update without it would wipe it in the mock
     * server; a real API server ignores it). A write that changes nothing is not sent, so an idempotent apply
     * brings no new generation and no new status. Retried on a conflict with the controller's status writes.
     */
    private void modify(String namespace, String name, UnaryOperator<Deployment> change) {
        for (int attempt = 1; ; attempt++) {
            Deployment current = client.apps().deployments().inNamespace(namespace).withName(name).get();
            Deployment changed = change.apply(current);
            if (changed.equals(current)) {
                return;
            }
            try {
                client.apps().deployments().inNamespace(namespace).resource(changed).update();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
