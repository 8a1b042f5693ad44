package dev.slipway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ScaledClockTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void callbacksRunInOrderOnOneThreadAfterTheScaledDelay() throws Exception {
        // 100x: "a" has 200 ms of real time to run before "b" is due, enough on a loaded machine (at 1000x, 20 ms
        // was not: "a" ran late, and the "a2" it scheduled was due after "b")
        try (ScaledClock clock = new ScaledClock(T0, 100)) {
            List<String> ran = new CopyOnWriteArrayList<>();
            List<Thread> threads = new CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(1);
            long started = System.nanoTime();
            clock.after(Duration.ofSeconds(30), () -> {
                ran.add("b");
                threads.add(Thread.currentThread());
                done.countDown();
            });
            clock.after(Duration.ofSeconds(10), () -> {
                ran.add("a");
                threads.add(Thread.currentThread());
                clock.after(Duration.ZERO, () -> ran.add("a2"));
            });
            clock.after(Duration.ofSeconds(20), () -> ran.add("never")).cancel();

            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            long realMillis = (System.nanoTime() - started) / 1_000_000;

            assertThat(ran).containsExactly("a", "a2", "b");
            assertThat(threads).hasSize(2).allMatch(t -> t == threads.getFirst());
            assertThat(threads.getFirst()).isNotSameAs(Thread.currentThread());
            assertThat(realMillis).as("30 virtual seconds at 100x").isBetween(299L, 4_000L);
            assertThat(clock.now()).isAfterOrEqualTo(T0.plusSeconds(30));
        }
    }

    @Test
    void nowAdvancesAtTheGivenSpeed() throws Exception {
        try (ScaledClock clock = new ScaledClock(T0, 100)) {
            Thread.sleep(50);
            assertThat(Duration.between(T0, clock.now())).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(60));
        }
    }

    @Test
    void aFailingCallbackIsKeptAndTheClockGoesOn() throws Exception {
        try (ScaledClock clock = new ScaledClock(T0, 1000)) {
            CountDownLatch after = new CountDownLatch(1);
            clock.after(Duration.ofSeconds(1), () -> {
                throw new IllegalStateException("boom");
            });
            clock.after(Duration.ofSeconds(2), after::countDown);
            assertThat(after.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(clock.failure()).hasMessage("boom");
        }
    }
}
