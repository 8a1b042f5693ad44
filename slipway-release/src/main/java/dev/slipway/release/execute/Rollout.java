package dev.slipway.release.execute;

import dev.slipway.model.VersionRange;
import dev.slipway.model.CanaryAnalysis;
import dev.slipway.model.SmokeTest;
import dev.slipway.model.Strategy;
import dev.slipway.release.Deployed;
import dev.slipway.release.TrackState;
import dev.slipway.release.Track;
import dev.slipway.release.cluster.TrackSpec;
import dev.slipway.release.plan.Execution;
import dev.slipway.release.plan.PlannedService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What stays fixed during one service's rollout: versions, images, replicas, the strategy's parameters and the
 * two tracks it uses — {@code track} for the new version, {@code baseline} for the running one (the same track for
 * a rolling update).
 * <p>
 * Built from the planned service alone (the planner made a first install rolling and resolved images and ranges).
 * <p>
 * A version pinned to a digest runs the image {@code repository@digest}, so the cluster runs exactly the image
 * the pipeline scanned; so does the previous version on a rollback when the inventory knows its digest.
 * <p>
 * A canary is judged by {@code analysis}: looked at every {@code analysis.interval()}, decided at each step's end,
 * and given up to {@code analysis.inconclusiveAfter()} more when the evidence is still too thin. A rolling update
 * is judged by the same panel while it proceeds (new pods against old), and a rolling or blue-green rollout for
 * {@code verifyWindow} after it completed (zero: not at all; a canary's last step is its verification). A
 * blue-green rollout sends {@code smoke} to the new colour before it switches.
 */
public record Rollout(String environment, String service, Optional<String> from, String to, Kind kind,
                      int replicas, String image, Optional<String> digest, Optional<String> previousImage, Optional<String> previousDigest,
                      Track track, Track baseline, Map<String, VersionRange> ranges,
                      Map<String, VersionRange> previousRanges,
                      String healthPath, String maxSurge, String maxUnavailable, List<Integer> steps,
                      Duration stepInterval, Duration scaleDownDelay, boolean manualGate, CanaryAnalysis analysis,
                      Duration verifyWindow, List<SmokeTest> smoke) {

    public enum Kind { ROLLING, BLUE_GREEN, CANARY }

    public Rollout {
        ranges = Map.copyOf(ranges);
        previousRanges = Map.copyOf(previousRanges);
        steps = List.copyOf(steps);
        smoke = List.copyOf(smoke);
    }

    /**
     * The rollout of a planned service.
     *
     * @param running    what runs of the service (its version must be {@code from} to use its ranges and digest)
     * @param tracks     the tracks recorded in the journal for a rollout already under way, as (track, baseline)
     * @param manualGate whether a canary waits for a person before its promotion
     */
    static Rollout of(String environment, PlannedService planned, Optional<Deployed> running,
                      Optional<Track[]> tracks, boolean manualGate) {
        Optional<String> from = planned.from();
        Kind kind = switch (planned.strategy()) {
            case Strategy.Rolling r -> Kind.ROLLING;
            case Strategy.BlueGreen b -> Kind.BLUE_GREEN;
            case Strategy.Canary c -> Kind.CANARY;
        };
        if (from.isEmpty() && kind != Kind.ROLLING) {
            throw new IllegalArgumentException(planned.name() + " is installed by this release: it cannot be a "
                    + planned.strategy().keyword() + " (the planner makes a first install rolling)");
        }
        Optional<Deployed> previous = running.filter(d -> from.isPresent() && d.version().equals(from.get()));
        Track baseline = tracks.map(t -> t[1]).orElseGet(() -> servingTrack(running));
        Track track = tracks.map(t -> t[0]).orElseGet(() -> switch (kind) {
            case ROLLING -> baseline;
            case CANARY -> Track.CANARY;
            case BLUE_GREEN -> baseline == Track.GREEN ? Track.BLUE : Track.GREEN;
        });
        String maxSurge = "25%";
        String maxUnavailable = "0";
        List<Integer> steps = List.of();
        Duration interval = Duration.ZERO;
        Duration scaleDown = Duration.ZERO;
        switch (planned.strategy()) {
            case Strategy.Rolling r -> {
                maxSurge = r.maxSurge();
                maxUnavailable = r.maxUnavailable();
            }
            case Strategy.BlueGreen b -> scaleDown = b.scaleDownDelay();
            case Strategy.Canary c -> {
                steps = c.steps();
                interval = c.stepInterval();
            }
        }
        Execution execution = planned.execution();
        Optional<String> previousDigest = previous.flatMap(Deployed::digest);
        return new Rollout(environment, planned.name(), from, planned.to(), kind, execution.replicas(),
                planned.image(), planned.digest(), from.map(v -> execution.image(v, previousDigest)), previousDigest,
                track, baseline, planned.ranges(), previous.flatMap(Deployed::ranges).orElse(Map.of()),
                execution.healthPath(), maxSurge, maxUnavailable, steps, interval, scaleDown,
                manualGate && kind == Kind.CANARY, execution.analysis(),
                kind == Kind.CANARY ? Duration.ZERO : execution.verifyWindow(), execution.smoke());
    }

    /** The track that takes the traffic now; stable when nothing runs or nothing says otherwise. */
    private static Track servingTrack(Optional<Deployed> running) {
        return running.flatMap(d -> d.tracks().stream().filter(t -> t.weight() == 100).map(TrackState::track)
                .findFirst()).orElse(Track.STABLE);
    }

    /** The new version on {@code onTrack} with all replicas. */
    TrackSpec newVersion(Track onTrack) {
        return new TrackSpec(environment, service, onTrack, to, image, digest, replicas, maxSurge,
                maxUnavailable, ranges);
    }

    /** The running version back on the baseline track. Requires {@code from}. */
    TrackSpec previousVersion() {
        return new TrackSpec(environment, service, baseline, from.orElseThrow(), previousImage.orElseThrow(),
                previousDigest, replicas, maxSurge, maxUnavailable, previousRanges);
    }

    /** Whether the rollout is watched for a verification window once it completes. */
    boolean verifies() {
        return verifyWindow.isPositive();
    }

    /** A rolling update of a running service: its new pods are judged against its old ones while it proceeds. */
    boolean judgedWhileRolling() {
        return kind == Kind.ROLLING && from.isPresent() && !from.get().equals(to);
    }

    /** The track on which the new version runs in {@code state}: a promoted canary runs on the stable track. */
    Track newVersionTrack(RolloutState state) {
        return kind == Kind.CANARY && (state instanceof RolloutState.Promoting || state instanceof RolloutState.Promoted)
                ? baseline : track;
    }
}
