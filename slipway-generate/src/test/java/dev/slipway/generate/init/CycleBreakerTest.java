package dev.slipway.generate.init;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Properties of {@link CycleBreaker} on random graphs, and the preference for dropping weak evidence. */
class CycleBreakerTest {

    @Test
    void onRandomGraphsTheResultIsAcyclicAndNoDroppedEdgeCouldBeAddedBack() {
        Random random = new Random(42);
        for (int run = 0; run < 500; run++) {
            int nodes = 2 + random.nextInt(9);
            List<CycleBreaker.Edge> edges = new ArrayList<>();
            Set<String> pairs = new HashSet<>();
            for (int i = random.nextInt(nodes * 3); i >= 0; i--) {
                String from = "s" + random.nextInt(nodes);
                String to = "s" + random.nextInt(nodes);
                if (!from.equals(to) && pairs.add(from + ">" + to)) {
                    edges.add(new CycleBreaker.Edge(from, to, 1 + random.nextInt(40)));
                }
            }
            CycleBreaker.Result result = CycleBreaker.breakCycles(edges);

            assertThat(acyclic(result.kept())).as("kept edges of %s", edges).isTrue();
            List<CycleBreaker.Edge> all = new ArrayList<>(result.kept());
            all.addAll(result.dropped());
            assertThat(all).containsExactlyInAnyOrderElementsOf(edges);
            for (CycleBreaker.Edge dropped : result.dropped()) {
                assertThat(CycleBreaker.reaches(result.kept(), dropped.to(), dropped.from()))
                        .as("adding back %s would close a cycle", dropped).isTrue();
            }
            if (acyclic(edges)) {
                assertThat(result.dropped()).isEmpty();
            }
        }
    }

    @Test
    void theWeakerEdgeOfACallbackPairIsTheOneLeftOut() {
        CycleBreaker.Result result = CycleBreaker.breakCycles(List.of(
                new CycleBreaker.Edge("frontend", "proxy", 40),
                new CycleBreaker.Edge("proxy", "collector", 41),
                new CycleBreaker.Edge("collector", "proxy", 31)));
        assertThat(result.dropped()).containsExactly(new CycleBreaker.Edge("collector", "proxy", 31));
    }

    @Test
    void theEdgeAgainstTheOrderMostEdgesAgreeOnIsLeftOut() {
        // a -> b -> c -> d and a long way back d -> a: one edge goes, the one pointing backwards
        CycleBreaker.Result result = CycleBreaker.breakCycles(List.of(
                new CycleBreaker.Edge("a", "b", 30), new CycleBreaker.Edge("b", "c", 30),
                new CycleBreaker.Edge("c", "d", 30), new CycleBreaker.Edge("d", "a", 30)));
        assertThat(result.dropped()).hasSize(1);
        assertThat(result.kept()).hasSize(3);
    }

    /** Kahn's algorithm: every node can be removed once nothing points into it. */
    private static boolean acyclic(List<CycleBreaker.Edge> edges) {
        Map<String, Integer> incoming = new HashMap<>();
        edges.forEach(e -> {
            incoming.merge(e.to(), 1, Integer::sum);
            incoming.putIfAbsent(e.from(), 0);
        });
        List<CycleBreaker.Edge> remaining = new ArrayList<>(edges);
        boolean removed = true;
        while (removed) {
            removed = false;
            for (String node : List.copyOf(incoming.keySet())) {
                if (incoming.get(node) == 0) {
                    incoming.remove(node);
                    remaining.removeIf(e -> {
                        if (e.from().equals(node)) {
                            incoming.merge(e.to(), -1, Integer::sum);
                            return true;
                        }
                        return false;
                    });
                    removed = true;
                }
            }
        }
        return remaining.isEmpty();
    }
}
