package dev.slipway.release.plan;

import dev.slipway.model.CanaryAnalysis;
import dev.slipway.model.Service;
import dev.slipway.model.SmokeTest;
import dev.slipway.model.SystemSpec;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What running one service's rollout needs besides its versions, resolved from the spec when the release is
 * planned and saved with the plan: the engine never reads the spec, so a release resumed after {@code slipway.yaml}
 * changed runs exactly as it was approved and started.
 *
 * @param repository where the service's images are (a built service's registry path, an external image's repository)
 * @param replicas   how many pods the service runs (at least one)
 * @param healthPath the path its smoke test and readiness ask
 * @param analysis   how its canary is judged
 * @param callers    every service whose {@code dependsOn} names it, in the release or not (the dependents' guard
 *                   watches them)
 * @param verifyWindow how long a completed rolling or blue-green rollout is watched before it counts as promoted
 *                   (zero: not at all)
 * @param smoke      what a blue-green rollout asks the new colour before the switch
 */
public record Execution(String repository, int replicas, String healthPath, CanaryAnalysis analysis,
                        List<String> callers, Duration verifyWindow, List<SmokeTest> smoke) {

    public Execution {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(healthPath, "healthPath");
        Objects.requireNonNull(analysis, "analysis");
        Objects.requireNonNull(verifyWindow, "verifyWindow");
        callers = List.copyOf(callers);
        smoke = smoke.isEmpty() ? List.of(SmokeTest.health(healthPath)) : List.copyOf(smoke);
        if (replicas < 1) {
            throw new IllegalArgumentException("replicas must be at least 1, got " + replicas);
        }
    }

    /**
     * Without a verification window and with the health path as the only smoke test: how plans saved before
     * verification existed run when resumed.
     */
    public Execution(String repository, int replicas, String healthPath, CanaryAnalysis analysis,
                     List<String> callers) {
        this(repository, replicas, healthPath, analysis, callers, Duration.ZERO, List.of());
    }

    /** The service as the spec describes it now. */
    public static Execution of(SystemSpec spec, Service service) {
        return of(spec, service, Optional.empty());
    }

    /**
     * The service as the spec describes it now, in an environment: one that names its own {@code registry} pulls
     * the images Slipway builds from there (a promotion copies them there by digest).
     */
    public static Execution of(SystemSpec spec, Service service, Optional<String> environmentRegistry) {
        List<String> callers = spec.services().stream()
                .filter(s -> s.dependsOn().stream().anyMatch(d -> d.service().equals(service.name())))
                .map(Service::name).toList();
        String repository = service.builtFromSource() && environmentRegistry.isPresent()
                ? environmentRegistry.get() + "/" + service.name() : repository(spec, service);
        return new Execution(repository, Math.max(1, service.replicas()), service.healthPath(), service.analysis(),
                callers, service.verify().window(), service.smokeTests());
    }

    /**
     * A version's image: {@code repository:version}, or {@code repository@digest} when pinned to a digest (the tag
     * would only be a name for it).
     */
    public String image(String version, Optional<String> digest) {
        return digest.map(d -> repository + "@" + d).orElse(repository + ":" + version);
    }

    /** Built images are {@code registry/service}; an external image keeps its repository, without tag or digest. */
    private static String repository(SystemSpec spec, Service service) {
        if (service.builtFromSource()) {
            return spec.system().imageRepository(service.name());
        }
        String external = service.image().orElseThrow();
        external = external.contains("@") ? external.substring(0, external.indexOf('@')) : external;
        int slash = external.lastIndexOf('/');
        int colon = external.lastIndexOf(':');
        return colon > slash ? external.substring(0, colon) : external;
    }
}
