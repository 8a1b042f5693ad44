package dev.slipway.store.auth;

import dev.slipway.release.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Failed authentications per key, in memory: {@code limit} failures within {@code window} refuse that key for
 * {@code cooldown}. The {@link Authenticator} counts two kinds of key apart: the source address, and the presented
 * credential (by its hash, never the secret). A token has 256 random bits, so this is not what keeps it from being
 * guessed; it keeps a guesser from loading the database and the audit log. Per process: each replica counts its own.
 */
public final class FailedAuthentications {

    /** Beyond this many keys, the ones with nothing recent are forgotten, so a flood cannot grow the map. */
    private static final int PRUNE_ABOVE = 10_000;
    /**
     * However busy the flood (every guess a new credential), never more keys than this: the least recently failed
     * go first. A refused key that is dropped only gets its cooldown back early.
     */
    static final int REMEMBERED_AT_MOST = 100_000;

    private final Clock clock;
    private final int limit;
    private final Duration window;
    private final Duration cooldown;
    private final Map<String, Source> sources = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Source> eldest) {
            return size() > REMEMBERED_AT_MOST;
        }
    };

    private static final class Source {
        final Deque<Instant> failures = new ArrayDeque<>();
        Instant refusedUntil = Instant.MIN;
    }

    public FailedAuthentications(Clock clock, int limit, Duration window, Duration cooldown) {
        if (limit < 1 || window.isNegative() || window.isZero() || cooldown.isNegative()) {
            throw new IllegalArgumentException("limit " + limit + ", window " + window + ", cooldown " + cooldown);
        }
        this.clock = clock;
        this.limit = limit;
        this.window = window;
        this.cooldown = cooldown;
    }

    /** 10 failures in a minute refuse the address for 5 minutes. */
    public static FailedAuthentications standard(Clock clock) {
        return new FailedAuthentications(clock, 10, Duration.ofMinutes(1), Duration.ofMinutes(5));
    }

    /** How long {@code source} is still refused; empty when it may try. */
    public synchronized Optional<Duration> refusedFor(String source) {
        Instant now = clock.now();
        Source s = sources.get(source);
        return s != null && now.isBefore(s.refusedUntil) ? Optional.of(Duration.between(now, s.refusedUntil))
                : Optional.empty();
    }

    /** Counts a failed authentication from {@code source}; the {@code limit}-th within the window starts a cooldown. */
    public synchronized void failed(String source) {
        Instant now = clock.now();
        if (sources.size() > PRUNE_ABOVE) {
            sources.values().removeIf(s -> idle(s, now));
        }
        Source s = sources.computeIfAbsent(source, key -> new Source());
        s.failures.addLast(now);
        while (!s.failures.getFirst().isAfter(now.minus(window))) {
            s.failures.removeFirst();
        }
        if (s.failures.size() >= limit) {
            s.refusedUntil = now.plus(cooldown);
            // the cooldown is the penalty; counting starts afresh after it
            s.failures.clear();
        }
    }

    /** How many addresses are remembered: bounded, see {@link #PRUNE_ABOVE}. */
    synchronized int remembered() {
        return sources.size();
    }

    private boolean idle(Source s, Instant now) {
        boolean recentFailure = !s.failures.isEmpty() && s.failures.getLast().isAfter(now.minus(window));
        return !recentFailure && !now.isBefore(s.refusedUntil);
    }
}
