package dev.slipway.sandbox;

import dev.slipway.model.VersionRange;
import static dev.slipway.sandbox.Fixture.ENV;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.release.Deployed;
import dev.slipway.release.Inventory;
import dev.slipway.release.Track;
import dev.slipway.release.cluster.RolloutStatus;
import dev.slipway.release.cluster.TrackSpec;
import dev.slipway.release.time.VirtualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxStateTest {

    /** The shop, checkout mid-canary with a route, payments released with ranges and a digest, a fault. */
    static Fixture busyShop() {
        Fixture f = new Fixture(Fixture.shop(), SandboxOptions.defaults(99));
        f.installAll(Fixture.shop(), "1.0.0", 2);
        f.cluster.inject(Faults.of(Fault.errors("checkout", "2.0.0", 0.3), Fault.crashLoop("catalog", "9.0.0")));
        f.cluster.apply(new TrackSpec(ENV, "payments", Track.STABLE, "1.1.0", "registry.example/payments:1.1.0",
                Optional.of("sha256:abc"), 2, "1", "0", Map.of()));
        f.cluster.apply(new TrackSpec(ENV, "checkout", Track.CANARY, "2.0.0", "registry.example/checkout:2.0.0",
                Optional.empty(), 1, "25%", "25%", VersionRange.parseAll(Map.of("payments", ">=1.1.0 <2.0.0", "catalog",
                "^1.0.0"))));
        f.settle();
        f.cluster.route(ENV, "checkout", Map.of(Track.STABLE, 80, Track.CANARY, 20));
        f.advance(Duration.ofMinutes(3));
        return f;
    }

    @Test
    void theInventoryReportsVersionsWeightsDigestsHealthAndRanges() {
        Inventory inventory = busyShop().cluster.inventory(ENV);

        assertThat(inventory.services().keySet()).containsExactly("catalog", "checkout", "frontend", "payments");
        Deployed checkout = inventory.deployed("checkout").orElseThrow();
        assertThat(checkout.version()).isEqualTo("1.0.0"); // stable still takes traffic
        assertThat(checkout.tracks()).extracting(t -> t.track() + ":" + t.version() + "=" + t.weight())
                .containsExactly("STABLE:1.0.0=80", "CANARY:2.0.0=20");
        assertThat(checkout.trafficSplit()).isTrue();
        assertThat(checkout.healthy()).isTrue();
        assertThat(checkout.digest()).contains(SandboxCluster.digest("checkout", "1.0.0"));
        assertThat(SandboxCluster.digest("checkout", "1.0.0")).matches("sha256:[0-9a-f]{64}")
                .isNotEqualTo(SandboxCluster.digest("checkout", "2.0.0"));
        assertThat(inventory.deployed("payments").orElseThrow().digest()).contains("sha256:abc");
        assertThat(checkout.ranges()).contains(Map.of()); // recorded at apply: stable 1.0.0 had none
    }

    @Test
    void theRangesOfTheReleasedVersionComeFromItsApply() {
        Fixture f = busyShop();
        f.cluster.route(ENV, "checkout", Map.of(Track.CANARY, 100));
        Deployed checkout = f.cluster.inventory(ENV).deployed("checkout").orElseThrow();
        assertThat(checkout.version()).isEqualTo("2.0.0");
        assertThat(checkout.ranges()).contains(VersionRange.parseAll(Map.of("payments", ">=1.1.0 <2.0.0", "catalog",
                "^1.0.0")));
    }

    @Test
    void aStateSavedAndLoadedGivesTheSameCluster(@TempDir Path dataDir) throws Exception {
        Fixture f = busyShop();
        SandboxState saved = f.cluster.state();
        saved.save(dataDir);

        SandboxState loaded = SandboxState.load(dataDir).orElseThrow();
        VirtualClock clock = new VirtualClock(loaded.instant());
        SandboxCluster restored = SandboxCluster.restore(loaded, clock, Fixture.shop(), SandboxOptions.defaults(1));

        assertThat(loaded).isEqualTo(saved);
        assertThat(loaded.seed()).isEqualTo(99);
        assertThat(loaded.instant()).isEqualTo(f.clock.now());
        assertThat(restored.state()).isEqualTo(saved);
        assertThat(restored.inventory(ENV)).isEqualTo(f.cluster.inventory(ENV));
        assertThat(restored.faults()).isEqualTo(f.cluster.faults());
        assertThat(restored.options().seed()).isEqualTo(99);
        assertThat(Files.list(dataDir).map(p -> p.getFileName().toString())).containsExactly("sandbox.json");
        assertThat(Files.readString(SandboxState.file(dataDir))).contains("\"seed\" : 99", "\"checkout\"",
                "\">=1.1.0 <2.0.0\"", "\"errorRate\" : 0.3");

        // it goes on: traffic flows as routed and a rollout runs on the restored clock
        clock.runUntil(clock.now().plusSeconds(60));
        var canary = restored.sample(ENV, "checkout", Track.CANARY, clock.now().minusSeconds(60), clock.now());
        assertThat(canary.hasData()).isTrue();
        assertThat(canary.errorRate()).isBetween(0.2, 0.4);
        restored.apply(Fixture.spec("catalog", Track.STABLE, "1.1.0", 2, "25%", "25%"));
        clock.runUntilIdle(100_000);
        assertThat(RolloutStatus.of(restored.status(ENV, "catalog", Track.STABLE).orElseThrow(), 2))
                .isEqualTo(RolloutStatus.COMPLETE);
        assertThat(restored.status(ENV, "catalog", Track.STABLE).orElseThrow().generation()).isEqualTo(2);
    }

    @Test
    void savingAgainReplacesTheFileAndResetForgetsIt(@TempDir Path dataDir) {
        assertThat(SandboxState.load(dataDir)).isEmpty();
        Fixture f = busyShop();
        f.cluster.state().save(dataDir);
        f.advance(Duration.ofMinutes(1));
        f.cluster.state().save(dataDir);

        assertThat(SandboxState.load(dataDir).orElseThrow().instant()).isEqualTo(f.clock.now());
        assertThat(SandboxState.reset(dataDir)).isTrue();
        assertThat(SandboxState.load(dataDir)).isEmpty();
        assertThat(SandboxState.reset(dataDir)).isFalse();
    }

    @Test
    void aDamagedStateFileSaysHowToGetOut(@TempDir Path dataDir) throws Exception {
        Files.writeString(SandboxState.file(dataDir), "{\"format\": 1, \"seed\": 1, \"tme\": \"x\"}");
        assertThatThrownBy(() -> SandboxState.load(dataDir)).isInstanceOf(SandboxState.Unreadable.class)
                .hasMessageContaining("sandbox.json").hasMessageContaining("slipway sandbox reset");
        Files.writeString(SandboxState.file(dataDir), "{\"format\": 7, \"seed\": 1, \"time\": \"2026-01-01T00:00:00Z\"}");
        assertThatThrownBy(() -> SandboxState.load(dataDir)).isInstanceOf(SandboxState.Unreadable.class)
                .hasMessageContaining("format 7");
    }
}
