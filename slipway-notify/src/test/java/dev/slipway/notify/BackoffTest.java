package dev.slipway.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Notifier.Options OPTIONS = new Notifier.Options(8, Duration.ofSeconds(1),
            Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(30));
    private static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");

    @Test
    void theWaitDoublesFromTheFirstRetryUpToTheCap() {
        // random 1.0 is the top of the jitter range (factor 1): the undisturbed exponential
        assertThat(Backoff.delay(OPTIONS, 1, Optional.empty(), 1.0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(Backoff.delay(OPTIONS, 2, Optional.empty(), 1.0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(Backoff.delay(OPTIONS, 3, Optional.empty(), 1.0)).isEqualTo(Duration.ofSeconds(4));
        assertThat(Backoff.delay(OPTIONS, 5, Optional.empty(), 1.0)).isEqualTo(Duration.ofSeconds(16));
        assertThat(Backoff.delay(OPTIONS, 6, Optional.empty(), 1.0)).isEqualTo(Duration.ofSeconds(30));
        assertThat(Backoff.delay(OPTIONS, 60, Optional.empty(), 1.0)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void jitterTakesUpToHalfTheWaitAway() {
        assertThat(Backoff.delay(OPTIONS, 3, Optional.empty(), 0.0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(Backoff.delay(OPTIONS, 3, Optional.empty(), 0.5)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void retryAfterReplacesTheBackoffUpToItsCap() {
        assertThat(Backoff.delay(OPTIONS, 1, Optional.of(Duration.ofSeconds(7)), 0.0))
                .isEqualTo(Duration.ofSeconds(7));
        assertThat(Backoff.delay(OPTIONS, 1, Optional.of(Duration.ofHours(2)), 0.0))
                .isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
        assertThat(Backoff.retryAfter(Optional.of("120"), NOW)).contains(Duration.ofSeconds(120));
        assertThat(Backoff.retryAfter(Optional.of(" 0 "), NOW)).contains(Duration.ZERO);
        assertThat(Backoff.retryAfter(Optional.of("Sun, 01 Mar 2026 10:16:00 GMT"), NOW))
                .contains(Duration.ofSeconds(30));
        assertThat(Backoff.retryAfter(Optional.of("Sun, 01 Mar 2026 10:00:00 GMT"), NOW)).contains(Duration.ZERO);
        assertThat(Backoff.retryAfter(Optional.of("99999999999999999999"), NOW).orElseThrow())
                .isGreaterThan(Duration.ofDays(365));
    }

    @Test
    void aRetryAfterNotUnderstoodLeavesTheBackoff() {
        assertThat(Backoff.retryAfter(Optional.empty(), NOW)).isEmpty();
        assertThat(Backoff.retryAfter(Optional.of("soon"), NOW)).isEmpty();
        assertThat(Backoff.retryAfter(Optional.of("-5"), NOW)).isEmpty();
        assertThat(Backoff.retryAfter(Optional.of(""), NOW)).isEmpty();
    }
}
