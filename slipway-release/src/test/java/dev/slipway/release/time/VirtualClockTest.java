package dev.slipway.release.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VirtualClockTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void runsCallbacksInTimeThenSchedulingOrderAndJumpsTime() {
        VirtualClock clock = new VirtualClock(T0);
        List<String> ran = new ArrayList<>();
        clock.after(Duration.ofMinutes(30), () -> ran.add("b@" + clock.now()));
        clock.after(Duration.ofSeconds(5), () -> {
            ran.add("a@" + clock.now());
            clock.after(Duration.ZERO, () -> ran.add("a2@" + clock.now()));
        });
        clock.after(Duration.ofMinutes(30), () -> ran.add("c@" + clock.now()));
        clock.after(Duration.ofHours(1), () -> ran.add("never")).cancel();

        clock.runUntilIdle(100);

        assertThat(ran).containsExactly("a@2026-01-01T00:00:05Z", "a2@2026-01-01T00:00:05Z",
                "b@2026-01-01T00:30:00Z", "c@2026-01-01T00:30:00Z");
        assertThat(clock.now()).isEqualTo(T0.plus(Duration.ofMinutes(30)));
    }

    @Test
    void runUntilStopsAtTheGivenTime() {
        VirtualClock clock = new VirtualClock(T0);
        List<Integer> ran = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            int minute = i;
            clock.after(Duration.ofMinutes(i), () -> ran.add(minute));
        }
        clock.runUntil(T0.plus(Duration.ofMinutes(3)).plusSeconds(1));
        assertThat(ran).containsExactly(1, 2, 3);
        assertThat(clock.now()).isEqualTo(T0.plus(Duration.ofMinutes(3)).plusSeconds(1));
        assertThat(clock.pending()).isEqualTo(2);
    }

    @Test
    void aModelThatNeverStopsIsCaught() {
        VirtualClock clock = new VirtualClock(T0);
        Runnable[] tick = new Runnable[1];
        tick[0] = () -> clock.after(Duration.ofSeconds(1), tick[0]);
        tick[0].run();
        assertThatThrownBy(() -> clock.runUntilIdle(1000)).hasMessageContaining("still busy after 1000 events");
    }
}
