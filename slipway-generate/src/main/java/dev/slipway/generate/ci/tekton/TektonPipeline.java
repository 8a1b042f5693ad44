package dev.slipway.generate.ci.tekton;

import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.SourceTree;
import dev.slipway.generate.Generator;
import dev.slipway.model.SystemSpec;
import java.util.List;

/** Tekton Tasks and Pipeline. */
public final class TektonPipeline implements Generator {

    @Override
    public String target() {
        return "tekton";
    }

    @Override
    public String description() {
        return "Tekton Tasks and Pipeline";
    }

    @Override
    public List<GeneratedFile> generate(SystemSpec spec) {
        return generate(spec, SourceTree.none());
    }

    @Override
    public List<GeneratedFile> generate(SystemSpec spec, SourceTree sources) {
        return TektonFiles.of(spec, sources);
    }
}
