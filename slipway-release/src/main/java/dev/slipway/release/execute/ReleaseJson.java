package dev.slipway.release.execute;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The result as the stable JSON contract of {@code slipway deploy --format json}:
 * {@code {"release","outcome","services":[{"name","from","to","outcome","startedAt","finishedAt"}],
 * "makespanSeconds","criticalPathSeconds"}}. Times are seconds from the start of the release (null for a service
 * that never started); {@code from} is null for a service that did not run. Field order is part of the contract.
 */
public final class ReleaseJson {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ReleaseJson() {
    }

    public static String render(ReleaseResult result) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("release", result.release());
        root.put("outcome", result.outcome().keyword());
        List<Map<String, Object>> services = new ArrayList<>();
        for (ReleaseResult.ServiceResult service : result.services()) {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("name", service.name());
            node.put("from", service.from().orElse(null));
            node.put("to", service.to());
            node.put("outcome", service.outcome());
            node.put("startedAt", seconds(service.startedAt()));
            node.put("finishedAt", seconds(service.finishedAt()));
            services.add(node);
        }
        root.put("services", services);
        root.put("makespanSeconds", seconds(result.makespan()));
        root.put("criticalPathSeconds", seconds(result.criticalPath()));
        return JSON.writeValueAsString(root) + "\n";
    }

    private static Object seconds(Optional<Duration> duration) {
        return duration.map(ReleaseJson::seconds).orElse(null);
    }

    /** Whole seconds as an integer, otherwise with millisecond precision. */
    private static Number seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? (Number) (millis / 1000) : (Number) (millis / 1000.0);
    }
}
