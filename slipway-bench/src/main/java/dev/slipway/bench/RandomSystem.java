package dev.slipway.bench;

import dev.slipway.model.SystemSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * A seeded synthetic system: a layered random DAG of services with a rollout duration each.
 * <ul>
 *   <li>Layers: {@code clamp(round(2 ln n), 3, 20)} (10 services: 5 layers, 1,000: 14, 10,000: 18). Layer 0 is
 *       the foundation (databases, identity); a service of layer L depends only on lower layers, so the graph is a
 *       DAG. Every layer gets at least one service, the rest are spread uniformly.</li>
 *   <li>Fan-in (dependencies per service above layer 0): 1 + a geometric draw with mean 1.5, at most 6 — most
 *       services call one to three others, a few call many. Each dependency is in the layer just below with
 *       probability 0.7, otherwise in any lower layer (a long edge, e.g. everyone calling the auth service).</li>
 *   <li>Durations: lognormal with median 3 min and sigma 0.5 (mean ≈ 3 min 24 s, 90 % between 1 min 19 s and
 *       6 min 50 s), clipped to [30 s, 20 min], whole milliseconds.</li>
 * </ul>
 *
 * @param names        the services, in generation order (layer by layer)
 * @param dependencies service → the services it depends on (rolls out after)
 * @param durations    service → its rollout duration
 * @param layers       service → its layer
 */
public record RandomSystem(List<String> names, Map<String, List<String>> dependencies,
                           Map<String, Duration> durations, Map<String, Integer> layers) {

    static final Duration MEDIAN = Duration.ofMinutes(3);
    static final double SIGMA = 0.5;
    static final Duration MIN = Duration.ofSeconds(30);
    static final Duration MAX = Duration.ofMinutes(20);

    public static RandomSystem generate(int n, long seed) {
        Random random = new Random(seed);
        int layerCount = Math.max(1, Math.min(n, Math.min(20, Math.max(3, (int) Math.round(2 * Math.log(n))))));
        List<List<String>> layers = new ArrayList<>();
        for (int l = 0; l < layerCount; l++) {
            layers.add(new ArrayList<>());
        }
        int[] layerOf = new int[n];
        for (int i = 0; i < n; i++) {
            layerOf[i] = i < layerCount ? i : random.nextInt(layerCount);
        }
        java.util.Arrays.sort(layerOf); // names in layer order: svc-00000 is a foundation service
        List<String> names = new ArrayList<>(n);
        Map<String, Integer> layerByName = new LinkedHashMap<>();
        int width = Math.max(5, String.valueOf(n - 1).length());
        for (int i = 0; i < n; i++) {
            String name = "svc-" + String.format("%0" + width + "d", i);
            names.add(name);
            layers.get(layerOf[i]).add(name);
            layerByName.put(name, layerOf[i]);
        }
        Map<String, List<String>> dependencies = new LinkedHashMap<>();
        Map<String, Duration> durations = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String name = names.get(i);
            int layer = layerOf[i];
            TreeSet<String> chosen = new TreeSet<>();
            if (layer > 0) {
                int fanIn = Math.min(6, 1 + geometric(random, 1.5));
                for (int d = 0; d < fanIn; d++) {
                    int from = random.nextDouble() < 0.7 ? layer - 1 : random.nextInt(layer);
                    List<String> candidates = layers.get(from);
                    chosen.add(candidates.get(random.nextInt(candidates.size())));
                }
            }
            dependencies.put(name, List.copyOf(chosen));
            durations.put(name, duration(random));
        }
        return new RandomSystem(List.copyOf(names), dependencies, durations, layerByName);
    }

    /** Failures before the first success, with the given mean. */
    private static int geometric(Random random, double mean) {
        double p = 1 / (1 + mean);
        return (int) Math.floor(Math.log(1 - random.nextDouble()) / Math.log(1 - p));
    }

    private static Duration duration(Random random) {
        double millis = MEDIAN.toMillis() * Math.exp(SIGMA * random.nextGaussian());
        long clipped = Math.max(MIN.toMillis(), Math.min(MAX.toMillis(), Math.round(millis)));
        return Duration.ofMillis(clipped);
    }

    public int size() {
        return names.size();
    }

    public int edges() {
        return dependencies.values().stream().mapToInt(List::size).sum();
    }

    /** Depth of each service: 0 without dependencies, else 1 + the deepest dependency (Argo CD's wave). */
    public Map<String, Integer> depths() {
        Map<String, Integer> depth = new LinkedHashMap<>();
        for (String name : names) { // generation order is a topological order
            int d = 0;
            for (String dependency : dependencies.get(name)) {
                d = Math.max(d, depth.get(dependency) + 1);
            }
            depth.put(name, d);
        }
        return depth;
    }

    /**
     * The system as a slipway.yaml, loaded by the real loader: rolling services with {@code replicas} replicas and
     * maxSurge 100 % (the whole new ReplicaSet starts in one wave, so a rollout takes one pod start-up time), and
     * ranges {@code ^1} on every dependency.
     */
    public SystemSpec spec(String environment, int replicas) {
        StringBuilder yaml = new StringBuilder(BenchSpec.header(environment));
        for (String name : names) {
            yaml.append("  ").append(name).append(":\n    path: services/").append(name)
                    .append("\n    language: go\n    port: 8080\n    replicas: ").append(replicas)
                    .append("\n    strategy: {type: rolling, maxSurge: \"100%\", maxUnavailable: \"0\"}\n");
            List<String> deps = dependencies.get(name);
            if (!deps.isEmpty()) {
                yaml.append("    dependsOn: {");
                for (int i = 0; i < deps.size(); i++) {
                    yaml.append(i == 0 ? "" : ", ").append(deps.get(i)).append(": \"^1\"");
                }
                yaml.append("}\n");
            }
        }
        return BenchSpec.load(yaml.toString());
    }
}
