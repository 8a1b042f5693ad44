package dev.slipway.generate.deploy;

import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.Generator;
import dev.slipway.model.SystemSpec;
import java.util.List;

/** Flux Kustomizations ordered by the dependency graph. */
public final class FluxKustomizations implements Generator {

    @Override
    public String target() {
        return "flux";
    }

    @Override
    public String description() {
        return "Flux Kustomizations ordered by the dependency graph";
    }

    @Override
    public List<GeneratedFile> generate(SystemSpec spec) {
        throw new UnsupportedOperationException("not written yet");
    }
}
