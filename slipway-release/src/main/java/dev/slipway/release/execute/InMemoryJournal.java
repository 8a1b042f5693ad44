package dev.slipway.release.execute;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A journal that lives as long as the process: tests, benchmarks, and the sandbox in one CLI invocation. */
public final class InMemoryJournal implements Journal {

    private final Map<String, List<Transition>> releases = new HashMap<>();

    @Override
    public void append(Transition transition) {
        List<Transition> list = releases.computeIfAbsent(transition.release(), r -> new ArrayList<>());
        long expected = list.isEmpty() ? 0 : list.getLast().sequence() + 1;
        if (transition.sequence() != expected) {
            throw new IllegalStateException("release " + transition.release() + ": transition " + transition.sequence()
                    + " appended where " + expected + " was expected");
        }
        list.add(transition);
    }

    @Override
    public List<Transition> read(String release) {
        return List.copyOf(releases.getOrDefault(release, List.of()));
    }
}
