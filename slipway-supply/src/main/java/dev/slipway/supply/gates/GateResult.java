package dev.slipway.supply.gates;

import java.util.List;
import java.util.Objects;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The answer of one gate for one release: which gate, whether it lets the release through, what it saw (in a
 * sentence a person reads in {@code plan}, the API and the report) and, when it blocks, what to do about it.
 *
 * @param name   soak, approval, vulnerabilities, manifest-policy, contracts, promote-from
 * @param hint   what to do to pass; null when the gate passed or has nothing to suggest
 */
public record GateResult(String name, boolean ok, String detail, String hint) {

    public GateResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(detail, "detail");
    }

    public static GateResult passed(String name, String detail) {
        return new GateResult(name, true, detail, null);
    }

    public static GateResult blocked(String name, String detail, String hint) {
        return new GateResult(name, false, detail, hint);
    }

    /** {@code [{"name", "ok", "detail"(, "hint")}, ...]}: the {@code "gates"} of a plan, a promotion, a report. */
    public static ArrayNode toJson(List<GateResult> gates) {
        ArrayNode json = JsonNodeFactory.instance.arrayNode();
        gates.forEach(gate -> json.add(gate.toJson()));
        return json;
    }

    /** True when every gate lets the release through. */
    public static boolean allOk(List<GateResult> gates) {
        return gates.stream().allMatch(GateResult::ok);
    }

    /** {@code {"name", "ok", "detail"}}, and {@code "hint"} when there is one: the shape the API shows. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("name", name);
        json.put("ok", ok);
        json.put("detail", detail);
        if (hint != null) {
            json.put("hint", hint);
        }
        return json;
    }
}
