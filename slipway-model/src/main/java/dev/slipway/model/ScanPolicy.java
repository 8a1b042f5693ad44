package dev.slipway.model;

import java.time.LocalDate;
import java.util.List;

/**
 * An environment's vulnerability gate ({@code scan:}): the severities that block a release into it, whether a
 * vulnerability without a fixed version is ignored, and the waivers the team has granted.
 *
 * @param ignoreUnfixed when true, a vulnerability blocks only when a fixed version is available: nothing can be
 *                      done about the others but wait, and blocking them would stop every release
 */
public record ScanPolicy(List<VulnerabilitySeverity> failOn, boolean ignoreUnfixed, List<Waiver> waivers) {

    public static final List<VulnerabilitySeverity> DEFAULT_FAIL_ON =
            List.of(VulnerabilitySeverity.CRITICAL, VulnerabilitySeverity.HIGH);

    public ScanPolicy {
        failOn = List.copyOf(failOn);
        waivers = List.copyOf(waivers);
    }

    /** {@code scan: {}}: CRITICAL and HIGH block when fixed, no waivers. */
    public static ScanPolicy defaults() {
        return new ScanPolicy(DEFAULT_FAIL_ON, true, List.of());
    }

    /**
     * A vulnerability the team accepts for a while: it no longer blocks until the end of {@code expires} (UTC).
     *
     * @param cve the vulnerability id as the scanner reports it (CVE-..., GHSA-..., ...)
     */
    public record Waiver(String cve, String reason, LocalDate expires) {

        /** True on every day up to and including {@code expires}. */
        public boolean appliesOn(LocalDate day) {
            return !day.isAfter(expires);
        }
    }
}
