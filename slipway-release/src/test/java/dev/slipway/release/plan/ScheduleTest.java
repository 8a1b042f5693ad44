package dev.slipway.release.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    private static Map<String, Duration> seconds(Object... nameThenSeconds) {
        Map<String, Duration> durations = new LinkedHashMap<>();
        for (int i = 0; i < nameThenSeconds.length; i += 2) {
            durations.put((String) nameThenSeconds[i], Duration.ofSeconds((Integer) nameThenSeconds[i + 1]));
        }
        return durations;
    }

    @Test
    void aServiceStartsWhenTheLastServiceItWaitsForFinishes() {
        Schedule schedule = Schedule.of(seconds("db", 20, "cache", 5, "api", 30, "web", 10),
                Map.of("api", List.of("db", "cache"), "web", List.of("api")), 0);

        assertThat(schedule.slots()).containsExactly(
                new Schedule.Slot("db", Duration.ZERO, Duration.ofSeconds(20)),
                new Schedule.Slot("cache", Duration.ZERO, Duration.ofSeconds(5)),
                new Schedule.Slot("api", Duration.ofSeconds(20), Duration.ofSeconds(50)),
                new Schedule.Slot("web", Duration.ofSeconds(50), Duration.ofSeconds(60)));
        assertThat(schedule.criticalPath()).containsExactly("db", "api", "web");
        assertThat(schedule.criticalPathLength()).isEqualTo(Duration.ofSeconds(60));
        assertThat(schedule.makespan()).isEqualTo(Duration.ofSeconds(60));
        assertThat(schedule.totalWork()).isEqualTo(Duration.ofSeconds(65));
        assertThat(schedule.remaining("cache")).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void withACapTheReadyServiceWithTheLongestRemainingPathGoesFirst() {
        // a and c come first in input order, but b heads a 60 s chain: starting it at once saves 10 s
        Schedule schedule = Schedule.of(seconds("a", 10, "c", 10, "b", 10, "x", 50), Map.of("x", List.of("b")), 2);

        assertThat(schedule.slots()).containsExactly(
                new Schedule.Slot("a", Duration.ZERO, Duration.ofSeconds(10)),
                new Schedule.Slot("b", Duration.ZERO, Duration.ofSeconds(10)),
                new Schedule.Slot("c", Duration.ofSeconds(10), Duration.ofSeconds(20)),
                new Schedule.Slot("x", Duration.ofSeconds(10), Duration.ofSeconds(60)));
        assertThat(schedule.makespan()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aCycleIsRefused() {
        assertThatThrownBy(() -> Schedule.of(seconds("a", 1, "b", 1, "c", 1),
                Map.of("a", List.of("b"), "b", List.of("a")), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the services wait for each other in a cycle: [a, b]");
    }

    @Test
    void anUnknownServiceIsRefused() {
        assertThatThrownBy(() -> Schedule.of(seconds("a", 1), Map.of("a", List.of("x")), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a waits for unknown service x");
    }

    @Test
    void anEmptyReleaseTakesNoTime() {
        Schedule schedule = Schedule.of(Map.of(), Map.of(), 3);
        assertThat(schedule.makespan()).isZero();
        assertThat(schedule.criticalPath()).isEmpty();
    }

    /** A random DAG: each service waits for some of the services before it in a random order. */
    private record Dag(Map<String, Duration> durations, Map<String, List<String>> after) {
        static Dag random(Random random) {
            int n = 1 + random.nextInt(60);
            double density = random.nextDouble() * 0.3;
            List<String> names = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                names.add("s" + i);
            }
            Collections.shuffle(names, random);
            Map<String, Duration> durations = new LinkedHashMap<>();
            Map<String, List<String>> after = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                // zero durations and ties happen in real releases (already promoted, equal estimates)
                int ms = random.nextInt(10) == 0 ? 0 : 1000 * (1 + random.nextInt(600));
                durations.put(names.get(i), Duration.ofMillis(ms));
                List<String> waits = new ArrayList<>();
                for (int j = 0; j < i; j++) {
                    if (random.nextDouble() < density) {
                        waits.add(names.get(j));
                    }
                }
                after.put(names.get(i), waits);
            }
            // hand the services to the scheduler in an order unrelated to the graph
            List<String> shuffled = new ArrayList<>(durations.keySet());
            Collections.shuffle(shuffled, random);
            Map<String, Duration> inputOrder = new LinkedHashMap<>();
            shuffled.forEach(s -> inputOrder.put(s, durations.get(s)));
            return new Dag(inputOrder, after);
        }

        /** The longest path of durations, computed independently of Schedule (memoised recursion). */
        long longestPath() {
            Map<String, Long> finish = new LinkedHashMap<>();
            long longest = 0;
            for (String s : durations.keySet()) {
                longest = Math.max(longest, earliestFinish(s, finish));
            }
            return longest;
        }

        long earliestFinish(String s, Map<String, Long> memo) {
            Long known = memo.get(s);
            if (known != null) {
                return known;
            }
            long start = 0;
            for (String p : after.get(s)) {
                start = Math.max(start, earliestFinish(p, memo));
            }
            long finish = start + durations.get(s).toMillis();
            memo.put(s, finish);
            return finish;
        }
    }

    @Test
    void withoutACapTheMakespanIsTheCriticalPath() {
        Random random = new Random(20260101L);
        for (int run = 0; run < 500; run++) {
            Dag dag = Dag.random(random);
            Schedule schedule = Schedule.of(dag.durations(), dag.after(), 0);

            long makespan = schedule.makespan().toMillis();
            assertThat(makespan).as("run %d", run).isEqualTo(dag.longestPath())
                    .isEqualTo(schedule.criticalPathLength().toMillis());
            assertCriticalPathIsAChainOfItsLength(dag, schedule);
            Map<String, Long> memo = new LinkedHashMap<>();
            for (Schedule.Slot slot : schedule.slots()) {
                // every service starts at its earliest moment
                assertThat(slot.finish().toMillis()).isEqualTo(dag.earliestFinish(slot.service(), memo));
            }
        }
    }

    @Test
    void withACapTheMakespanStaysWithinGrahamsBound() {
        Random random = new Random(42L);
        for (int run = 0; run < 500; run++) {
            Dag dag = Dag.random(random);
            int cap = 1 + random.nextInt(6);
            Schedule schedule = Schedule.of(dag.durations(), dag.after(), cap);

            long makespan = schedule.makespan().toMillis();
            long critical = schedule.criticalPathLength().toMillis();
            long total = schedule.totalWork().toMillis();
            assertThat(critical).isEqualTo(dag.longestPath());
            assertThat(makespan).as("run %d: lower bound", run).isGreaterThanOrEqualTo(critical);
            assertThat(makespan * cap).as("run %d: lower bound", run).isGreaterThanOrEqualTo(total);
            assertThat(makespan * cap).as("run %d: makespan <= total/k + critical path", run)
                    .isLessThanOrEqualTo(total + (long) cap * critical);
            assertValid(dag, schedule, cap);
            assertCriticalPathIsAChainOfItsLength(dag, schedule);
        }
    }

    /** Precedence holds and at no moment more than {@code cap} services roll out. */
    private static void assertValid(Dag dag, Schedule schedule, int cap) {
        assertThat(schedule.slots()).hasSize(dag.durations().size());
        for (Schedule.Slot slot : schedule.slots()) {
            assertThat(slot.finish().minus(slot.start())).isEqualTo(dag.durations().get(slot.service()));
            for (String p : dag.after().get(slot.service())) {
                assertThat(slot.start()).isGreaterThanOrEqualTo(schedule.slot(p).orElseThrow().finish());
            }
            long running = schedule.slots().stream()
                    .filter(o -> o.start().compareTo(slot.start()) <= 0 && o.finish().compareTo(slot.start()) > 0)
                    .count();
            assertThat(running).isLessThanOrEqualTo(cap);
        }
    }

    private static void assertCriticalPathIsAChainOfItsLength(Dag dag, Schedule schedule) {
        List<String> path = schedule.criticalPath();
        assertThat(path).isNotEmpty();
        assertThat(dag.after().get(path.getFirst())).isEmpty();
        long length = 0;
        for (int i = 0; i < path.size(); i++) {
            length += dag.durations().get(path.get(i)).toMillis();
            if (i > 0) {
                assertThat(dag.after().get(path.get(i))).contains(path.get(i - 1));
            }
        }
        assertThat(length).isEqualTo(schedule.criticalPathLength().toMillis());
    }
}
