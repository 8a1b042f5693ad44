package dev.slipway.generate.docker;

import dev.slipway.model.BuildTool;
import java.util.ArrayList;
import java.util.List;

/**
 * What a service's build context leaves out of the image build: version control, local secrets, and the
 * tool's local output, which would otherwise overwrite what the build stage installs ({@code COPY . .}
 * over a host's {@code node_modules}) and make every local build bust the cache.
 */
final class DockerIgnore {

    private DockerIgnore() {
    }

    static List<String> patterns(BuildTool tool) {
        List<String> patterns = new ArrayList<>(List.of(".git", "**/.DS_Store", ".env", ".env.*", "**/*.log"));
        patterns.addAll(switch (tool) {
            case NPM, YARN, PNPM -> List.of("**/node_modules", "coverage", ".npm", ".yarn/cache");
            case GO -> List.of("bin", "**/*.test", "coverage.out");
            case MAVEN -> List.of("target");
            case GRADLE -> List.of("build", ".gradle");
            case PIP, POETRY, PIPENV, UV -> List.of("**/__pycache__", "**/*.pyc", ".venv", "venv", ".pytest_cache",
                    ".mypy_cache", ".tox");
            case DOTNET -> List.of("**/bin", "**/obj");
            case CARGO -> List.of("target");
            case BUNDLER -> List.of(".bundle", "vendor/bundle", "log", "tmp");
            case SBT, CMAKE, COMPOSER, MIX -> throw BuildInspector.ownDockerfileOnly(tool);
        });
        return patterns;
    }
}
