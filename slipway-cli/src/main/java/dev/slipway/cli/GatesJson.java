package dev.slipway.cli;

import dev.slipway.supply.gates.GateResult;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The gates of a release in the JSON contract of {@code deploy} and {@code promote}: {@code [{name, ok, detail, hint}]}. */
final class GatesJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private GatesJson() {
    }

    static ArrayNode array(List<GateResult> gates) {
        ArrayNode array = JSON.createArrayNode();
        for (GateResult gate : gates) {
            ObjectNode node = array.addObject();
            node.put("name", gate.name());
            node.put("ok", gate.ok());
            node.put("detail", gate.detail());
            node.put("hint", gate.hint());
        }
        return array;
    }
}
