package dev.slipway.model;

import java.util.Arrays;
import java.util.List;

/**
 * An environment's manifest policy ({@code policy:}): the built-in rules that apply to the manifests a release
 * applies there, and the exemptions granted to single services.
 */
public record ManifestPolicy(List<PolicyRule> rules, List<Exemption> exceptions) {

    public ManifestPolicy {
        rules = List.copyOf(rules);
        exceptions = List.copyOf(exceptions);
    }

    /** {@code policy: {}}: every rule, no exceptions. */
    public static ManifestPolicy allRules() {
        return new ManifestPolicy(Arrays.asList(PolicyRule.values()), List.of());
    }

    /** True when {@code rule} applies to {@code service}: it is selected and no exception covers it. */
    public boolean applies(PolicyRule rule, String service) {
        return rules.contains(rule) && exemption(rule, service).isEmpty();
    }

    public java.util.Optional<Exemption> exemption(PolicyRule rule, String service) {
        return exceptions.stream().filter(e -> e.rule() == rule && e.service().equals(service)).findFirst();
    }

    /** A service that need not follow a rule, and why (shown in the gate's detail). */
    public record Exemption(String service, PolicyRule rule, String reason) {
    }
}
