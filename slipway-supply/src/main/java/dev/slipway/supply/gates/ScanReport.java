package dev.slipway.supply.gates;

import java.util.List;

/**
 * A vulnerability scan of one image, read from the report the scanner wrote.
 *
 * @param format   {@code trivy-json} or {@code sarif}
 * @param artifact what was scanned (Trivy's ArtifactName, SARIF's imageName), empty when the report does not say
 */
public record ScanReport(String format, String artifact, List<ScanFinding> findings) {

    public ScanReport {
        findings = List.copyOf(findings);
    }
}
