package dev.slipway.generate;

import dev.slipway.model.SystemSpec;
import java.util.List;

/** A pure function from a valid spec to the files of one target ecosystem. Same spec, same bytes. */
public interface Generator {

    /** The name used with {@code slipway generate --target}, e.g. {@code github}. */
    String target();

    /** One line for {@code --help} and docs. */
    String description();

    /**
     * The files of this target. A spec this target cannot serve (e.g. a missing {@code system.repository}
     * for GitOps targets) is a user mistake: throw {@link GenerationException} with a message and hint.
     */
    List<GeneratedFile> generate(SystemSpec spec);

    /**
     * The files of this target for a spec whose repository can be read: targets that build services (the
     * Dockerfiles, the CI pipelines) read how each service builds from its own files. The others ignore it.
     */
    default List<GeneratedFile> generate(SystemSpec spec, SourceTree sources) {
        return generate(spec);
    }
}
