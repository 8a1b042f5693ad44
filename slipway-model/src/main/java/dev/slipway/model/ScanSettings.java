package dev.slipway.model;

import java.util.List;

/** The image vulnerability scan: which tool, and which severities fail the pipeline. */
public record ScanSettings(String tool, List<String> failOn) {

    public ScanSettings {
        failOn = List.copyOf(failOn);
    }

    public static ScanSettings defaults() {
        return new ScanSettings("trivy", List.of("CRITICAL", "HIGH"));
    }
}
