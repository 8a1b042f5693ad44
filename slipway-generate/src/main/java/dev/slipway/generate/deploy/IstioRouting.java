package dev.slipway.generate.deploy;

import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.Generator;
import dev.slipway.model.SystemSpec;
import java.util.List;

/** Istio VirtualService and DestinationRule for canary and blue-green. */
public final class IstioRouting implements Generator {

    @Override
    public String target() {
        return "istio";
    }

    @Override
    public String description() {
        return "Istio VirtualService and DestinationRule for canary and blue-green";
    }

    @Override
    public List<GeneratedFile> generate(SystemSpec spec) {
        throw new UnsupportedOperationException("not written yet");
    }
}
