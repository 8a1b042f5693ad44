package dev.slipway.release.report;

import dev.slipway.release.analysis.Judgement;

/**
 * Where a release's evidence is kept as it runs (every judgement and pod event, in the order they happened) and read
 * back for its report. The store's {@code DatabaseEvidence} keeps it, so that any replica reports any release.
 */
public interface EvidenceLog {

    void append(Judgement judgement);

    void append(String release, PodEvent event);

    /** The release's evidence; empty for a release that has none. */
    Evidence read(String release);
}
