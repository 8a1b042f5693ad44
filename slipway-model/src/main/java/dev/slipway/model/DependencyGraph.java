package dev.slipway.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jgrapht.Graph;
import org.jgrapht.Graphs;
import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;
import org.jgrapht.alg.shortestpath.BFSShortestPath;
import org.jgrapht.graph.AsSubgraph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.builder.GraphTypeBuilder;
import org.jgrapht.traverse.TopologicalOrderIterator;

/**
 * The services and their {@code dependsOn} edges. An edge points from the dependent to its dependency.
 * Services in order of the spec; dependencies on unknown services are left out (validation reports them).
 * The graph never changes after it is built, so cycles, the topological order and the depths are computed
 * once, on first use, and shared by every caller (generators ask for them for every environment).
 */
public final class DependencyGraph {

    private final Graph<String, DefaultEdge> graph;
    private final List<String> order;
    // computed on first use; guarded by this
    private List<List<String>> cycles;
    private List<String> topologicalOrder;
    private Map<String, Integer> depths;

    private final Map<String, Integer> position = new HashMap<>();

    private DependencyGraph(Graph<String, DefaultEdge> graph, List<String> order) {
        this.graph = graph;
        this.order = order;
        for (int i = 0; i < order.size(); i++) {
            position.put(order.get(i), i);
        }
    }

    public static DependencyGraph of(SystemSpec spec) {
        Map<String, List<String>> edges = new java.util.LinkedHashMap<>();
        for (Service service : spec.services()) {
            edges.put(service.name(), service.dependsOn().stream().map(Dependency::service).toList());
        }
        return of(edges);
    }

    /** A graph from "service → the services it depends on", in the map's order. */
    public static DependencyGraph of(Map<String, List<String>> dependencies) {
        Graph<String, DefaultEdge> graph = GraphTypeBuilder.<String, DefaultEdge>directed()
                .allowingSelfLoops(true).allowingMultipleEdges(false)
                .edgeClass(DefaultEdge.class).buildGraph();
        dependencies.keySet().forEach(graph::addVertex);
        dependencies.forEach((service, deps) -> deps.stream()
                .filter(graph::containsVertex)
                .forEach(dep -> graph.addEdge(service, dep)));
        return new DependencyGraph(graph, List.copyOf(dependencies.keySet()));
    }

    public List<String> services() {
        return order;
    }

    /** The services {@code service} depends on directly. */
    public List<String> dependencies(String service) {
        return sorted(Graphs.successorListOf(graph, service));
    }

    /** The services that depend directly on {@code service}. */
    public List<String> dependents(String service) {
        return sorted(Graphs.predecessorListOf(graph, service));
    }

    /**
     * The services that depend on {@code service} directly or through others, nearest first (breadth-first, each
     * level in the graph's order): what a failure of {@code service} reaches.
     */
    public List<String> transitiveDependents(String service) {
        java.util.LinkedHashSet<String> found = new java.util.LinkedHashSet<>();
        java.util.ArrayDeque<String> frontier = new java.util.ArrayDeque<>(List.of(service));
        while (!frontier.isEmpty()) {
            for (String dependent : dependentsInOrder(frontier.poll())) {
                if (!dependent.equals(service) && found.add(dependent)) {
                    frontier.add(dependent);
                }
            }
        }
        return List.copyOf(found);
    }

    private List<String> dependentsInOrder(String service) {
        if (!graph.containsVertex(service)) {
            return List.of();
        }
        List<String> dependents = new ArrayList<>(Graphs.predecessorListOf(graph, service));
        dependents.sort(Comparator.comparingInt(position::get));
        return dependents;
    }

    /**
     * Every cycle, one per strongly connected group, as a path that starts and ends at the same service
     * ({@code [a, b, c, a]}), beginning at the alphabetically first service of the group.
     */
    public synchronized List<List<String>> cycles() {
        if (cycles == null) {
            cycles = findCycles();
        }
        return cycles;
    }

    private List<List<String>> findCycles() {
        List<List<String>> cycles = new ArrayList<>();
        for (Set<String> group : new KosarajuStrongConnectivityInspector<>(graph).stronglyConnectedSets()) {
            String start = new TreeSet<>(group).first();
            if (group.size() == 1 && !graph.containsEdge(start, start)) {
                continue;
            }
            if (group.size() == 1) {
                cycles.add(List.of(start, start));
                continue;
            }
            Graph<String, DefaultEdge> inside = new AsSubgraph<>(graph, group);
            List<String> best = null;
            for (String next : sorted(Graphs.successorListOf(inside, start))) {
                var path = BFSShortestPath.findPathBetween(inside, next, start);
                if (path != null && (best == null || path.getLength() + 1 < best.size())) {
                    best = new ArrayList<>();
                    best.add(start);
                    best.addAll(path.getVertexList());
                }
            }
            cycles.add(List.copyOf(best));
        }
        cycles.sort(Comparator.comparing(c -> c.getFirst()));
        return List.copyOf(cycles);
    }

    /** Services with every dependency before its dependents; ties in spec order. Requires an acyclic graph. */
    public synchronized List<String> topologicalOrder() {
        requireAcyclic();
        if (topologicalOrder == null) {
            topologicalOrder = sortTopologically();
        }
        return topologicalOrder;
    }

    private List<String> sortTopologically() {
        Graph<String, DefaultEdge> reversed = new org.jgrapht.graph.EdgeReversedGraph<>(graph);
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            position.put(order.get(i), i);
        }
        List<String> result = new ArrayList<>();
        new TopologicalOrderIterator<>(reversed, Comparator.comparing(position::get)).forEachRemaining(result::add);
        return List.copyOf(result);
    }

    /** 0 for a service without dependencies, else one more than its deepest dependency. Requires an acyclic graph. */
    public synchronized Map<String, Integer> depths() {
        if (depths == null) {
            depths = Collections.unmodifiableMap(measureDepths());
        }
        return depths;
    }

    private Map<String, Integer> measureDepths() {
        Map<String, Integer> depth = new java.util.LinkedHashMap<>();
        for (String service : topologicalOrder()) {
            int d = 0;
            for (String dep : Graphs.successorListOf(graph, service)) {
                d = Math.max(d, depth.get(dep) + 1);
            }
            depth.put(service, d);
        }
        return depth;
    }

    public Optional<List<String>> firstCycle() {
        return cycles().stream().findFirst();
    }

    private void requireAcyclic() {
        firstCycle().ifPresent(cycle -> {
            throw new IllegalStateException("dependency cycle " + String.join(" -> ", cycle));
        });
    }

    private static List<String> sorted(List<String> names) {
        return names.stream().distinct().sorted().toList();
    }

}
