package dev.slipway.model.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.Environment;
import dev.slipway.model.LoadResult;
import dev.slipway.model.ManifestPolicy;
import dev.slipway.model.PolicyRule;
import dev.slipway.model.Problem;
import dev.slipway.model.ScanPolicy;
import dev.slipway.model.VulnerabilitySeverity;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gates' keys of an environment: {@code scan} and {@code policy}. */
class GateSettingsSpecTest {

    private static final String HEAD = """
            system:
              name: shop
              registry: ghcr.io/acme/shop
            services:
              cart:
                image: ghcr.io/acme/cart:1.0.0
                port: 8080
            environments:
              - name: dev
            """;

    private static LoadResult load(String environments) {
        return SpecLoader.load(HEAD + environments, "slipway.yaml");
    }

    private static List<String> messages(String environments) {
        return load(environments).problems().stream().map(Problem::format).toList();
    }

    private static Environment production(String environments) {
        LoadResult result = load(environments);
        assertThat(result.problems()).isEmpty();
        return result.orThrow().environments().get(1);
    }

    @Test
    void withoutTheKeysNeitherGateRuns() {
        Environment env = production("  - name: production\n");
        assertThat(env.scan()).isEmpty();
        assertThat(env.policy()).isEmpty();
    }

    @Test
    void emptyKeysTakeTheDefaults() {
        Environment env = production("""
                  - name: production
                    scan: {}
                    policy: {}
                """);
        assertThat(env.scan()).contains(ScanPolicy.defaults());
        assertThat(env.scan().orElseThrow().failOn())
                .containsExactly(VulnerabilitySeverity.CRITICAL, VulnerabilitySeverity.HIGH);
        assertThat(env.scan().orElseThrow().ignoreUnfixed()).isTrue();
        assertThat(env.policy()).contains(ManifestPolicy.allRules());
    }

    @Test
    void readsFailOnWaiversRulesAndExceptions() {
        Environment env = production("""
                  - name: production
                    scan:
                      failOn: [CRITICAL]
                      ignoreUnfixed: false
                      waivers:
                        - {cve: CVE-2024-45337, reason: "not reachable: we do not use ssh", expires: 2027-01-31}
                    policy:
                      rules: [probes, pinned-image]
                      exceptions:
                        - {service: cart, rule: probes, reason: batch worker}
                """);
        ScanPolicy scan = env.scan().orElseThrow();
        assertThat(scan.failOn()).containsExactly(VulnerabilitySeverity.CRITICAL);
        assertThat(scan.ignoreUnfixed()).isFalse();
        assertThat(scan.waivers()).containsExactly(new ScanPolicy.Waiver("CVE-2024-45337",
                "not reachable: we do not use ssh", LocalDate.of(2027, 1, 31)));
        ManifestPolicy policy = env.policy().orElseThrow();
        assertThat(policy.rules()).containsExactly(PolicyRule.PROBES, PolicyRule.PINNED_IMAGE);
        assertThat(policy.applies(PolicyRule.PROBES, "cart")).isFalse();
        assertThat(policy.applies(PolicyRule.PINNED_IMAGE, "cart")).isTrue();
        assertThat(policy.applies(PolicyRule.RESOURCES, "cart")).isFalse();
    }

    @Test
    void anUnknownRuleIsLocatedWithTheClosestId() {
        assertThat(messages("""
                  - name: production
                    policy:
                      rules: [probes, run-as-nonroot]
                """)).containsExactly("slipway.yaml:12:23: environments[1].policy.rules[1]: unknown policy rule"
                + " 'run-as-nonroot' (hint: did you mean 'run-as-non-root'?)");
    }

    @Test
    void anExceptionNamesAKnownServiceAndRule() {
        assertThat(messages("""
                  - name: production
                    policy:
                      exceptions:
                        - {service: carts, rule: probe, reason: batch}
                """)).containsExactlyInAnyOrder(
                "slipway.yaml:13:21: environments[1].policy.exceptions[0].service: unknown service 'carts'"
                        + " (hint: did you mean 'cart'?)",
                "slipway.yaml:13:34: environments[1].policy.exceptions[0].rule: unknown policy rule 'probe'"
                        + " (hint: did you mean 'probes'?)");
    }

    @Test
    void anExceptionForARuleThatDoesNotApplyIsAWarning() {
        LoadResult result = load("""
                  - name: production
                    policy:
                      rules: [pinned-image]
                      exceptions:
                        - {service: cart, rule: probes, reason: batch}
                """);
        assertThat(result.spec()).isPresent();
        assertThat(result.problems()).extracting(Problem::format).containsExactly(
                "slipway.yaml:14:33: environments[1].policy.exceptions[0].rule: warning: rule 'probes' is not among"
                        + " this environment's policy rules, so the exception has no effect (hint: remove the"
                        + " exception, or add the rule to `rules`)");
    }

    @Test
    void waiversNeedAReasonARealDayAndOneEntryPerVulnerability() {
        List<String> problems = messages("""
                  - name: production
                    scan:
                      failOn: [SEVERE]
                      waivers:
                        - {cve: CVE-2024-1, reason: ok, expires: 2027-02-30}
                        - {cve: CVE-2024-2, expires: 2027-01-01}
                        - {cve: CVE-2024-3, reason: a, expires: 2027-01-01}
                        - {cve: CVE-2024-3, reason: b, expires: 2027-01-01}
                """);
        assertThat(problems).containsExactly(
                "slipway.yaml:12:16: environments[1].scan.failOn[0]: unknown value \"SEVERE\" (hint: expected one of:"
                        + " CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN)",
                "slipway.yaml:14:50: environments[1].scan.waivers[0].expires: \"2027-02-30\" is not a date"
                        + " (hint: write an existing day as YYYY-MM-DD)",
                "slipway.yaml:15:11: environments[1].scan.waivers[1]: missing required key 'reason'"
                        + " (hint: add `reason:` here)",
                "slipway.yaml:17:17: environments[1].scan.waivers[3].cve: a second waiver for CVE-2024-3"
                        + " (hint: keep one waiver per vulnerability)");
    }

    @Test
    void aManifestStreamReadsEveryDocumentWithItsOwnLines() throws Exception {
        List<YamlDocument> documents = YamlDocument.parseAll("""
                # a comment
                apiVersion: v1
                kind: Service
                ---
                ---
                apiVersion: apps/v1
                kind: Deployment
                spec:
                  replicas: 2
                """, "all.yaml");
        assertThat(documents).hasSize(2);
        assertThat(documents.get(1).root().get("kind").asString()).isEqualTo("Deployment");
        assertThat(documents.get(1).valuePosition(dev.slipway.model.DocPath.of("spec", "replicas")))
                .isEqualTo(new YamlDocument.Position(9, 13));
        assertThat(documents.get(1).keyPosition(dev.slipway.model.DocPath.of("spec", "replicas")).line()).isEqualTo(9);
    }
}
