package dev.slipway.supply.gates;

import dev.slipway.model.VulnerabilitySeverity;
import java.util.Optional;

/**
 * One vulnerability a scanner found in one package of an image.
 *
 * @param target         what was scanned (an OS layer such as {@code alpine 3.19.1}, a lock file, a binary)
 * @param status         Trivy's status ({@code fixed}, {@code affected}, {@code will_not_fix}, {@code not_affected},
 *                       ...) when the report has one
 * @param severitySource where the severity came from
 */
public record ScanFinding(String id, String packageName, String installedVersion, Optional<String> fixedVersion,
                          VulnerabilitySeverity severity, String target, Optional<String> status,
                          SeveritySource severitySource) {

    /** Where a finding's severity came from: a SARIF file of another scanner may not name one. */
    public enum SeveritySource {
        /** The scanner named it (Trivy's Severity, its SARIF tag or message). */
        REPORT,
        /** SARIF's security-severity CVSS score, in the bands GitHub code scanning uses. */
        CVSS,
        /** SARIF's result level. */
        LEVEL,
        /** Nothing says: UNKNOWN. */
        NONE
    }

    /** A fix exists: the report names a fixed version, or Trivy says the status is {@code fixed}. */
    public boolean fixable() {
        return fixedVersion.isPresent() || status.filter("fixed"::equals).isPresent();
    }

    /** The vendor says the package is not affected: such a finding never blocks. */
    public boolean notAffected() {
        return status.filter("not_affected"::equals).isPresent();
    }

    /** {@code CVE-2024-1 HIGH in openssl 3.0.2 (fixed in 3.0.7)}. */
    public String describe() {
        String severityText = severity.name() + switch (severitySource) {
            case CVSS -> " (from its CVSS score)";
            case LEVEL -> " (from the SARIF level)";
            case NONE -> " (no severity in the report)";
            case REPORT -> "";
        };
        return id + " " + severityText + " in " + packageName + (installedVersion.isEmpty() ? "" : " " + installedVersion)
                + fixedVersion.map(f -> " (fixed in " + f + ")").orElse(" (no fix yet)");
    }
}
