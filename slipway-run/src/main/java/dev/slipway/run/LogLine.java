package dev.slipway.run;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The server's structured log: one JSON object per line, with the time, the event and a message, so that a log
 * collector (Loki, Elasticsearch, CloudWatch) indexes fields instead of parsing prose. No line ever carries a token
 * or a secret: callers pass ids and names only.
 */
public final class LogLine {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private LogLine() {
    }

    public static String of(String event, String message) {
        return write(fields(event, message));
    }

    /** A line about one release. */
    public static String release(String event, String release, String message) {
        Map<String, Object> fields = fields(event, message);
        fields.put("release", release);
        return write(fields);
    }

    private static Map<String, Object> fields(String event, String message) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("time", Instant.now().toString());
        fields.put("level", event.equals("warning") || event.equals("failed") ? "warn" : "info");
        fields.put("event", event);
        fields.put("message", message);
        return fields;
    }

    public static String write(Map<String, Object> fields) {
        return JSON.writeValueAsString(fields);
    }
}
