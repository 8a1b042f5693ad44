package dev.slipway.release.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * Event-driven list scheduling in simulated time. A service starts the moment every service it must wait for
 * has finished; with a parallelism cap, the ready service with the longest remaining path (its own duration plus
 * the longest chain of services waiting on it) goes first. Without a cap every service starts at its earliest
 * moment, so the makespan equals the critical path; with a cap k, Graham's bound holds:
 * makespan ≤ total work / k + critical path.
 * <p>
 * Pure and deterministic (ties: input order); reusable for the makespan benchmark on thousands of services.
 */
public final class Schedule {

    /** When one service rolls out, as offsets from the start of the release. */
    public record Slot(String service, Duration start, Duration finish) {
    }

    private final List<Slot> slots;
    private final Map<String, Slot> byService;
    private final Map<String, Duration> remaining;
    private final List<String> criticalPath;
    private final Duration criticalPathLength;
    private final Duration makespan;
    private final Duration totalWork;

    private Schedule(List<Slot> slots, Map<String, Duration> remaining, List<String> criticalPath,
                     Duration criticalPathLength, Duration totalWork) {
        this.slots = List.copyOf(slots);
        this.byService = new HashMap<>();
        slots.forEach(slot -> byService.put(slot.service(), slot));
        this.remaining = remaining;
        this.criticalPath = List.copyOf(criticalPath);
        this.criticalPathLength = criticalPathLength;
        this.makespan = slots.stream().map(Slot::finish).max(Comparator.naturalOrder()).orElse(Duration.ZERO);
        this.totalWork = totalWork;
    }

