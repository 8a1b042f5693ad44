package dev.slipway.release.dora;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The report as the stable JSON contract of the DORA endpoint and {@code slipway dora --format json}:
 * <pre>
 * {"from","to","environment","days",
 *  "system":{KEYS},
 *  "services":[{"service",KEYS}]}
 * KEYS = "deploymentFrequency":{"count","perDay","band"},
 *        "leadTime":{"measured","withoutCommitTime","medianSeconds","p90Seconds"},
 *        "changeFailureRate":{"deployments","failures","rate"},
 *        "timeToRestore":{"failures","restored","open","medianSeconds"}
 * </pre>
 * {@code from} and {@code to} are ISO-8601 instants; {@code environment} is null for all environments; the system's
 * {@code count} is of releases, a service's of deployments. Times are seconds (whole, or with millisecond
 * precision); a value with nothing to compute it from is null. Field order is part of the contract.
 */
public final class DoraJson {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private DoraJson() {
    }

    public static String render(DoraReport report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("from", report.window().from().toString());
        root.put("to", report.window().to().toString());
        root.put("environment", report.environment().orElse(null));
        root.put("days", report.window().days());
        root.put("system", keys(new LinkedHashMap<>(), report.system()));
        List<Map<String, Object>> services = new ArrayList<>();
        report.services().forEach((name, keys) -> {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("service", name);
            services.add(keys(node, keys));
        });
        root.put("services", services);
        return JSON.writeValueAsString(root) + "\n";
    }

    private static Map<String, Object> keys(Map<String, Object> node, FourKeys keys) {
        Map<String, Object> frequency = new LinkedHashMap<>();
        frequency.put("count", keys.frequency().count());
        frequency.put("perDay", keys.frequency().perDay());
        frequency.put("band", keys.frequency().band().keyword());
        node.put("deploymentFrequency", frequency);
        Map<String, Object> lead = new LinkedHashMap<>();
        lead.put("measured", keys.leadTime().measured());
        lead.put("withoutCommitTime", keys.leadTime().withoutCommitTime());
        lead.put("medianSeconds", seconds(keys.leadTime().median()));
        lead.put("p90Seconds", seconds(keys.leadTime().p90()));
        node.put("leadTime", lead);
        Map<String, Object> failure = new LinkedHashMap<>();
        failure.put("deployments", keys.changeFailureRate().deployments());
        failure.put("failures", keys.changeFailureRate().failures());
        failure.put("rate", keys.changeFailureRate().rate().isPresent()
                ? keys.changeFailureRate().rate().getAsDouble() : null);
        node.put("changeFailureRate", failure);
        Map<String, Object> restore = new LinkedHashMap<>();
        restore.put("failures", keys.timeToRestore().failures());
        restore.put("restored", keys.timeToRestore().restored());
        restore.put("open", keys.timeToRestore().open());
        restore.put("medianSeconds", seconds(keys.timeToRestore().median()));
        node.put("timeToRestore", restore);
        return node;
    }

    /** Whole seconds as an integer, otherwise with millisecond precision; null when undefined. */
    private static Number seconds(Optional<Duration> duration) {
        if (duration.isEmpty()) {
            return null;
        }
        long millis = duration.get().toMillis();
        return millis % 1000 == 0 ? (Number) (millis / 1000) : (Number) (millis / 1000.0);
    }
}
