package dev.slipway.generate.deploy;

import dev.slipway.model.Service;
import dev.slipway.model.Strategy;
import java.util.List;

/**
 * The two tracks of a service whose strategy runs two versions side by side: stable/canary for a canary,
 * blue/green for blue-green. The first track is the one that serves traffic before a release starts.
 */
record Tracks(String serving, String incoming) {

    static final Tracks CANARY = new Tracks("stable", "canary");
    static final Tracks BLUE_GREEN = new Tracks("blue", "green");

    /** The tracks of a canary or blue-green service; {@code null} for a rolling one, which has a single track. */
    static Tracks of(Service service) {
        return switch (service.strategy()) {
            case Strategy.Canary canary -> CANARY;
            case Strategy.BlueGreen blueGreen -> BLUE_GREEN;
            case Strategy.Rolling rolling -> null;
        };
    }

    static boolean splitsTraffic(Service service) {
        return of(service) != null;
    }

    List<String> both() {
        return List.of(serving, incoming);
    }
}