    /**
     * @param durations   every service with its duration, in a stable order (used to break ties)
     * @param after       service → the services it must wait for (all of them keys of {@code durations})
     * @param maxParallel how many services may roll out at once; 0 for no cap
     * @throws IllegalArgumentException when {@code after} has a cycle or names an unknown service
     */
    public static Schedule of(Map<String, Duration> durations, Map<String, ? extends Collection<String>> after,
                              int maxParallel) {
        if (maxParallel < 0) {
            throw new IllegalArgumentException("maxParallel must be 0 (no cap) or positive, got " + maxParallel);
        }
        List<String> names = new ArrayList<>(durations.keySet());
        int n = names.size();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < n; i++) {
            index.put(names.get(i), i);
        }
        long[] length = new long[n];
        int[] waitingFor = new int[n];
        List<List<Integer>> waiters = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            length[i] = durations.get(names.get(i)).toMillis();
            if (length[i] < 0) {
                throw new IllegalArgumentException(names.get(i) + " has a negative duration");
            }
            waiters.add(new ArrayList<>());
        }
        after.forEach((service, predecessors) -> {
            Integer s = index.get(service);
            if (s == null) {
                throw new IllegalArgumentException("unknown service " + service);
            }
            for (String predecessor : predecessors.stream().distinct().toList()) {
                Integer p = index.get(predecessor);
                if (p == null) {
                    throw new IllegalArgumentException(service + " waits for unknown service " + predecessor);
                }
                waiters.get(p).add(s);
                waitingFor[s]++;
            }
        });
        waiters.forEach(list -> list.sort(Comparator.naturalOrder()));

        int[] order = topologicalOrder(waiters, waitingFor.clone(), names);
        long[] tail = new long[n]; // longest remaining path, own duration included
        for (int k = n - 1; k >= 0; k--) {
            int i = order[k];
            long longest = 0;
            for (int w : waiters.get(i)) {
                longest = Math.max(longest, tail[w]);
            }
            tail[i] = length[i] + longest;
        }

        long[] start = simulate(length, tail, waiters, waitingFor.clone(), maxParallel);
        List<Integer> byStart = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byStart.add(i);
        }
        byStart.sort(Comparator.<Integer>comparingLong(i -> start[i]).thenComparingInt(i -> i));
        List<Slot> slots = new ArrayList<>(n);
        Map<String, Duration> remaining = new HashMap<>();
        for (int i : byStart) {
            slots.add(new Slot(names.get(i), Duration.ofMillis(start[i]), Duration.ofMillis(start[i] + length[i])));
        }
        for (int i = 0; i < n; i++) {
            remaining.put(names.get(i), Duration.ofMillis(tail[i]));
        }
        return new Schedule(slots, remaining, criticalPath(tail, length, waiters, waitingFor, names),
                Duration.ofMillis(Arrays.stream(tail).max().orElse(0)),
                Duration.ofMillis(Arrays.stream(length).sum()));
    }

    private static int[] topologicalOrder(List<List<Integer>> waiters, int[] waitingFor, List<String> names) {
        int n = waitingFor.length;
        int[] order = new int[n];
        int head = 0;
        int size = 0;
        for (int i = 0; i < n; i++) {
            if (waitingFor[i] == 0) {
                order[size++] = i;
            }
        }
        while (head < size) {
            for (int w : waiters.get(order[head++])) {
                if (--waitingFor[w] == 0) {
                    order[size++] = w;
                }
            }
        }
        if (size < n) {
            List<String> stuck = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (waitingFor[i] > 0) {
                    stuck.add(names.get(i));
                }
            }
            throw new IllegalArgumentException("the services wait for each other in a cycle: " + stuck);
        }
        return order;
    }

    /** Start times: the event loop of the release, in simulated time. */
    private static long[] simulate(long[] length, long[] tail, List<List<Integer>> waiters, int[] waitingFor,
                                   int maxParallel) {
        int n = length.length;
        long[] start = new long[n];
        PriorityQueue<Integer> ready = new PriorityQueue<>(
                Comparator.<Integer>comparingLong(i -> -tail[i]).thenComparingInt(i -> i));
        PriorityQueue<Integer> running = new PriorityQueue<>(
                Comparator.<Integer>comparingLong(i -> start[i] + length[i]).thenComparingInt(i -> i));
        for (int i = 0; i < n; i++) {
            if (waitingFor[i] == 0) {
                ready.add(i);
            }
        }
        long now = 0;
        while (!ready.isEmpty() || !running.isEmpty()) {
            while (!ready.isEmpty() && (maxParallel == 0 || running.size() < maxParallel)) {
                int next = ready.poll();
                start[next] = now;
                running.add(next);
            }
            // every service finishing at this moment completes before the next choice, so the choice sees
            // all that became ready at once
            now = start[running.peek()] + length[running.peek()];
            while (!running.isEmpty() && start[running.peek()] + length[running.peek()] == now) {
                for (int w : waiters.get(running.poll())) {
                    if (--waitingFor[w] == 0) {
                        ready.add(w);
                    }
                }
            }
        }
        return start;
    }

    /** From the first source with the longest tail, always on to the waiter with the longest tail. */
    private static List<String> criticalPath(long[] tail, long[] length, List<List<Integer>> waiters,
                                             int[] waitingFor, List<String> names) {
        int best = -1;
        for (int i = 0; i < tail.length; i++) {
            if (waitingFor[i] == 0 && (best < 0 || tail[i] > tail[best])) {
                best = i;
            }
        }
        List<String> path = new ArrayList<>();
        while (best >= 0) {
            path.add(names.get(best));
            int next = -1;
            for (int w : waiters.get(best)) {
                if (tail[w] == tail[best] - length[best] && (next < 0 || w < next)) {
                    next = w;
                }
            }
            best = next;
        }
        return path;
    }

    /** Every service, by start time (ties in input order). */
    public List<Slot> slots() {
        return slots;
    }

    public Optional<Slot> slot(String service) {
        return Optional.ofNullable(byService.get(service));
    }

    /** The service's duration plus the longest chain of services that wait on it. */
    public Duration remaining(String service) {
        return remaining.get(service);
    }

    /** The longest chain of durations through the graph, first service first. */
    public List<String> criticalPath() {
        return criticalPath;
    }

    public Duration criticalPathLength() {
        return criticalPathLength;
    }

    /** When the last service finishes. */
    public Duration makespan() {
        return makespan;
    }

    /** The sum of all durations. */
    public Duration totalWork() {
        return totalWork;
    }

    public boolean critical(String service) {
        return criticalPath.contains(service);
    }
}
