package dev.slipway.release.report;

import dev.slipway.release.Track;
import dev.slipway.release.analysis.Judgement;
import dev.slipway.release.cluster.TrackStatus;
import dev.slipway.release.execute.ProgressListener;
import dev.slipway.release.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Writes a running release's judgements and pod events to its evidence log, as they happen. */
public final class EvidenceRecorder implements ProgressListener {

    private final EvidenceLog file;
    private final String release;
    private final Clock clock;
    private final Map<String, TrackStatus> last = new HashMap<>();

    public EvidenceRecorder(EvidenceLog file, String release, Clock clock) {
        this.file = file;
        this.release = release;
        this.clock = clock;
    }

    @Override
    public void judged(Judgement judgement) {
        file.append(judgement);
    }

    @Override
    public void observed(TrackStatus status) {
        Optional<TrackStatus> before = Optional.ofNullable(last.put(key(status.service(), status.track()), status));
        PodEvent.between(before, status, clock.now()).ifPresent(event -> file.append(release, event));
    }

    private static String key(String service, Track track) {
        return service + "/" + track.keyword();
    }
}
