package dev.slipway.run;

import dev.slipway.release.execute.Progress;
import dev.slipway.release.execute.ProgressListener;
import dev.slipway.release.execute.ReleaseResult;
import dev.slipway.release.plan.Plan;
import dev.slipway.release.plan.PlannedService;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Follows a release for the runner that waits on it: each service's state and the
 * result. Written on the clock's thread, read by the waiting command thread.
 */
public final class Tracker implements ProgressListener {

    /** States in which nothing more happens without a person (or the end of the release). */
    private static final Set<String> STILL = Set.of("pending", "paused", "promoted", "rolled-back", "failed",
            "cancelled");

    private final Map<String, String> states = new ConcurrentHashMap<>();
    private volatile String releaseState = "running";
    private volatile ReleaseResult result;

    public Tracker(Plan plan) {
        for (PlannedService s : plan.services()) {
            states.put(s.name(), "pending");
        }
    }

    @Override
    public void progressed(Progress progress) {
        states.put(progress.service(), progress.state());
    }

    @Override
    public void releaseState(String release, String state) {
        releaseState = state;
    }

    @Override
    public void finished(ReleaseResult finished) {
        result = finished;
    }

    public boolean finished() {
        return result != null;
    }

    public Optional<ReleaseResult> result() {
        return Optional.ofNullable(result);
    }

    /** Nothing moves and something holds: a paused release or a canary at its manual gate. */
    public boolean waiting() {
        return result == null && states.values().stream().allMatch(STILL::contains)
                && (releaseState.equals("paused") || states.containsValue("paused"));
    }

    /** The services held at a gate or by the pause policy. */
    public List<String> held() {
        return states.entrySet().stream().filter(e -> e.getValue().equals("paused")).map(Map.Entry::getKey)
                .sorted().toList();
    }
}
