package dev.slipway.generate.ci;

import dev.slipway.generate.docker.BaseImages;
import dev.slipway.generate.docker.ServiceBuild;
import dev.slipway.model.BuildTool;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How one service installs, lints and tests, shared by every CI target so that GitHub, GitLab, Jenkins and
 * Tekton run the same commands, with the tool the repository uses (its wrapper when it has one) on the
 * toolchain version its files name. Commands run in the service's directory. {@code ciImage} is the container
 * the commands run in where the CI runs jobs in containers: the Dockerfile's builder image, so a service is
 * tested with the toolchain it is built with.
 *
 * @param lockFile the file whose content keys dependency caches, relative to the service directory
 * @param test     the test commands; a notice when the service has no tests
 * @param cache    where the tool keeps downloaded dependencies, so CIs that can only cache inside the
 *                 checkout (GitLab) can move the cache there with one environment variable
 */
public record Toolchain(
        BuildTool tool,
        String ciImage,
        List<String> install,
        List<String> lint,
        List<String> test,
        Optional<String> lockFile,
        Cache cache) {

    /** {@code variable=prefix+DIR} moves the tool's dependency cache to {@code DIR} inside the checkout. */
    public record Cache(String variable, String valuePrefix, String dir) {
    }

    private static final String RUFF = "python -m pip install ruff && python -m ruff check .";
    // yarn (berry) has no --if-present: run the lint script only when package.json defines one
    private static final String YARN_LINT =
            "if node -e \"process.exit(require('./package.json').scripts?.lint ? 0 : 1)\"; then yarn run lint; fi";

    public static Toolchain of(ServiceBuild build) {
        BuildTool tool = build.tool();
        List<String> test = build.tests().isEmpty()
                ? List.of("echo \"No tests found in " + build.directory() + ": nothing to run. Slipway adds a test step when it finds tests.\"")
                : build.tests();
        String image = build.builderImage();
        Optional<String> lock = build.lockFile();
        return switch (tool) {
            case MAVEN -> new Toolchain(tool, image, List.of(),
                    List.of((build.wrapper() ? "./mvnw" : "mvn") + " -B -ntp validate"), test,
                    lock, new Cache("MAVEN_OPTS", "-Dmaven.repo.local=", ".m2/repository"));
            case GRADLE -> new Toolchain(tool, image, List.of(),
                    List.of((build.wrapper() ? "./gradlew" : "gradle") + " --no-daemon check -x test"), test,
                    lock, new Cache("GRADLE_USER_HOME", "", ".gradle"));
            case GO -> new Toolchain(tool, image, List.of("go mod download"),
                    List.of("test -z \"$(gofmt -l .)\"", "go vet ./..."), test,
                    lock, new Cache("GOMODCACHE", "", ".go/mod"));
            case NPM -> new Toolchain(tool, image, List.of(lock.isPresent() ? "npm ci" : "npm install"),
                    List.of("npm run lint --if-present"), test,
                    lock, new Cache("npm_config_cache", "", ".npm"));
            case YARN -> {
                boolean berry = build.recipe() instanceof ServiceBuild.Node node && node.yarnBerry();
                List<String> install = new ArrayList<>();
                if (berry) {
                    install.add("corepack enable");
                }
                // classic ignores --immutable and rewrites the lockfile; berry dropped --frozen-lockfile
                install.add(lock.isEmpty() ? "yarn install" : berry ? "yarn install --immutable" : "yarn install --frozen-lockfile");
                yield new Toolchain(tool, image, install, List.of(YARN_LINT), test,
                        lock, new Cache("YARN_CACHE_FOLDER", "", ".yarn-cache"));
            }
            case PNPM -> new Toolchain(tool, image,
                    List.of("corepack enable", lock.isPresent() ? "pnpm install --frozen-lockfile" : "pnpm install"),
                    List.of("pnpm run --if-present lint"), test,
                    lock, new Cache("npm_config_store_dir", "", ".pnpm-store"));
            case PIP -> new Toolchain(tool, image,
                    build.recipe() instanceof ServiceBuild.Python python && !python.manifests().isEmpty()
                            ? List.of("python -m pip install -r " + python.manifests().getFirst()) : List.of(),
                    List.of(RUFF), test,
                    lock, new Cache("PIP_CACHE_DIR", "", ".pip-cache"));
            case POETRY -> new Toolchain(tool, image,
                    List.of("python -m pip install poetry==" + BaseImages.POETRY_VERSION, "poetry install --no-interaction"),
                    List.of(RUFF), test,
                    lock, new Cache("POETRY_CACHE_DIR", "", ".poetry-cache"));
            case PIPENV -> new Toolchain(tool, image,
                    List.of("python -m pip install pipenv==" + BaseImages.PIPENV_VERSION, "pipenv sync --dev"),
                    List.of(RUFF), test,
                    lock, new Cache("PIP_CACHE_DIR", "", ".pip-cache"));
            // the uv release the Dockerfile copies; the job's Python (setup-python, the builder image), never a download
            case UV -> new Toolchain(tool, image,
                    List.of("python -m pip install uv==" + BaseImages.UV_VERSION, "uv sync --locked --python-preference only-system"),
                    List.of(RUFF), test,
                    lock, new Cache("UV_CACHE_DIR", "", ".uv-cache"));
            case DOTNET -> {
                // restore what the tests build (they reference the service's project), else the project itself
                String project = build.inspected() && build.recipe() instanceof ServiceBuild.Dotnet dotnet ? dotnet.project() : "";
                String restoreTarget = build.tests().isEmpty() ? project
                        : build.tests().getFirst().substring("dotnet test".length()).trim();
                yield new Toolchain(tool, image, List.of(("dotnet restore " + restoreTarget).trim()),
                        List.of(("dotnet format " + restoreTarget).trim() + " --verify-no-changes --no-restore"),
                        build.tests().isEmpty() ? test : build.tests().stream().map(t -> t + " --no-restore").toList(),
                        Optional.empty(), new Cache("NUGET_PACKAGES", "", ".nuget/packages"));
            }
            case CARGO -> new Toolchain(tool, image, List.of("rustup component add rustfmt clippy"),
                    List.of("cargo fmt --check", "cargo clippy --locked --all-targets -- -D warnings"), test,
                    lock, new Cache("CARGO_HOME", "", ".cargo"));
            case BUNDLER -> new Toolchain(tool, image, List.of("bundle install --jobs 4"),
                    // rubocop only when the Gemfile brings it: Ruby has no linter every project agrees on
                    List.of("if bundle exec rubocop --version >/dev/null 2>&1; then bundle exec rubocop; fi"), test,
                    lock, new Cache("BUNDLE_PATH", "", "vendor/bundle"));
            // the cache each tool keeps, so the step the user adds finds it where the CI keeps caches
            case SBT -> ownDockerfile(build, new Cache("COURSIER_CACHE", "", ".coursier"));
            case CMAKE -> ownDockerfile(build, new Cache("CCACHE_DIR", "", ".ccache"));
            case COMPOSER -> ownDockerfile(build, new Cache("COMPOSER_CACHE_DIR", "", ".composer-cache"));
            case MIX -> ownDockerfile(build, new Cache("HEX_HOME", "", ".hex"));
        };
    }

    /**
     * Services Slipway does not build natively get no test commands of its own making: the toolchain lives in the
     * service's Dockerfile, and a CI step in another toolchain would test something else. The notice names the
     * standard command to add.
     */
    private static Toolchain ownDockerfile(ServiceBuild build, Cache cache) {
        // every CI needs a command in each job (GitLab refuses an empty script): the lint job says why it is empty
        String lint = "echo \"" + build.directory() + " builds from its own Dockerfile (" + build.tool().keyword()
                + "): Slipway runs no linter for it.\"";
        return new Toolchain(build.tool(), build.builderImage(), List.of(), List.of(lint), List.of(ownDockerfileNotice(build)),
                Optional.empty(), cache);
    }

    private static String ownDockerfileNotice(ServiceBuild build) {
        String command = switch (build.tool()) {
            case SBT -> "sbt test";
            case CMAKE -> "cmake -S . -B build && cmake --build build && ctest --test-dir build";
            case COMPOSER -> "composer install && vendor/bin/phpunit";
            case MIX -> "mix deps.get && mix test";
            default -> throw new IllegalArgumentException(build.tool().keyword() + " is built natively");
        };
        return "echo \"" + build.directory() + " builds from its own Dockerfile (" + build.tool().keyword()
                + "): Slipway runs no tests for it. Add a step that runs: " + command.replace("\"", "\\\"") + "\"";
    }
}
