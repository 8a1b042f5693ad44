package dev.slipway.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * How long a delivery waits before its next attempt: what the receiver asked for in {@code Retry-After} (capped),
 * else exponential backoff with jitter, so that many Slipway instances failing at once do not retry in step.
 */
final class Backoff {

    private Backoff() {
    }

    /**
     * The wait after {@code failed} attempts (1 or more): the receiver's {@code retryAfter}, at most
     * {@code maxRetryAfter}; otherwise {@code firstRetry × 2^(failed-1)}, at most {@code maxRetry}, scaled by a
     * random factor in [0.5, 1) ({@code random} in [0, 1)).
     */
    static Duration delay(Notifier.Options options, int failed, Optional<Duration> retryAfter, double random) {
        if (retryAfter.isPresent()) {
            Duration asked = retryAfter.get().isNegative() ? Duration.ZERO : retryAfter.get();
            return asked.compareTo(options.maxRetryAfter()) > 0 ? options.maxRetryAfter() : asked;
        }
        Duration base = options.firstRetry();
        for (int i = 1; i < failed && base.compareTo(options.maxRetry()) < 0; i++) {
            base = base.multipliedBy(2);
        }
        if (base.compareTo(options.maxRetry()) > 0) {
            base = options.maxRetry();
        }
        return Duration.ofNanos((long) (base.toNanos() * (0.5 + random / 2)));
    }

    /**
     * A {@code Retry-After} header: delay-seconds or an HTTP date (RFC 9110 §10.2.3); empty when absent or not
     * understood, so the ordinary backoff applies.
     */
    static Optional<Duration> retryAfter(Optional<String> header, Instant now) {
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String value = header.get().strip();
        if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
            // more digits than a long holds is "very long": the cap applies
            return Optional.of(value.length() > 12 ? Duration.ofSeconds(999_999_999_999L)
                    : Duration.ofSeconds(Long.parseLong(value)));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(at.isBefore(now) ? Duration.ZERO : Duration.between(now, at));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
