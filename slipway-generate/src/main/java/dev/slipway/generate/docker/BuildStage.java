package dev.slipway.generate.docker;

import dev.slipway.model.BuildTool;
import java.util.List;

/**
 * The build stage of a generated Dockerfile, one per build tool: the dependency manifests are copied and
 * the dependencies downloaded before the sources are copied, so a change to the sources alone reuses the
 * dependency layer; downloads and compiler output sit in cache mounts that survive between builds on the
 * same builder. Each stage leaves what the runtime stage copies at a fixed place ({@link #artifact}).
 */
final class BuildStage {

    private BuildStage() {
    }

    /** Where the stage leaves the runnable result, as copied by the runtime stage. */
    static String artifact(BuildTool tool) {
        return switch (tool) {
            case NPM, YARN, PNPM, PIP, POETRY, PIPENV, BUNDLER -> "/app";
            case GO, CARGO -> "/out/service";
            case MAVEN, GRADLE -> "/out/service.jar";
            case DOTNET -> "/out";
        };
    }

    static void write(DockerfileText f, BuildTool tool) {
        f.from(BaseImages.builder(tool), "build");
        switch (tool) {
            case NPM -> node(f, "package-lock.json", "/root/.npm", List.of("npm ci"), "npm prune --omit=dev");
            case YARN -> node(f, "yarn.lock", "/usr/local/share/.cache/yarn",
                    List.of("corepack enable", "yarn install --frozen-lockfile"), null);
            case PNPM -> node(f, "pnpm-lock.yaml", "/root/.local/share/pnpm/store",
                    List.of("corepack enable", "pnpm install --frozen-lockfile"), "pnpm prune --prod");
            case GO -> go(f);
            case MAVEN -> maven(f);
            case GRADLE -> gradle(f);
            case PIP -> python(f, "requirements.txt", List.of(),
                    "pip install -r requirements.txt");
            case POETRY -> python(f, "pyproject.toml poetry.lock",
                    List.of("pip install poetry==" + BaseImages.POETRY_VERSION),
                    "poetry install --only main --no-root --no-interaction");
            case PIPENV -> python(f, "Pipfile Pipfile.lock",
                    List.of("pip install pipenv==" + BaseImages.PIPENV_VERSION),
                    "pipenv install --deploy --system");
            case DOTNET -> dotnet(f);
            case CARGO -> cargo(f);
            case BUNDLER -> ruby(f);
        }
    }

    private static void node(DockerfileText f, String lockfile, String cache, List<String> install, String prune) {
        f.line("WORKDIR /app")
                .comment("Manifests first: a change to the sources alone reuses the installed dependencies.")
                .comment("The lockfile is required: installs are reproducible only from a lockfile.")
                .line("COPY package.json " + lockfile + " ./")
                .run(List.of(cache), install.toArray(String[]::new))
                .line("COPY . .");
        if (prune == null) {
            // Yarn has no prune that works for both classic and berry; dev dependencies stay in the image.
            f.run("npm run build --if-present");
        } else {
            f.run("npm run build --if-present", prune);
        }
    }

    private static void go(DockerfileText f) {
        f.line("WORKDIR /src")
                .comment("Manifests first: a change to the sources alone reuses the downloaded modules.")
                .line("COPY go.mod go.sum* ./")
                .run(List.of("/go/pkg/mod"), "go mod download")
                .line("COPY . .")
                .comment("CGO off: a static binary that runs on distroless/static without a libc.")
                .run(List.of("/go/pkg/mod", "/root/.cache/go-build"),
                        "CGO_ENABLED=0 go build -trimpath -ldflags=\"-s -w\" -o /out/service .");
    }

    private static void maven(DockerfileText f) {
        f.line("WORKDIR /src")
                .comment("The POM first: a change to the sources alone reuses the downloaded dependencies.")
                .line("COPY pom.xml ./")
                .run(List.of("/root/.m2"), "mvn -B -ntp dependency:go-offline")
                .line("COPY . .")
                .comment("Tests run in the CI test step before this build; cp fails loudly if there is not exactly one jar.")
                .run(List.of("/root/.m2"), "mvn -B -ntp package -DskipTests", "mkdir -p /out",
                        "cp target/*.jar /out/service.jar");
    }

    private static void gradle(DockerfileText f) {
        f.line("WORKDIR /src")
                .comment("Gradle settings may read any file (version catalogs, buildSrc, included builds), so the")
                .comment("sources are copied at once; the cache mount keeps downloaded dependencies between builds.")
                .line("COPY . .")
                .run(List.of("/home/gradle/.gradle"), "gradle --no-daemon --console=plain assemble", "mkdir -p /out",
                        "cp $(ls build/libs/*.jar | grep -v -- '-plain.jar$') /out/service.jar");
    }

    private static void python(DockerfileText f, String manifests, List<String> tools, String install) {
        f.line("ENV PIP_DISABLE_PIP_VERSION_CHECK=1");
        for (String tool : tools) {
            f.run(List.of("/root/.cache/pip"), tool);
        }
        f.comment("A virtual environment: one directory for the runtime stage to copy.")
                .run("python -m venv /opt/venv")
                .line("ENV VIRTUAL_ENV=/opt/venv PATH=\"/opt/venv/bin:$PATH\"")
                .line("WORKDIR /app")
                .comment("Manifests first: a change to the sources alone reuses the installed packages.")
                .line("COPY " + manifests + " ./")
                .run(List.of("/root/.cache/pip"), install)
                .line("COPY . .");
    }

    private static void dotnet(DockerfileText f) {
        f.line("WORKDIR /src")
                .comment("The project file first: a change to the sources alone reuses the restored packages.")
                .line("COPY *.csproj ./")
                .run(List.of("/root/.nuget/packages"), "dotnet restore")
                .line("COPY . .")
                .comment("AssemblyName=service: the runtime stage starts service.dll whatever the project is called.")
                .run(List.of("/root/.nuget/packages"),
                        "dotnet publish -c Release -o /out -p:AssemblyName=service -p:UseAppHost=false");
    }

    private static void cargo(DockerfileText f) {
        f.line("WORKDIR /src")
                .comment("Manifests first: a change to the sources alone reuses the fetched crates.")
                .comment("Cargo reads a manifest only with a target in it, so an empty main.rs stands in while fetching.")
                .line("COPY Cargo.toml Cargo.lock ./")
                .run(List.of("/usr/local/cargo/registry"), "mkdir -p src", "touch src/main.rs",
                        "cargo fetch --locked", "rm -rf src")
                .line("COPY . .")
                .comment("mv fails loudly if the package has more than one binary.")
                .run(List.of("/usr/local/cargo/registry", "/src/target"),
                        "cargo install --locked --path . --root /out --target-dir /src/target",
                        "mv /out/bin/* /out/service");
    }

    private static void ruby(DockerfileText f) {
        f.line("ENV BUNDLE_DEPLOYMENT=1 BUNDLE_WITHOUT=development:test BUNDLE_PATH=/usr/local/bundle")
                .comment("A compiler for gems with native extensions; it stays in this stage.")
                .run("apt-get update", "apt-get install -y --no-install-recommends build-essential",
                        "rm -rf /var/lib/apt/lists/*")
                .line("WORKDIR /app")
                .comment("Manifests first: a change to the sources alone reuses the installed gems.")
                .line("COPY Gemfile Gemfile.lock ./")
                .run("bundle install", "rm -rf /usr/local/bundle/cache")
                .line("COPY . .");
    }
}
