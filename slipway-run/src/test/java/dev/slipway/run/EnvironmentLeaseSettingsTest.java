package dev.slipway.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.model.UserError;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code SLIPWAY_LEASE_SECONDS} and the holder id a refusal shows. */
class EnvironmentLeaseSettingsTest {

    @Test
    void theLeaseLastsFifteenSecondsUnlessTheVariableSaysOtherwise() {
        assertThat(EnvironmentLease.duration(null)).isEqualTo(Duration.ofSeconds(15));
        assertThat(EnvironmentLease.duration(" ")).isEqualTo(Duration.ofSeconds(15));
        assertThat(EnvironmentLease.duration("3")).isEqualTo(Duration.ofSeconds(3));
        assertThat(EnvironmentLease.duration("0.5")).isEqualTo(Duration.ofMillis(500));
        for (String bad : new String[] {"0", "-1", "abc", "3601", "NaN"}) {
            assertThatThrownBy(() -> EnvironmentLease.duration(bad)).isInstanceOf(UserError.class)
                    .hasMessage("SLIPWAY_LEASE_SECONDS=" + bad + " is not a lease duration");
        }
    }

    @Test
    void theHolderIsTheHostAndARandomInstanceIdNeverTheProcessId() {
        assertThat(EnvironmentLease.HOLDER).matches(".+/[0-9a-f]{8}")
                .doesNotEndWith("/" + ProcessHandle.current().pid());
    }
}
