package dev.slipway.model;

import java.time.Duration;
import java.util.Optional;

/**
 * One request a blue-green rollout sends to the new colour before it switches traffic to it ({@code smoke}): it
 * passes when the answer comes within {@code timeout} with {@code status} (any 2xx when empty) and, if set, a body
 * containing {@code contains}.
 */
public record SmokeTest(String path, String method, Optional<Integer> status, Optional<String> contains,
                        Duration timeout) {

    public static final String DEFAULT_METHOD = "GET";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** The default smoke test: GET the health path, expect a 2xx. */
    public static SmokeTest health(String path) {
        return new SmokeTest(path, DEFAULT_METHOD, Optional.empty(), Optional.empty(), DEFAULT_TIMEOUT);
    }

    /** Whether an answer with this status and body passes. */
    public boolean passes(int answered, String body) {
        boolean statusOk = status.map(s -> s == answered).orElse(answered >= 200 && answered < 300);
        return statusOk && contains.map(text -> body != null && body.contains(text)).orElse(true);
    }

    /** What it expects, for reports: {@code GET /api/cart → 200 containing "items"}. */
    public String describe() {
        return method + " " + path + " → " + status.map(String::valueOf).orElse("2xx")
                + contains.map(text -> " containing \"" + text + "\"").orElse("");
    }
}
