package dev.slipway.generate.ci;

import dev.slipway.model.BuildTool;
import java.util.List;
import java.util.Optional;

/**
 * How one build tool installs, lints and tests a service, shared by every CI target so that GitHub, GitLab
 * and Jenkins run the same commands. Commands run in the service's directory. {@code ciImage} is the
 * container the commands run in where the CI runs jobs in containers (GitLab, Jenkins docker agents).
 *
 * @param lockFile the file whose content keys dependency caches, relative to the service directory
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

    // Runtime versions: current LTS lines. The spec has no runtime version yet, so these are the defaults.
    static final String JAVA_IMAGE = "eclipse-temurin:21-jdk";
    static final String NODE_IMAGE = "node:22";
    static final String PYTHON_IMAGE = "python:3.12";

    private static final String RUFF = "python -m pip install ruff && python -m ruff check .";
    // yarn (berry) has no --if-present: run the lint script only when package.json defines one
    private static final String YARN_LINT =
            "if node -e \"process.exit(require('./package.json').scripts?.lint ? 0 : 1)\"; then yarn run lint; fi";

    public static Toolchain of(BuildTool tool) {
        return switch (tool) {
            case MAVEN -> new Toolchain(tool, JAVA_IMAGE, List.of(),
                    List.of("./mvnw -B -ntp validate"),
                    List.of("./mvnw -B -ntp verify"),
                    Optional.of("pom.xml"), new Cache("MAVEN_OPTS", "-Dmaven.repo.local=", ".m2/repository"));
            case GRADLE -> new Toolchain(tool, JAVA_IMAGE, List.of(),
                    List.of("./gradlew --no-daemon check -x test"),
                    List.of("./gradlew --no-daemon test"),
                    Optional.of("gradle/wrapper/gradle-wrapper.properties"), new Cache("GRADLE_USER_HOME", "", ".gradle"));
            case GO -> new Toolchain(tool, "golang:1.24", List.of("go mod download"),
                    List.of("test -z \"$(gofmt -l .)\"", "go vet ./..."),
                    List.of("go test -race ./..."),
                    Optional.of("go.sum"), new Cache("GOMODCACHE", "", ".go/mod"));
            case NPM -> new Toolchain(tool, NODE_IMAGE, List.of("npm ci"),
                    List.of("npm run lint --if-present"),
                    List.of("npm test"),
                    Optional.of("package-lock.json"), new Cache("npm_config_cache", "", ".npm"));
            case YARN -> new Toolchain(tool, NODE_IMAGE, List.of("corepack enable", "yarn install --immutable"),
                    List.of(YARN_LINT),
                    List.of("yarn test"),
                    Optional.of("yarn.lock"), new Cache("YARN_CACHE_FOLDER", "", ".yarn-cache"));
            case PNPM -> new Toolchain(tool, NODE_IMAGE, List.of("corepack enable", "pnpm install --frozen-lockfile"),
                    List.of("pnpm run --if-present lint"),
                    List.of("pnpm test"),
                    Optional.of("pnpm-lock.yaml"), new Cache("npm_config_store_dir", "", ".pnpm-store"));
            case PIP -> new Toolchain(tool, PYTHON_IMAGE, List.of("python -m pip install -r requirements.txt"),
                    List.of(RUFF),
                    List.of("python -m pytest"),
                    Optional.of("requirements.txt"), new Cache("PIP_CACHE_DIR", "", ".pip-cache"));
            case POETRY -> new Toolchain(tool, PYTHON_IMAGE,
                    List.of("python -m pip install poetry", "poetry install --no-interaction"),
                    List.of(RUFF),
                    List.of("poetry run pytest"),
                    Optional.of("poetry.lock"), new Cache("POETRY_CACHE_DIR", "", ".poetry-cache"));
            case PIPENV -> new Toolchain(tool, PYTHON_IMAGE,
                    List.of("python -m pip install pipenv", "pipenv sync --dev"),
                    List.of(RUFF),
                    List.of("pipenv run pytest"),
                    Optional.of("Pipfile.lock"), new Cache("PIP_CACHE_DIR", "", ".pip-cache"));
            case DOTNET -> new Toolchain(tool, "mcr.microsoft.com/dotnet/sdk:8.0", List.of("dotnet restore"),
                    List.of("dotnet format --verify-no-changes --no-restore"),
                    List.of("dotnet test --no-restore"),
                    Optional.empty(), new Cache("NUGET_PACKAGES", "", ".nuget/packages"));
            case CARGO -> new Toolchain(tool, "rust:1", List.of("rustup component add rustfmt clippy"),
                    List.of("cargo fmt --check", "cargo clippy --locked --all-targets -- -D warnings"),
                    List.of("cargo test --locked"),
                    Optional.of("Cargo.lock"), new Cache("CARGO_HOME", "", ".cargo"));
            case BUNDLER -> new Toolchain(tool, "ruby:3.3", List.of("bundle install --jobs 4"),
                    // rubocop only when the Gemfile brings it: Ruby has no linter every project agrees on
                    List.of("if bundle exec rubocop --version >/dev/null 2>&1; then bundle exec rubocop; fi"),
                    List.of("bundle exec rake"),
                    Optional.of("Gemfile.lock"), new Cache("BUNDLE_PATH", "", "vendor/bundle"));
        };
    }
}
