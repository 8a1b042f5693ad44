package dev.slipway.kubernetes;

import dev.slipway.model.VersionRange;
import dev.slipway.release.Track;
import dev.slipway.release.cluster.TrackSpec;
import dev.slipway.release.cluster.TrackStatus;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * One track's Deployment: built from a {@link TrackSpec}, brought up to date from one, and read back as a
 * {@link TrackStatus} or the version, digest and ranges it runs. Pure: no calls to the API server.
 */
final class Deployments {

    /** Kubernetes' default; the generator writes it too. */
    static final int PROGRESS_DEADLINE_SECONDS = 600;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Deployments() {
    }

    /** {@code web} for the stable track, {@code web-canary}, {@code web-blue}, {@code web-green} for the others. */
    static String name(String service, Track track) {
        return track == Track.STABLE ? service : service + "-" + track.keyword();
    }

    /** The track of a Deployment: its selector's track label (the generator puts it only there), else stable. */
    static Track track(Deployment deployment) {
        String keyword = Optional.ofNullable(deployment.getSpec().getSelector())
                .map(s -> s.getMatchLabels()).map(l -> l.get(Labels.TRACK))
                .or(() -> Optional.ofNullable(labels(deployment.getMetadata()).get(Labels.TRACK)))
                .orElse(Track.STABLE.keyword());
        return Track.valueOf(keyword.toUpperCase(Locale.ROOT));
    }

    static Optional<String> service(Deployment deployment) {
        return Optional.ofNullable(labels(deployment.getMetadata()).get(Labels.NAME));
    }

    /**
     * The exact version Slipway recorded; else the version label; else the image's tag (generated Deployments of
     * built services carry no version label).
     */
    static String version(Deployment deployment) {
        String recorded = annotations(deployment.getMetadata()).get(Labels.RELEASED_VERSION);
        if (recorded != null) {
            return recorded;
        }
        String label = labels(deployment.getMetadata()).get(Labels.VERSION);
        if (label != null) {
            return label;
        }
        String image = container(deployment).getImage();
        String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int slash = withoutDigest.lastIndexOf('/');
        int colon = withoutDigest.lastIndexOf(':');
        return colon > slash ? withoutDigest.substring(colon + 1) : "latest";
    }

    static Optional<String> digest(Deployment deployment) {
        String annotation = annotations(deployment.getMetadata()).get(Labels.DIGEST);
        if (annotation != null) {
            return Optional.of(annotation);
        }
        String image = container(deployment).getImage();
        return image.contains("@") ? Optional.of(image.substring(image.indexOf('@') + 1)) : Optional.empty();
    }

    /** The recorded ranges; empty when the version was installed without them (not by Slipway). */
    static Optional<Map<String, VersionRange>> ranges(Deployment deployment) {
        String json = annotations(deployment.getMetadata()).get(Labels.RANGES);
        if (json == null) {
            return Optional.empty();
        }
        return Optional.of(VersionRange.parseAll(JSON.readValue(json,
                new TypeReference<LinkedHashMap<String, String>>() { })));
    }

    /** The replicas the track was applied with; routing without a mesh may have scaled it below that. */
    static int fullReplicas(Deployment deployment) {
        String annotation = annotations(deployment.getMetadata()).get(Labels.REPLICAS);
        if (annotation != null) {
            return Integer.parseInt(annotation);
        }
        Integer replicas = deployment.getSpec().getReplicas();
        return replicas == null ? 1 : replicas;
    }

    static Deployment create(TrackSpec spec, String namespace, KubernetesOptions options) {
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put(Labels.NAME, spec.service());
        selector.put(Labels.INSTANCE, options.instance(spec.service()));
        selector.put(Labels.TRACK, spec.track().keyword());
        Container container = new ContainerBuilder().withName(spec.service()).build();
        options.port(spec.service()).ifPresent(port ->
                container.setPorts(List.of(new io.fabric8.kubernetes.api.model.ContainerPortBuilder()
                        .withName("http").withContainerPort(port).withProtocol("TCP").build())));
        Deployment deployment = new DeploymentBuilder()
                .withNewMetadata().withName(name(spec.service(), spec.track())).withNamespace(namespace)
                .withLabels(new LinkedHashMap<>(selector)).endMetadata()
                .withNewSpec()
                .withProgressDeadlineSeconds(PROGRESS_DEADLINE_SECONDS)
                .withNewSelector().withMatchLabels(selector).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(new LinkedHashMap<>(selector)).endMetadata()
                .withNewSpec().withContainers(container).endSpec().endTemplate()
                .endSpec().build();
        return update(deployment, spec);
    }

