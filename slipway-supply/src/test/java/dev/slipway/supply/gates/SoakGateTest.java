package dev.slipway.supply.gates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.release.dora.Deployment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SoakGateTest {

    private static final String A = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String B = "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private static final Instant T0 = Instant.parse("2026-12-07T01:00:00Z");
    private static final Duration SOAK = Duration.ofMinutes(30);

    private static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    private static Deployment ok(String service, String version, String digest, int started, int finished) {
        return Deployment.succeeded(service, version, "staging", at(started), at(finished)).withDigest(digest);
    }

    @Test
    void aDigestStillRunningSaysHowLongItRanAndHowLongRemains() {
        List<Deployment> history = List.of(ok("cart", "1.4.0", A, 0, 2));
        SoakGate.Soak soak = SoakGate.check("staging", history, "cart", A, SOAK, at(14));
        assertThat(soak.ok()).isFalse();
        assertThat(soak.ran()).isEqualTo(Duration.ofMinutes(12));
        assertThat(soak.remains()).isEqualTo(Duration.ofMinutes(18));
        GateResult gate = soak.gate();
        assertThat(gate).isEqualTo(GateResult.blocked("soak", "cart sha256:aaaaaaaaaaaa has run healthy in staging"
                + " for 12m (since 2026-12-07T01:02:00Z); 18m of the 30m soak remain",
                "wait 18m and plan the release again"));
    }

    @Test
    void itPassesOnceTheSoakHasPassed() {
        SoakGate.Soak soak = SoakGate.check("staging", List.of(ok("cart", "1.4.0", A, 0, 2)), "cart", A, SOAK, at(32));
        assertThat(soak.ok()).isTrue();
        assertThat(soak.remains()).isZero();
        assertThat(soak.gate().detail()).isEqualTo("cart sha256:aaaaaaaaaaaa has run healthy in staging for 30m"
                + " (since 2026-12-07T01:02:00Z); the soak is 30m");
    }

    @Test
    void aDigestThatNeverRanThereIsBlocked() {
        List<Deployment> history = List.of(ok("cart", "1.4.0", A, 0, 2),
                Deployment.failed("cart", "1.5.0", "staging", Deployment.Outcome.ROLLED_BACK, at(3), at(9)).withDigest(B));
        // B ran in dev only
        List<Deployment> otherEnv = List.of(new Deployment("cart", "1.5.0", Optional.of(B), "dev", Optional.empty(),
                Optional.empty(), at(0), Optional.of(at(1)), Deployment.Outcome.SUCCEEDED, Optional.empty()));
        SoakGate.Soak soak = SoakGate.check("staging", otherEnv, "cart", B, SOAK, at(60));
        assertThat(soak.ok()).isFalse();
        assertThat(soak.since()).isEmpty();
        assertThat(soak.gate().detail()).isEqualTo("cart sha256:bbbbbbbbbbbb has never run healthy in staging");
        assertThat(soak.gate().hint()).isEqualTo("deploy it to staging first (or promote it there), and let it run 30m");
        assertThat(soak.promoteFrom()).isEqualTo(GateResult.blocked("promote-from", "cart sha256:bbbbbbbbbbbb never"
                + " ran healthy in staging, which this environment is promoted from", "promote what runs in staging"
                + " (slipway promote), or deploy this digest to staging first; an admin may override with --force"
                + " --reason"));
        // a rolled-back deployment of B is no run of B, and does not interrupt A's
        SoakGate.Soak rolledBack = SoakGate.check("staging", history, "cart", B, SOAK, at(60));
        assertThat(rolledBack.since()).isEmpty();
        SoakGate.Soak a = SoakGate.check("staging", history, "cart", A, SOAK, at(60));
        assertThat(a.ran()).isEqualTo(Duration.ofMinutes(58));
        assertThat(a.until()).isEmpty();
    }

    @Test
    void aReplacedDigestKeepsItsLongestRunAndARedeployDoesNotRestartIt() {
        List<Deployment> history = List.of(
                ok("cart", "1.4.0", A, 0, 2),
                ok("cart", "1.4.0", A, 10, 12),   // redeployed: still the same run
                ok("catalog", "2.0.0", B, 12, 13), // another service
                ok("cart", "1.5.0", B, 40, 47),    // replaced after 45m
                ok("cart", "1.4.0", A, 50, 51));   // back again: a shorter run
        SoakGate.Soak soak = SoakGate.check("staging", history, "cart", A, Duration.ofHours(1), at(60));
        assertThat(soak.since()).contains(at(2));
        assertThat(soak.until()).contains(at(47));
        assertThat(soak.ran()).isEqualTo(Duration.ofMinutes(45));
        assertThat(soak.remains()).isEqualTo(Duration.ofMinutes(15));
        assertThat(soak.gate().detail()).isEqualTo("cart sha256:aaaaaaaaaaaa ran healthy in staging for 45m"
                + " (2026-12-07T01:02:00Z to 2026-12-07T01:47:00Z, then replaced); 15m of the 1h soak remain");
        assertThat(soak.gate().hint()).startsWith("it no longer runs in staging");
        SoakGate.Soak enough = SoakGate.check("staging", history, "cart", A, Duration.ofMinutes(45), at(60));
        assertThat(enough.ok()).isTrue();
        assertThat(soak.promoteFrom()).isEqualTo(GateResult.passed("promote-from",
                "cart sha256:aaaaaaaaaaaa ran healthy in staging (from 2026-12-07T01:02:00Z)"));
    }

    @Test
    void withNoSoakARunIsEnough() {
        SoakGate.Soak soak = SoakGate.check("staging", List.of(ok("cart", "1.4.0", A, 0, 2)), "cart", A,
                Duration.ZERO, at(2));
        assertThat(soak.ok()).isTrue();
        assertThat(soak.gate().detail()).endsWith("for 0s (since 2026-12-07T01:02:00Z); no soak is required");
        assertThat(SoakGate.text(Duration.ofSeconds(3725))).isEqualTo("1h2m5s");
    }
}
