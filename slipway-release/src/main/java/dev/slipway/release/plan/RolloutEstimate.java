package dev.slipway.release.plan;

import dev.slipway.model.Service;
import dev.slipway.model.Strategy;
import java.time.Duration;

/**
 * How long a service's rollout is expected to take, from its strategy, until it is promoted (the moment its
 * dependents may start):
 * <ul>
 *   <li>rolling: {@code ceil(replicas / batch) × podStartup}, where a batch (pods replaced per wave) is
 *       maxSurge + maxUnavailable as Kubernetes resolves them (a surge percentage rounds up, an unavailable
 *       percentage rounds down), at least 1;</li>
 *   <li>blue-green: {@code podStartup + smokeTest + trafficSwitch} (green starts in one wave; keeping blue for
 *       {@code scaleDownDelay} does not delay promotion);</li>
 *   <li>canary: {@code steps × stepInterval} (each weight step pauses one interval for its judgement).</li>
 * </ul>
 * A rolling or blue-green service's verification window ({@code verify.window}) is added: it counts as promoted, and
 * its dependents start, only once the window passed. It lengthens the critical path by one window per service on
 * it.
 */
public record RolloutEstimate(Duration podStartup, Duration smokeTest, Duration trafficSwitch) {

    public static final RolloutEstimate DEFAULT =
            new RolloutEstimate(Duration.ofSeconds(20), Duration.ofSeconds(10), Duration.ofSeconds(2));

    public Duration of(Service service) {
        return of(service, service.strategy());
    }

    /** The service rolled out with {@code strategy}, its verification window included. */
    public Duration of(Service service, Strategy strategy) {
        return strategy instanceof Strategy.Canary ? rollout(service, strategy)
                : rollout(service, strategy).plus(service.verify().window());
    }

    /**
     * The rollout alone, without a verification window: a first install (always rolling, whatever the spec says)
     * has no previous version to be compared with, and is promoted when it is up.
     */
    public Duration rollout(Service service, Strategy strategy) {
        return switch (strategy) {
            case Strategy.Rolling rolling -> {
                int replicas = Math.max(1, service.replicas());
                int batch = Math.max(1, pods(rolling.maxSurge(), replicas, true)
                        + pods(rolling.maxUnavailable(), replicas, false));
                yield podStartup.multipliedBy((replicas + batch - 1) / batch);
            }
            case Strategy.BlueGreen blueGreen -> podStartup.plus(smokeTest).plus(trafficSwitch);
            case Strategy.Canary canary -> canary.stepInterval().multipliedBy(canary.steps().size());
        };
    }

    /** "25%" or "1" as a pod count of {@code replicas}; the schema guarantees one of the two forms. */
    static int pods(String value, int replicas, boolean roundUp) {
        if (value.endsWith("%")) {
            int percent = Integer.parseInt(value.substring(0, value.length() - 1).trim());
            return roundUp ? (replicas * percent + 99) / 100 : replicas * percent / 100;
        }
        return Integer.parseInt(value.trim());
    }
}
