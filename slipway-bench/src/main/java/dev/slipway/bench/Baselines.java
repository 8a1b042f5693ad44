package dev.slipway.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * How the tools people use today would order the same release, on the same DAG and durations.
 */
final class Baselines {

    /** Argo CD's default delay between sync waves (ARGOCD_SYNC_WAVE_DELAY). */
    static final Duration WAVE_DELAY = Duration.ofSeconds(2);
    /** Flux's default re-check of a Kustomization whose dependsOn is not ready (--requeue-dependency). */
    static final Duration REQUEUE = Duration.ofSeconds(30);

    private Baselines() {
    }

    /**
     * Sync waves, as Argo CD: wave w holds the services of depth w; it starts once every service of wave w - 1 is
     * healthy plus the wave delay, so each wave lasts as long as its slowest service. Health is assumed to be seen
     * the moment the rollout completes (Argo CD's own health polling would add to this).
     */
    static Duration syncWaves(RandomSystem system) {
        Map<String, Integer> depths = system.depths();
        int waves = depths.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        long[] longest = new long[waves];
        depths.forEach((service, depth) ->
                longest[depth] = Math.max(longest[depth], system.durations().get(service).toMillis()));
        long total = 0;
        for (int w = 0; w < waves; w++) {
            total += longest[w] + (w > 0 ? WAVE_DELAY.toMillis() : 0);
        }
        return Duration.ofMillis(total);
    }

    /**
     * dependsOn with a re-check, as Flux: every Kustomization reconciles when the new revision arrives (time 0); one
     * whose dependencies are not all ready re-checks every 30 s on its own phase, drawn uniformly in [0, 30 s)
     * (each reconcile loop started at its own moment), and starts at the first re-check at which they are. A
     * Kustomization without dependencies starts at 0. Readiness is assumed to be seen the moment a rollout completes.
     */
    static Duration dependsOnPolling(RandomSystem system, long seed) {
        Random random = new Random(seed);
        long period = REQUEUE.toMillis();
        Map<String, Long> finish = new LinkedHashMap<>();
        long makespan = 0;
        for (String service : system.names()) { // a topological order
            long phase = (long) Math.floor(random.nextDouble() * period);
            List<String> dependencies = system.dependencies().get(service);
            long ready = 0;
            for (String dependency : dependencies) {
                ready = Math.max(ready, finish.get(dependency));
            }
            long start = 0;
            if (!dependencies.isEmpty()) {
                // the first check at time 0 fails (the dependencies roll out too); then phase + k * period, k >= 0
                long k = ready <= phase ? 0 : (ready - phase + period - 1) / period;
                start = phase + k * period;
            }
            long end = start + system.durations().get(service).toMillis();
            finish.put(service, end);
            makespan = Math.max(makespan, end);
        }
        return Duration.ofMillis(makespan);
    }
}
