package dev.slipway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DependencyGraphTest {

    static DependencyGraph graph(String... entries) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (String entry : entries) {
            String[] parts = entry.split(":");
            map.put(parts[0], parts.length > 1 ? List.of(parts[1].split(",")) : List.of());
        }
        return DependencyGraph.of(map);
    }

    @Test
    void ordersDependenciesFirstAndComputesDepths() {
        DependencyGraph graph = graph("web:api,auth", "api:db,cache", "auth:db", "db", "cache");
        List<String> order = graph.topologicalOrder();
        assertThat(order.indexOf("db")).isLessThan(order.indexOf("api"));
        assertThat(order.indexOf("cache")).isLessThan(order.indexOf("api"));
        assertThat(order.indexOf("api")).isLessThan(order.indexOf("web"));
        assertThat(order.indexOf("auth")).isLessThan(order.indexOf("web"));
        assertThat(graph.depths()).containsEntry("db", 0).containsEntry("cache", 0).containsEntry("api", 1)
                .containsEntry("auth", 1).containsEntry("web", 2);
        assertThat(graph.dependents("db")).containsExactly("api", "auth");
        assertThat(graph.dependencies("web")).containsExactly("api", "auth");
    }

    @Test
    void transitiveDependentsAreEveryServiceAFailureReachesNearestFirst() {
        DependencyGraph graph = graph("web:api,auth", "admin:auth", "api:db,cache", "auth:db", "db", "cache");
        assertThat(graph.transitiveDependents("db")).containsExactly("api", "auth", "web", "admin");
        assertThat(graph.transitiveDependents("cache")).containsExactly("api", "web");
        assertThat(graph.transitiveDependents("web")).isEmpty();
        assertThat(graph.transitiveDependents("unknown")).isEmpty();
        assertThat(graph("a:b", "b:a").transitiveDependents("a")).as("a cycle ends the walk").containsExactly("b");
    }

    @Test
    void findsEveryCycleAsAClosedPath() {
        DependencyGraph graph = graph("a:b", "b:c", "c:a", "x:y", "y:x", "s:s", "free");
        assertThat(graph.cycles()).containsExactly(List.of("a", "b", "c", "a"), List.of("s", "s"), List.of("x", "y", "x"));
        assertThatThrownBy(graph::topologicalOrder).hasMessageContaining("a -> b -> c -> a");
    }

    @Test
    void ignoresEdgesToUnknownServices() {
        assertThat(graph("a:ghost").dependencies("a")).isEmpty();
    }
}
