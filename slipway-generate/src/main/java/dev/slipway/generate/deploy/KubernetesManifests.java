package dev.slipway.generate.deploy;

import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.Generator;
import dev.slipway.model.SystemSpec;
import java.util.List;

/** Kustomize base and per-environment overlays. */
public final class KubernetesManifests implements Generator {

    @Override
    public String target() {
        return "kubernetes";
    }

    @Override
    public String description() {
        return "Kustomize base and per-environment overlays";
    }

    @Override
    public List<GeneratedFile> generate(SystemSpec spec) {
        throw new UnsupportedOperationException("not written yet");
    }
}
