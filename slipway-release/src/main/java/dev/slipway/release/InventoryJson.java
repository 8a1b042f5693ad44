package dev.slipway.release;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What runs where, as the stable JSON contract of {@code slipway status --format json} and of the API's
 * inventory route: {@code {"environment","services":[{"name","version","digest","tracks":[{"track","version",
 * "weight"}],"healthy"}],"lastRelease":{"release","state"}|null}}. Field order is part of the contract.
 */
public final class InventoryJson {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** The environment's last release, by id, and the state it is in. */
    public record LastRelease(String release, String state) {
    }

    private InventoryJson() {
    }

    public static String render(Inventory inventory, Optional<LastRelease> last) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("environment", inventory.environment());
        List<Map<String, Object>> services = new ArrayList<>();
        for (Deployed d : inventory.services().values()) {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("name", d.service());
            node.put("version", d.version());
            node.put("digest", d.digest().orElse(null));
            List<Map<String, Object>> tracks = new ArrayList<>();
            for (TrackState t : d.tracks()) {
                Map<String, Object> track = new LinkedHashMap<>();
                track.put("track", t.track().keyword());
                track.put("version", t.version());
                track.put("weight", t.weight());
                tracks.add(track);
            }
            node.put("tracks", tracks);
            node.put("healthy", d.healthy());
            services.add(node);
        }
        root.put("services", services);
        root.put("lastRelease", last.map(r -> {
            Map<String, Object> release = new LinkedHashMap<>();
            release.put("release", r.release());
            release.put("state", r.state());
            return release;
        }).orElse(null));
        return JSON.writeValueAsString(root) + "\n";
    }
}
