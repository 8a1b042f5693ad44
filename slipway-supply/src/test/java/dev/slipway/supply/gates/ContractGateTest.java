package dev.slipway.supply.gates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.SystemSpec;
import dev.slipway.model.VersionRange;
import dev.slipway.model.load.SpecLoader;
import dev.slipway.release.Deployed;
import dev.slipway.release.Inventory;
import dev.slipway.supply.gates.ContractGate.Outcome;
import dev.slipway.supply.gates.ContractGate.Reason;
import dev.slipway.supply.gates.ContractGate.Running;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContractGateTest {

    private static final Instant T = Instant.parse("2026-12-07T01:00:00Z");

    private static VersionRange range(String text) {
        return VersionRange.parse(text).orElseThrow();
    }

    /** production: frontend 3.1.0 needs cart >=1.2 <2; cart 1.4.0 needs payments ^2.0; payments 2.3.0. */
    private static final Map<String, Running> PRODUCTION = Map.of(
            "frontend", new Running("frontend", "3.1.0", Map.of("cart", range(">=1.2 <2"))),
            "cart", new Running("cart", "1.4.0", Map.of("payments", range("^2.0"))),
            "payments", new Running("payments", "2.3.0", Map.of()));

    private static List<Outcome> outcomes(ContractGate.Answer answer) {
        return answer.reasons().stream().map(Reason::outcome).toList();
    }

    @Test
    void rangesInBothDirectionsSatisfiedAndNoVerificationRecordedDeploys() {
        ContractGate.Answer answer = ContractGate.canIDeploy("cart", "1.5.0", Map.of("payments", range("^2.1")),
                "production", PRODUCTION, List.of(), false);
        assertThat(outcomes(answer)).containsExactly(Outcome.RANGE_SATISFIED, Outcome.UNVERIFIED,
                Outcome.RANGE_SATISFIED, Outcome.UNVERIFIED);
        assertThat(answer.ok()).isTrue();
        assertThat(answer.gate().detail()).isEqualTo("cart 1.5.0 in production: cart 1.5.0 needs payments ^2.1: 2.3.0"
                + " satisfies it; cart 1.5.0 with payments 2.3.0: no verification recorded; frontend 3.1.0 needs cart"
                + " >=1.2 <2: 1.5.0 satisfies it; frontend 3.1.0 with cart 1.5.0: no verification recorded");
    }

    @Test
    void aRunningConsumerWhoseRangeExcludesTheNewVersionBlocks() {
        ContractGate.Answer answer = ContractGate.canIDeploy("cart", "2.0.0", Map.of("payments", range("^2.1")),
                "production", PRODUCTION, List.of(), false);
        assertThat(answer.ok()).isFalse();
        GateResult gate = answer.gate();
        assertThat(gate.name()).isEqualTo("contracts");
        assertThat(gate.detail()).startsWith("cart 2.0.0 in production: 1 of 4 checks block: ")
                .contains("frontend 3.1.0 needs cart >=1.2 <2: 2.0.0 is outside it");
        assertThat(gate.hint()).isNotBlank();
    }

    @Test
    void aNeedTheEnvironmentCannotMeetBlocks() {
        ContractGate.Answer answer = ContractGate.canIDeploy("cart", "1.5.0",
                Map.of("payments", range("^3"), "redis", range("^7")), "production", PRODUCTION, List.of(), false);
        assertThat(answer.reasons()).filteredOn(Reason::blocks).extracting(Reason::detail).containsExactly(
                "cart 1.5.0 needs payments ^3: 2.3.0 is outside it",
                "cart 1.5.0 needs redis ^7, and no redis runs in production");
    }

    @Test
    void aRecordedFailedVerificationBlocksAndTheLatestResultCounts() {
        List<Verification> verifications = List.of(
                new Verification("frontend", "3.1.0", "cart", "1.5.0", true, T),
                new Verification("frontend", "3.1.0", "cart", "1.5.0", false, T.plusSeconds(60)),
                new Verification("cart", "1.5.0", "payments", "2.3.0", false, T),
                new Verification("cart", "1.5.0", "payments", "2.3.0", true, T.plusSeconds(60)),
                new Verification("frontend", "3.0.0", "cart", "1.5.0", false, T.plusSeconds(90)));
        ContractGate.Answer answer = ContractGate.canIDeploy("cart", "1.5.0", Map.of("payments", range("^2.1")),
                "production", PRODUCTION, verifications, false);
        assertThat(outcomes(answer)).containsExactly(Outcome.RANGE_SATISFIED, Outcome.VERIFIED,
                Outcome.RANGE_SATISFIED, Outcome.VERIFICATION_FAILED);
        assertThat(answer.ok()).isFalse();
        assertThat(answer.reasons().get(3).detail())
                .isEqualTo("frontend 3.1.0 with cart 1.5.0: verification failed at 2026-12-07T01:01:00Z");
    }

    @Test
    void requiringVerificationMakesAnUnverifiedPairBlock() {
        ContractGate.Answer answer = ContractGate.canIDeploy("cart", "1.5.0", Map.of("payments", range("^2.1")),
                "production", PRODUCTION, List.of(new Verification("cart", "1.5.0", "payments", "2.3.0", true, T)), true);
        assertThat(answer.reasons()).filteredOn(Reason::blocks).extracting(Reason::detail)
                .containsExactly("frontend 3.1.0 with cart 1.5.0: no verification recorded (required)");
    }

    @Test
    void aVerificationOfAPairWithoutADeclaredRangeStillCounts() {
        List<Verification> verifications = List.of(new Verification("search", "1.0.0", "cart", "1.5.0", false, T));
        Map<String, Running> withSearch = new java.util.HashMap<>(PRODUCTION);
        withSearch.put("search", new Running("search", "1.0.0", Map.of()));
        ContractGate.Answer answer = ContractGate.canIDeploy("cart", "1.5.0", Map.of("payments", range("^2.1")),
                "production", withSearch, verifications, false);
        assertThat(answer.reasons()).filteredOn(Reason::blocks).extracting(Reason::detail)
                .containsExactly("search 1.0.0 with cart 1.5.0: verification failed at 2026-12-07T01:00:00Z");
    }

    @Test
    void whatRunsTakesTheRecordedRangesElseTheSpecs() {
        SystemSpec spec = SpecLoader.load("""
                system: {name: shop, registry: ghcr.io/acme/shop}
                services:
                  frontend: {image: "ghcr.io/acme/frontend:3.1.0", port: 80, dependsOn: {cart: ">=1.2 <2"}}
                  cart: {image: "ghcr.io/acme/cart:1.4.0", port: 80, dependsOn: {payments: "^2.0"}}
                  payments: {image: "ghcr.io/acme/payments:2.3.0", port: 80}
                """, "slipway.yaml").orThrow();
        Inventory inventory = Inventory.empty("production")
                .with(Deployed.stable("frontend", "3.1.0").withRanges(VersionRange.parseAll(Map.of("cart", ">=1.0 <1.5"))))
                .with(Deployed.stable("cart", "1.4.0"));
        Map<String, Running> running = ContractGate.running(inventory, spec);
        assertThat(running.get("frontend").needs()).isEqualTo(Map.of("cart", range(">=1.0 <1.5")));
        assertThat(running.get("cart").needs()).isEqualTo(Map.of("payments", range("^2.0")));
        // the spec's cart needs payments ^2.0, and no payments runs there
        ContractGate.Answer answer = ContractGate.canIDeploy(spec, "cart", "1.5.0", inventory, List.of(), false);
        assertThat(answer.environment()).isEqualTo("production");
        assertThat(answer.reasons()).filteredOn(Reason::blocks).extracting(Reason::detail).containsExactly(
                "cart 1.5.0 needs payments ^2.0, and no payments runs in production",
                "frontend 3.1.0 needs cart >=1.0 <1.5: 1.5.0 is outside it");
    }

    @Test
    void aServiceNothingRelatesToPasses() {
        ContractGate.Answer answer = ContractGate.canIDeploy("search", "1.0.0", Map.of(), "production", PRODUCTION,
                List.of(), true);
        assertThat(answer.ok()).isTrue();
        assertThat(answer.gate().detail()).contains("no declared dependency or dependent");
    }
}
