package dev.slipway.release.execute;

import dev.slipway.release.analysis.Judgement;
import dev.slipway.release.report.Evidence;
import dev.slipway.release.report.EvidenceLog;
import dev.slipway.release.report.PodEvent;
import java.util.ArrayList;
import java.util.List;

/** A release's evidence kept in memory, for tests of the engine and its reports (the store keeps it in production). */
final class InMemoryEvidence implements EvidenceLog {

    private final List<Judgement> judgements = new ArrayList<>();
    private final List<PodEvent> pods = new ArrayList<>();
    private final List<String> podReleases = new ArrayList<>();

    @Override
    public void append(Judgement judgement) {
        judgements.add(judgement);
    }

    @Override
    public void append(String release, PodEvent event) {
        pods.add(event);
        podReleases.add(release);
    }

    @Override
    public Evidence read(String release) {
        List<PodEvent> ofRelease = new ArrayList<>();
        for (int i = 0; i < pods.size(); i++) {
            if (podReleases.get(i).equals(release)) {
                ofRelease.add(pods.get(i));
            }
        }
        return new Evidence(judgements.stream().filter(j -> j.release().equals(release)).toList(), ofRelease);
    }
}
