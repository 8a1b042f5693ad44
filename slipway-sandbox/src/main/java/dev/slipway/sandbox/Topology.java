package dev.slipway.sandbox;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who calls whom: every request to a service makes one call to each of its dependencies. Entry services receive
 * the outside traffic. Services the sandbox meets only at {@code apply} are added without edges.
 */
final class Topology {

    private final Map<String, List<String>> dependencies = new LinkedHashMap<>();
    private final Map<String, List<String>> callers = new LinkedHashMap<>();
    private final Map<String, Double> entryRps = new HashMap<>();
    private final SandboxOptions options;
    private final Map<String, Set<String>> closures = new HashMap<>();

    Topology(Map<String, List<String>> dependsOn, SandboxOptions options) {
        this.options = options;
        dependsOn.forEach((service, deps) -> dependencies.put(service, List.copyOf(deps)));
        dependencies.keySet().forEach(s -> callers.put(s, new ArrayList<>()));
        dependencies.forEach((service, deps) -> deps.forEach(dep -> {
            if (callers.containsKey(dep) && !dep.equals(service)) {
                callers.get(dep).add(service);
            }
        }));
        dependencies.replaceAll((service, deps) -> deps.stream()
                .filter(d -> dependencies.containsKey(d) && !d.equals(service)).toList());
        dependencies.keySet().forEach(this::assignEntryRps);
    }

    private void assignEntryRps(String service) {
        if (options.entryRps().isEmpty()) {
            if (callers.getOrDefault(service, List.of()).isEmpty()) {
                entryRps.put(service, options.defaultEntryRps());
            }
        } else if (options.entryRps().containsKey(service)) {
            entryRps.put(service, options.entryRps().get(service));
        }
    }

    void ensure(String service) {
        if (!dependencies.containsKey(service)) {
            dependencies.put(service, List.of());
            callers.put(service, new ArrayList<>());
            assignEntryRps(service);
            closures.clear();
        }
    }

    List<String> dependencies(String service) {
        return dependencies.getOrDefault(service, List.of());
    }

    List<String> callers(String service) {
        return Collections.unmodifiableList(callers.getOrDefault(service, List.of()));
    }

    double entryRps(String service) {
        return entryRps.getOrDefault(service, 0.0);
    }

    Map<String, List<String>> asMap() {
        return Collections.unmodifiableMap(dependencies);
    }

    /** The service, everything that calls it (its traffic) and everything it calls (its errors and latency). */
    Set<String> closure(String service) {
        return closures.computeIfAbsent(service, s -> {
            Set<String> reached = new LinkedHashSet<>();
            reached.add(s);
            walk(s, this::callers, reached);
            walk(s, this::dependencies, reached);
            return reached;
        });
    }

    private static void walk(String start, java.util.function.Function<String, List<String>> next, Set<String> reached) {
        Deque<String> todo = new ArrayDeque<>(List.of(start));
        Set<String> seen = new java.util.HashSet<>(List.of(start));
        while (!todo.isEmpty()) {
            for (String other : next.apply(todo.pop())) {
                if (seen.add(other)) {
                    reached.add(other);
                    todo.push(other);
                }
            }
        }
    }
}
