package dev.slipway.release.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimerQueueTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void givesCallbacksInDueTimeThenSchedulingOrderSkippingCancelledOnes() {
        TimerQueue queue = new TimerQueue();
        List<String> ran = new ArrayList<>();
        queue.add(T0.plusSeconds(30), () -> ran.add("b"));
        queue.add(T0.plusSeconds(5), () -> ran.add("a"));
        Clock.Timer cancelled = queue.add(T0.plusSeconds(1), () -> ran.add("never"));
        queue.add(T0.plusSeconds(30), () -> ran.add("c"));
        cancelled.cancel();

        assertThat(queue.size()).as("cancelled ones count until reached").isEqualTo(4);
        assertThat(queue.nextDue()).contains(T0.plusSeconds(5));
        List<Instant> due = new ArrayList<>();
        for (var next = queue.poll(); next.isPresent(); next = queue.poll()) {
            due.add(next.get().at());
            next.get().action().run();
        }
        assertThat(ran).containsExactly("a", "b", "c");
        assertThat(due).containsExactly(T0.plusSeconds(5), T0.plusSeconds(30), T0.plusSeconds(30));
        assertThat(queue.nextDue()).isEmpty();
        assertThat(queue.size()).isZero();
    }

    @Test
    void aTimerCancelledAfterItWasTakenChangesNothing() {
        TimerQueue queue = new TimerQueue();
        Clock.Timer timer = queue.add(T0, () -> { });
        assertThat(queue.poll()).isPresent();
        timer.cancel();
        queue.add(T0, () -> { });
        assertThat(queue.poll()).isPresent();
    }
}
