package dev.slipway.generate.deploy;

import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.Generator;
import dev.slipway.model.SystemSpec;
import java.util.List;

/** Gateway API HTTPRoutes with weighted backends. */
public final class GatewayApiRouting implements Generator {

    @Override
    public String target() {
        return "gateway-api";
    }

    @Override
    public String description() {
        return "Gateway API HTTPRoutes with weighted backends";
    }

    @Override
    public List<GeneratedFile> generate(SystemSpec spec) {
        throw new UnsupportedOperationException("not written yet");
    }
}
