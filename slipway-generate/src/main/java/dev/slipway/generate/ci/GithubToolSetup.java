package dev.slipway.generate.ci;

import static dev.slipway.generate.support.Yaml.map;

import dev.slipway.generate.ci.ReleasePipeline.BuildTrack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The GitHub steps that install a build tool's runtime, with the setup action's own dependency cache keyed
 * on the service's lock file. Runtime versions are the current LTS lines (the spec has no runtime version).
 */
final class GithubToolSetup {

    private GithubToolSetup() {
    }

    static List<Map<String, Object>> steps(BuildTrack build) {
        String lock = build.path() + "/" + build.toolchain().lockFile().orElse("");
        List<Map<String, Object>> steps = new ArrayList<>();
        switch (build.toolchain().tool()) {
            case MAVEN -> steps.add(setup(ActionPins.SETUP_JAVA, map("distribution", "temurin", "java-version", "21",
                    "cache", "maven", "cache-dependency-path", lock)));
            case GRADLE -> steps.add(setup(ActionPins.SETUP_JAVA, map("distribution", "temurin", "java-version", "21",
                    "cache", "gradle", "cache-dependency-path", build.path() + "/**/*.gradle*\n" + lock + "\n")));
            case GO -> steps.add(setup(ActionPins.SETUP_GO, map("go-version-file", build.path() + "/go.mod",
                    "cache-dependency-path", lock)));
            case NPM -> steps.add(setup(ActionPins.SETUP_NODE, map("node-version", "22", "cache", "npm",
                    "cache-dependency-path", lock)));
            // yarn and pnpm come from corepack after node is installed; their caches are not restored yet
            case YARN, PNPM -> steps.add(setup(ActionPins.SETUP_NODE, map("node-version", "22")));
            case PIP -> steps.add(setup(ActionPins.SETUP_PYTHON, map("python-version", "3.12", "cache", "pip",
                    "cache-dependency-path", lock)));
            case POETRY, PIPENV -> steps.add(setup(ActionPins.SETUP_PYTHON, map("python-version", "3.12")));
            case DOTNET -> steps.add(setup(ActionPins.SETUP_DOTNET, map("dotnet-version", "8.0.x")));
            // Rust is on the runner image; cache the registry and the build output
            case CARGO -> steps.add(map("name", "Cache cargo", "uses", ActionPins.CACHE.ref(), "with", map(
                    "path", "~/.cargo/registry\n~/.cargo/git\n" + build.path() + "/target\n",
                    "key", "cargo-" + build.name() + "-${{ runner.os }}-${{ hashFiles('" + lock + "') }}")));
            case BUNDLER -> steps.add(setup(ActionPins.SETUP_RUBY, map("ruby-version", "3.3", "bundler-cache", true,
                    "working-directory", build.path())));
        }
        return steps;
    }

    private static Map<String, Object> setup(ActionPins.Pin pin, Map<String, Object> with) {
        String action = pin.ref().substring(pin.ref().indexOf('/') + 1, pin.ref().indexOf('@'));
        return map("name", "Set up " + action.replace("setup-", ""), "uses", pin.ref(), "with", with);
    }
}
