package dev.slipway.generate.ci;

import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.Generator;
import dev.slipway.model.SystemSpec;
import java.util.List;

/** Declarative Jenkinsfile. */
public final class Jenkinsfile implements Generator {

    @Override
    public String target() {
        return "jenkins";
    }

    @Override
    public String description() {
        return "Declarative Jenkinsfile";
    }

    @Override
    public List<GeneratedFile> generate(SystemSpec spec) {
        throw new UnsupportedOperationException("not written yet");
    }
}
