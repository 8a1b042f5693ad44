package dev.slipway.generate.ci.tekton;

import dev.slipway.generate.docker.BaseImages;
import dev.slipway.model.BuildTool;

/**
 * How each build tool installs dependencies from the lockfile and runs a service's tests. The lockfile is
 * required (reproducible installs); test entry points follow each ecosystem's convention.
 */
final class TestScripts {

    private TestScripts() {
    }

    static String script(BuildTool tool) {
        String body = switch (tool) {
            case NPM -> """
                    npm ci
                    npm test
                    """;
            case YARN -> """
                    corepack enable
                    yarn install --frozen-lockfile
                    yarn test
                    """;
            case PNPM -> """
                    corepack enable
                    pnpm install --frozen-lockfile
                    pnpm test
                    """;
            case GO -> """
                    go vet ./...
                    go test ./...
                    """;
            case MAVEN -> """
                    mvn -B -ntp verify
                    """;
            case GRADLE -> """
                    gradle --no-daemon --console=plain check
                    """;
            case PIP -> """
                    pip install -r requirements.txt
                    if [ -f requirements-dev.txt ]; then pip install -r requirements-dev.txt; fi
                    python -m pytest
                    """;
            case POETRY -> """
                    pip install poetry==%s
                    poetry install --no-interaction
                    poetry run pytest
                    """.formatted(BaseImages.POETRY_VERSION);
            case PIPENV -> """
                    pip install pipenv==%s
                    pipenv install --deploy --dev
                    pipenv run pytest
                    """.formatted(BaseImages.PIPENV_VERSION);
            case DOTNET -> """
                    dotnet test
                    """;
            case CARGO -> """
                    cargo test --locked
                    """;
            case BUNDLER -> """
                    # a compiler for gems with native extensions
                    apt-get update
                    apt-get install -y --no-install-recommends build-essential
                    bundle install
                    bundle exec rake
                    """;
        };
        return "#!/bin/sh\nset -eu\n" + body;
    }
}
