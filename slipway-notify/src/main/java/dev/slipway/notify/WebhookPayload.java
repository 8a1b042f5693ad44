package dev.slipway.notify;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The body of a generic webhook: a stable JSON contract, published as the JSON Schema
 * {@code /dev/slipway/notify/release-event.schema.json} in this jar.
 * <pre>
 * {"type":"slipway.release.failed","schemaVersion":1,"release","system","environment","time",
 *  "services":[{"name","from","to","outcome"}],"failure":{"service","reason"}|null,"report":string|null}
 * </pre>
 * Every key is always present ({@code null} when it does not apply), so a receiver with a strict schema needs no
 * special cases. A change that removes or renames a key raises {@link #SCHEMA_VERSION}; new keys do not.
 */
public final class WebhookPayload {

    public static final int SCHEMA_VERSION = 1;

    private WebhookPayload() {
    }

    public static String render(ReleaseEvent event) {
        JsonMapper json = JsonMapper.shared();
        ObjectNode root = json.createObjectNode();
        root.put("type", event.type());
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("release", event.release());
        root.put("system", event.system());
        root.put("environment", event.environment());
        root.put("time", event.at().toString());
        ArrayNode services = root.putArray("services");
        for (ReleaseEvent.ServiceChange s : event.services()) {
            ObjectNode service = services.addObject();
            service.put("name", s.name());
            service.put("from", s.from().orElse(null));
            service.put("to", s.to());
            service.put("outcome", s.outcome());
        }
        event.failure().ifPresentOrElse(f -> {
            ObjectNode failure = root.putObject("failure");
            failure.put("service", f.service());
            failure.put("reason", f.reason());
        }, () -> root.putNull("failure"));
        root.put("report", event.report().orElse(null));
        return json.writeValueAsString(root);
    }
}
