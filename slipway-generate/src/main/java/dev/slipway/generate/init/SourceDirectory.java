package dev.slipway.generate.init;

import dev.slipway.model.BuildTool;
import dev.slipway.model.Language;
import java.util.Optional;

/**
 * A directory of the repository that builds one service, as found from its build files and Dockerfile;
 * {@code dockerfile} is the service's own Dockerfile (repository-relative), which generate builds with;
 * {@code libraryHint}, when present, says why it looks like a library (kept only if a workload runs it).
 */
record SourceDirectory(String name, String path, Language language, BuildTool buildTool,
                       Optional<Integer> exposedPort, Optional<String> dockerfile, Optional<String> libraryHint) {
}