    /**
     * {@code existing} with the spec's version, image, replicas, rollout limits, labels and annotations; the
     * selector is left alone (it is immutable) and so is everything else (probes, resources the generator wrote).
     */
    static Deployment update(Deployment existing, TrackSpec spec) {
        Deployment d = new DeploymentBuilder(existing).build();
        Map<String, String> labels = labels(d.getMetadata());
        labels.put(Labels.NAME, spec.service());
        labels.put(Labels.VERSION, versionLabel(spec.version()));
        labels.put(Labels.TRACK, spec.track().keyword());
        labels.put(Labels.MANAGED_BY, Labels.MANAGER);
        d.getMetadata().setLabels(labels);
        Map<String, String> annotations = annotations(d.getMetadata());
        annotations.put(Labels.RELEASED_VERSION, spec.version());
        annotations.put(Labels.RANGES, JSON.writeValueAsString(new TreeMap<>(VersionRange.texts(spec.ranges()))));
        annotations.put(Labels.REPLICAS, Integer.toString(spec.replicas()));
        annotations.remove(Labels.WEIGHT);
        spec.digest().ifPresentOrElse(digest -> annotations.put(Labels.DIGEST, digest),
                () -> annotations.remove(Labels.DIGEST));
        d.getMetadata().setAnnotations(annotations);
        d.getSpec().setReplicas(spec.replicas());
        d.getSpec().setStrategy(new io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder()
                .withType("RollingUpdate").withNewRollingUpdate()
                .withMaxSurge(intOrPercent(spec.maxSurge())).withMaxUnavailable(intOrPercent(spec.maxUnavailable()))
                .endRollingUpdate().build());
        Map<String, String> podLabels = labels(d.getSpec().getTemplate().getMetadata());
        podLabels.put(Labels.VERSION, versionLabel(spec.version()));
        podLabels.put(Labels.TRACK, spec.track().keyword());
        d.getSpec().getTemplate().getMetadata().setLabels(podLabels);
        container(d).setImage(image(spec));
        return d;
    }

    /** The spec's image, pinned to its digest when it has one and the reference does not pin it yet. */
    static String image(TrackSpec spec) {
        return spec.digest().filter(digest -> !spec.image().contains("@"))
                .map(digest -> spec.image() + "@" + digest).orElse(spec.image());
    }

    /**
     * The Deployment's status in the engine's terms, without restarts: they are the pods' ({@link #restarts}), and
     * whether a rollout is complete does not depend on them.
     */
    static TrackStatus status(String environment, Deployment d) {
        return status(environment, d, 0);
    }

    /**
     * The Deployment's status in the engine's terms, with the restarts of its current pods. A track that routing
     * without a mesh scaled below the replicas it was applied with reports the count it was scaled to.
     */
    static TrackStatus status(String environment, Deployment d, int restarts) {
        DeploymentStatus s = Optional.ofNullable(d.getStatus()).orElseGet(DeploymentStatus::new);
        boolean deadlineExceeded = Optional.ofNullable(s.getConditions()).orElse(List.of()).stream()
                .anyMatch(Deployments::progressDeadlineExceeded);
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        OptionalInt scaledTo = replicas < fullReplicas(d) ? OptionalInt.of(replicas) : OptionalInt.empty();
        return new TrackStatus(environment, service(d).orElseThrow(), track(d), version(d),
                orZero(d.getMetadata().getGeneration()), orZero(s.getObservedGeneration()),
                orZero(s.getReplicas()), orZero(s.getUpdatedReplicas()), orZero(s.getReadyReplicas()),
                orZero(s.getAvailableReplicas()), restarts, deadlineExceeded, scaledTo);
    }

    /**
     * The container restarts of the track's current pods: those its selector selects that run the version of its
     * pod template (a rolling update's old pods are going away; their restarts are the old version's). Only the
     * selector's matchLabels count: Slipway and its generator write no matchExpressions.
     */
    static int restarts(Deployment d, Collection<Pod> pods) {
        Map<String, String> selector = Optional.ofNullable(d.getSpec().getSelector())
                .map(LabelSelector::getMatchLabels).orElse(Map.of());
        if (selector.isEmpty()) {
            return 0; // selects nothing we can tell
        }
        String version = labels(d.getSpec().getTemplate().getMetadata()).get(Labels.VERSION);
        int restarts = 0;
        for (Pod pod : pods) {
            Map<String, String> labels = labels(pod.getMetadata());
            if (labels.entrySet().containsAll(selector.entrySet())
                    && (version == null || version.equals(labels.get(Labels.VERSION)))) {
                restarts += restarts(pod);
            }
        }
        return restarts;
    }

    static int restarts(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return 0;
        }
        return pod.getStatus().getContainerStatuses().stream().mapToInt(c -> orZero(c.getRestartCount())).sum();
    }

    /**
     * Without a mesh a track's share of the traffic is its share of the pods: replicas ∝ weight, and at least one
     * for a track that takes any traffic.
     */
    static int share(int fullReplicas, int weight) {
        return weight == 0 ? 0 : Math.max(1, Math.round(fullReplicas * weight / 100f));
    }

    private static boolean progressDeadlineExceeded(DeploymentCondition c) {
        return "Progressing".equals(c.getType()) && "False".equals(c.getStatus())
                && "ProgressDeadlineExceeded".equals(c.getReason());
    }

    static Container container(Deployment d) {
        List<Container> containers = d.getSpec().getTemplate().getSpec().getContainers();
        String service = service(d).orElse("");
        return containers.stream().filter(c -> c.getName().equals(service)).findFirst()
                .orElse(containers.getFirst());
    }

    static Map<String, String> labels(ObjectMeta meta) {
        return meta == null || meta.getLabels() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(meta.getLabels());
    }

    static Map<String, String> annotations(ObjectMeta meta) {
        return meta == null || meta.getAnnotations() == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(meta.getAnnotations());
    }

    /** "25%" stays a percentage, "1" becomes the integer 1, as the Deployment API wants them. */
    private static IntOrString intOrPercent(String value) {
        return value.endsWith("%") ? new IntOrString(value) : new IntOrString(Integer.parseInt(value));
    }

    /** A label value is at most 63 characters of [A-Za-z0-9-_.]; a semver build suffix '+' is replaced. */
    static String versionLabel(String version) {
        String value = version.replaceAll("[^A-Za-z0-9._-]", "-");
        return value.length() <= 63 ? value : value.substring(0, 63);
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
