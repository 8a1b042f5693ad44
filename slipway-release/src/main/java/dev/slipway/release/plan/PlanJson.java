package dev.slipway.release.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The plan as the stable JSON contract of {@code slipway plan --format json}:
 * {@code {"ok":true,"services":[{"name","from","to","strategy","after"}],"criticalPath":[..],
 * "checks":[{"service","dependency","range","version","ok"}]}}, or for a refused release
 * {@code {"ok":false,"errors":[{"message","hint"}],"checks":[..]}}. {@code from} and {@code hint} are null when
 * there is none. Field order is part of the contract.
 * <p>
 * The contract's checks do not say which version of the service, or at which moment, a check was about, so two
 * checks can read the same (the running and the new version of a service with one range): those are written once.
 */
public final class PlanJson {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private PlanJson() {
    }

    public static String render(PlanResult result) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("ok", result.ok());
        switch (result) {
            case Plan plan -> {
                List<Map<String, Object>> services = new ArrayList<>();
                for (PlannedService service : plan.services()) {
                    Map<String, Object> node = new LinkedHashMap<>();
                    node.put("name", service.name());
                    node.put("from", service.from().orElse(null));
                    node.put("to", service.to());
                    node.put("strategy", service.strategy().keyword());
                    node.put("after", service.after());
                    services.add(node);
                }
                root.put("services", services);
                root.put("criticalPath", plan.criticalPath());
            }
            case Rejected rejected -> {
                List<Map<String, Object>> errors = new ArrayList<>();
                for (PlanError error : rejected.errors()) {
                    Map<String, Object> node = new LinkedHashMap<>();
                    node.put("message", error.message());
                    node.put("hint", error.hint().orElse(null));
                    errors.add(node);
                }
                root.put("errors", errors);
            }
        }
        Set<Map<String, Object>> checks = new LinkedHashSet<>();
        for (RangeCheck check : result.checks()) {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("service", check.service());
            node.put("dependency", check.dependency());
            node.put("range", check.range().text());
            node.put("version", check.version());
            node.put("ok", check.ok());
            checks.add(node);
        }
        root.put("checks", checks);
        return JSON.writeValueAsString(root) + "\n";
    }
}
