package dev.slipway.release.report;

import dev.slipway.release.analysis.Judgement;
import java.util.List;

/** Everything the judges saw during one release, and what the pods did. */
public record Evidence(List<Judgement> judgements, List<PodEvent> pods) {

    public Evidence {
        judgements = List.copyOf(judgements);
        pods = List.copyOf(pods);
    }
}
