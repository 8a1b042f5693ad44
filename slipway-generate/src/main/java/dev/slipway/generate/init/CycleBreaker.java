package dev.slipway.generate.init;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Makes an inferred dependency graph acyclic by leaving out few, weak edges: a heuristic minimum feedback arc set.
 * Nodes are ordered the way Eades, Lin and Smyth's greedy algorithm does (sinks last, sources first, otherwise the
 * node whose outgoing evidence outweighs its incoming most), with each edge weighted by its evidence, so the edges
 * that point against the order most edges agree on, and the weakest of them, are the ones left out. Left-out
 * edges are then added back, strongest first, whenever that closes no cycle: every edge still left out would.
 */
final class CycleBreaker {

    /** A directed edge {@code from → to} (from depends on to) and the weight of its evidence. */
    record Edge(String from, String to, int weight) {
    }

    record Result(List<Edge> kept, List<Edge> dropped) {
    }

    private CycleBreaker() {
    }

    static Result breakCycles(List<Edge> edges) {
        List<String> order = order(edges);
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            position.put(order.get(i), i);
        }
        List<Edge> kept = new ArrayList<>();
        List<Edge> candidates = new ArrayList<>();
        for (Edge edge : edges) {
            if (edge.from().equals(edge.to())) {
                candidates.add(edge);
            } else if (position.get(edge.from()) < position.get(edge.to())) {
                kept.add(edge);
            } else {
                candidates.add(edge);
            }
        }
        candidates.sort(Comparator.comparingInt(Edge::weight).reversed().thenComparing(Edge::from).thenComparing(Edge::to));
        List<Edge> dropped = new ArrayList<>();
        for (Edge edge : candidates) {
            if (!edge.from().equals(edge.to()) && !reaches(kept, edge.to(), edge.from())) {
                kept.add(edge);
            } else {
                dropped.add(edge);
            }
        }
        return new Result(kept, dropped);
    }

    /** Whether {@code to} can be reached from {@code from} along {@code edges}. */
    static boolean reaches(List<Edge> edges, String from, String to) {
        Map<String, List<String>> next = new HashMap<>();
        edges.forEach(e -> next.computeIfAbsent(e.from(), n -> new ArrayList<>()).add(e.to()));
        Deque<String> work = new ArrayDeque<>(List.of(from));
        Set<String> seen = new HashSet<>();
        while (!work.isEmpty()) {
            String node = work.pop();
            if (node.equals(to)) {
                return true;
            }
            if (seen.add(node)) {
                work.addAll(next.getOrDefault(node, List.of()));
            }
        }
        return false;
    }

    /** Eades–Lin–Smyth on the weighted graph; ties broken by name so the result is deterministic. */
    private static List<String> order(List<Edge> edges) {
        Set<String> remaining = new TreeSet<>();
        edges.forEach(e -> {
            remaining.add(e.from());
            remaining.add(e.to());
        });
        LinkedList<String> head = new LinkedList<>();
        LinkedList<String> tail = new LinkedList<>();
        while (!remaining.isEmpty()) {
            boolean changed = true;
            while (changed) {
                changed = false;
                for (String node : List.copyOf(remaining)) {
                    if (weight(edges, remaining, node, true) == 0) {
                        tail.addFirst(node); // a sink: nothing left depends on it from here
                        remaining.remove(node);
                        changed = true;
                    } else if (weight(edges, remaining, node, false) == 0) {
                        head.addLast(node);
                        remaining.remove(node);
                        changed = true;
                    }
                }
            }
            if (!remaining.isEmpty()) {
                String best = remaining.stream().max(Comparator.comparingInt((String n) ->
                        weight(edges, remaining, n, true) - weight(edges, remaining, n, false))
                        .thenComparing(Comparator.reverseOrder())).orElseThrow();
                head.addLast(best);
                remaining.remove(best);
            }
        }
        List<String> order = new ArrayList<>(head);
        order.addAll(tail);
        return order;
    }

    /** The weight of {@code node}'s outgoing (or incoming) edges among the remaining nodes, self-loops aside. */
    private static int weight(List<Edge> edges, Set<String> remaining, String node, boolean outgoing) {
        int sum = 0;
        for (Edge e : edges) {
            if (e.from().equals(e.to())) {
                continue;
            }
            String self = outgoing ? e.from() : e.to();
            String other = outgoing ? e.to() : e.from();
            if (self.equals(node) && remaining.contains(other)) {
                sum += e.weight();
            }
        }
        return sum;
    }
}
