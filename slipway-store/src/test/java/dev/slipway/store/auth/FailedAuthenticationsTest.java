package dev.slipway.store.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.release.time.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FailedAuthenticationsTest {

    static final Instant T0 = Instant.parse("2026-03-04T05:06:07Z");

    @Test
    void tenFailuresWithinAMinuteRefuseTheAddressForFiveMinutes() {
        VirtualClock clock = new VirtualClock(T0);
        FailedAuthentications failures = FailedAuthentications.standard(clock);
        for (int i = 0; i < 9; i++) {
            failures.failed("10.0.0.9");
            clock.runUntil(clock.now().plusSeconds(5));
        }
        assertThat(failures.refusedFor("10.0.0.9")).as("nine failures").isEmpty();
        failures.failed("10.0.0.9");
        assertThat(failures.refusedFor("10.0.0.9")).contains(Duration.ofMinutes(5));
        assertThat(failures.refusedFor("10.0.0.10")).as("another address").isEmpty();

        clock.runUntil(clock.now().plus(Duration.ofMinutes(4)));
        assertThat(failures.refusedFor("10.0.0.9")).contains(Duration.ofMinutes(1));
        clock.runUntil(clock.now().plus(Duration.ofMinutes(1)));
        assertThat(failures.refusedFor("10.0.0.9")).as("cooled down").isEmpty();
        failures.failed("10.0.0.9");
        assertThat(failures.refusedFor("10.0.0.9")).as("counting starts afresh after a cooldown").isEmpty();
    }

    @Test
    void failuresOlderThanTheWindowDoNotCount() {
        VirtualClock clock = new VirtualClock(T0);
        FailedAuthentications failures = FailedAuthentications.standard(clock);
        for (int i = 0; i < 30; i++) {
            failures.failed("10.0.0.9");
            // one failure every 7 s: never ten within a minute
            clock.runUntil(clock.now().plusSeconds(7));
            assertThat(failures.refusedFor("10.0.0.9")).as("failure %d", i).isEqualTo(Optional.empty());
        }
    }

    @Test
    void aFloodOfAddressesIsForgottenOnceIdle() {
        VirtualClock clock = new VirtualClock(T0);
        FailedAuthentications failures = new FailedAuthentications(clock, 1, Duration.ofMinutes(1),
                Duration.ofMinutes(5));
        for (int i = 0; i < 10_001; i++) {
            failures.failed("10.1." + i);
        }
        assertThat(failures.refusedFor("10.1.7")).isPresent();
        assertThat(failures.remembered()).isEqualTo(10_001);
        clock.runUntil(T0.plus(Duration.ofMinutes(6)));
        failures.failed("10.2.0.1");
        assertThat(failures.remembered()).as("the idle ones forgotten").isEqualTo(1);
        assertThat(failures.refusedFor("10.2.0.1")).as("the newest one counts").contains(Duration.ofMinutes(5));
    }
}
