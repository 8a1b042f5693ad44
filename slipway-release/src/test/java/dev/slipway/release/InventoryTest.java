package dev.slipway.release;

import dev.slipway.model.VersionRange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InventoryTest {

    @Test
    void anEmptyInventoryHasNothingInstalled() {
        Inventory empty = Inventory.empty("dev");
        assertThat(empty.services()).isEmpty();
        assertThat(empty.deployed("cart")).isEmpty();
    }

    @Test
    void addingAServiceLeavesTheOriginalUntouchedAndKeepsServicesByName() {
        Inventory empty = Inventory.empty("dev");
        Inventory two = empty.with(Deployed.stable("payments", "2.0.0")).with(Deployed.stable("cart", "1.0.0"));

        assertThat(empty.services()).isEmpty();
        assertThat(two.services().keySet()).containsExactly("cart", "payments");
        assertThat(two.with(Deployed.stable("cart", "1.1.0")).deployed("cart").orElseThrow().version())
                .isEqualTo("1.1.0");
        assertThatThrownBy(() -> two.services().put("x", Deployed.stable("x", "1.0.0")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aCanaryMidRolloutSplitsTraffic() {
        Deployed midCanary = new Deployed("checkout", "1.8.0", Optional.of("sha256:abc"), List.of(
                new TrackState(Track.STABLE, "1.8.0", 80), new TrackState(Track.CANARY, "2.0.0", 20)), true,
                Optional.empty());
        assertThat(midCanary.trafficSplit()).isTrue();
        assertThat(Deployed.stable("checkout", "1.8.0").trafficSplit()).isFalse();
        assertThat(Track.CANARY.keyword()).isEqualTo("canary");
    }

    @Test
    void weightsMustAddUpToAHundred() {
        assertThatThrownBy(() -> new Deployed("checkout", "1.8.0", Optional.empty(), List.of(
                new TrackState(Track.BLUE, "1.8.0", 100), new TrackState(Track.GREEN, "2.0.0", 100)), true,
                Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("checkout: track weights add up to 200, not 100");
    }

    @Test
    void recordedRangesAreCopiedAndUnknownRangesDifferFromNone() {
        Map<String, VersionRange> ranges = new HashMap<>(VersionRange.parseAll(Map.of("payments", "^2.0.0")));
        Deployed checkout = Deployed.stable("checkout", "1.8.0").withRanges(ranges);
        ranges.clear();

        assertThat(checkout.ranges()).contains(VersionRange.parseAll(Map.of("payments", "^2.0.0")));
        assertThat(Deployed.stable("checkout", "1.8.0").ranges()).isEmpty();
        assertThat(Deployed.stable("checkout", "1.8.0").withRanges(Map.of()).ranges()).contains(Map.of());
    }

    @Test
    void anInventoryKeyMustNameItsService() {
        assertThatThrownBy(() -> new Inventory("dev", Map.of("cart", Deployed.stable("payments", "1.0.0"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("inventory key cart holds payments");
    }
}
