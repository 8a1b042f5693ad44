package dev.slipway.generate.ci;

import static dev.slipway.generate.support.Yaml.map;

import dev.slipway.generate.ci.ReleasePipeline.BuildTrack;
import dev.slipway.generate.docker.ToolchainVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The GitHub steps that install a build tool's runtime, with the setup action's own dependency cache keyed
 * on the service's lock file. Versions are the service's own (read from its repository).
 */
final class GithubToolSetup {

    private GithubToolSetup() {
    }

    static List<Map<String, Object>> steps(BuildTrack build) {
        String lock = build.path() + "/" + build.toolchain().lockFile().orElse("");
        boolean locked = build.toolchain().lockFile().isPresent();
        // the one toolchain version of the service (docker/ServiceBuild), as the setup actions take it
        ToolchainVersion version = build.build().version();
        String exact = version.exact();
        List<Map<String, Object>> steps = new ArrayList<>();
        switch (build.toolchain().tool()) {
            case MAVEN -> steps.add(setup(ActionPins.SETUP_JAVA, map("distribution", "temurin", "java-version", version.line(),
                    "cache", "maven", "cache-dependency-path", lock)));
            case GRADLE -> steps.add(setup(ActionPins.SETUP_JAVA, map("distribution", "temurin", "java-version", version.line(),
                    "cache", "gradle", "cache-dependency-path", build.path() + "/**/*.gradle*\n" + lock + "\n")));
            case GO -> steps.add(setup(ActionPins.SETUP_GO, locked
                    ? map("go-version", exact, "cache-dependency-path", lock) : map("go-version", exact, "cache", false)));
            case NPM -> steps.add(setup(ActionPins.SETUP_NODE, locked
                    ? map("node-version", exact, "cache", "npm", "cache-dependency-path", lock) : map("node-version", exact)));
            // yarn and pnpm come from corepack after node is installed; their caches are not restored yet
            case YARN, PNPM -> steps.add(setup(ActionPins.SETUP_NODE, map("node-version", exact)));
            case PIP -> steps.add(setup(ActionPins.SETUP_PYTHON, locked
                    ? map("python-version", exact, "cache", "pip", "cache-dependency-path", lock) : map("python-version", exact)));
            case POETRY, PIPENV, UV -> steps.add(setup(ActionPins.SETUP_PYTHON, map("python-version", exact)));
            case DOTNET -> steps.add(setup(ActionPins.SETUP_DOTNET, map("dotnet-version", exact)));
            // Rust is on the runner image; cache the registry and the build output
            case CARGO -> steps.add(map("name", "Cache cargo", "uses", ActionPins.CACHE.ref(), "with", map(
                    "path", "~/.cargo/registry\n~/.cargo/git\n" + build.path() + "/target\n",
                    "key", "cargo-" + build.name() + "-${{ runner.os }}-${{ hashFiles('" + lock + "') }}")));
            case BUNDLER -> steps.add(setup(ActionPins.SETUP_RUBY, map("ruby-version", "3.3", "bundler-cache", true,
                    "working-directory", build.path())));
            // built from their own Dockerfile: the test step is a notice, no toolchain to set up
            case SBT, CMAKE, COMPOSER, MIX -> {
            }
        }
        return steps;
    }

    private static Map<String, Object> setup(ActionPins.Pin pin, Map<String, Object> with) {
        String action = pin.ref().substring(pin.ref().indexOf('/') + 1, pin.ref().indexOf('@'));
        return map("name", "Set up " + action.replace("setup-", ""), "uses", pin.ref(), "with", with);
    }
}
