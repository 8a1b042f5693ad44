package dev.slipway.generate.ci;

import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.Generator;
import dev.slipway.model.SystemSpec;
import java.util.List;

/** GitHub Actions workflow for the monorepo. */
public final class GithubActions implements Generator {

    @Override
    public String target() {
        return "github";
    }

    @Override
    public String description() {
        return "GitHub Actions workflow for the monorepo";
    }

    @Override
    public List<GeneratedFile> generate(SystemSpec spec) {
        throw new UnsupportedOperationException("not written yet");
    }
}
