package dev.slipway.generate.deploy;

import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.Generator;
import dev.slipway.model.SystemSpec;
import java.util.List;

/** Argo CD Applications and an app-of-apps. */
public final class ArgoCdApplications implements Generator {

    @Override
    public String target() {
        return "argocd";
    }

    @Override
    public String description() {
        return "Argo CD Applications and an app-of-apps";
    }

    @Override
    public List<GeneratedFile> generate(SystemSpec spec) {
        throw new UnsupportedOperationException("not written yet");
    }
}
