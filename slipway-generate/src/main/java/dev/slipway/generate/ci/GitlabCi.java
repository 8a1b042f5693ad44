package dev.slipway.generate.ci;

import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.Generator;
import dev.slipway.model.SystemSpec;
import java.util.List;

/** GitLab CI pipeline. */
public final class GitlabCi implements Generator {

    @Override
    public String target() {
        return "gitlab";
    }

    @Override
    public String description() {
        return "GitLab CI pipeline";
    }

    @Override
    public List<GeneratedFile> generate(SystemSpec spec) {
        throw new UnsupportedOperationException("not written yet");
    }
}
