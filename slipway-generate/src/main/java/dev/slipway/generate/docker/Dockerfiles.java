package dev.slipway.generate.docker;

import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.Generator;
import dev.slipway.model.SystemSpec;
import java.util.List;

/** Multi-stage Dockerfiles for services without their own. */
public final class Dockerfiles implements Generator {

    @Override
    public String target() {
        return "docker";
    }

    @Override
    public String description() {
        return "Multi-stage Dockerfiles for services without their own";
    }

    @Override
    public List<GeneratedFile> generate(SystemSpec spec) {
        throw new UnsupportedOperationException("not written yet");
    }
}
