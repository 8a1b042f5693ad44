package dev.slipway.generate.deploy;

import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.Generator;
import dev.slipway.model.SystemSpec;
import java.util.List;

/** Argo Rollouts Rollout objects. */
public final class ArgoRollouts implements Generator {

    @Override
    public String target() {
        return "argo-rollouts";
    }

    @Override
    public String description() {
        return "Argo Rollouts Rollout objects";
    }

    @Override
    public List<GeneratedFile> generate(SystemSpec spec) {
        throw new UnsupportedOperationException("not written yet");
    }
}
