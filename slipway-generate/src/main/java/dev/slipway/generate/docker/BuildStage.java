package dev.slipway.generate.docker;

import dev.slipway.generate.docker.ServiceBuild.Dotnet;
import dev.slipway.generate.docker.ServiceBuild.Go;
import dev.slipway.generate.docker.ServiceBuild.Jvm;
import dev.slipway.generate.docker.ServiceBuild.Node;
import dev.slipway.generate.docker.ServiceBuild.Python;
import java.util.ArrayList;
import java.util.List;

/**
 * The build stage of a generated Dockerfile, one per build tool, from what the service's files say
 * ({@link ServiceBuild}): the dependency manifests that exist are copied and the dependencies downloaded before
 * the sources are copied, so a change to the sources alone reuses the dependency layer; downloads and compiler
 * output sit in cache mounts that survive between builds on the same builder. Each stage leaves what the
 * runtime stage copies at a fixed place ({@link #artifact}).
 */
final class BuildStage {

    private BuildStage() {
    }

    /** Where the stage leaves the runnable result, as copied by the runtime stage. */
    static String artifact(ServiceBuild build) {
        return switch (build.tool()) {
            case NPM, YARN, PNPM, PIP, POETRY, PIPENV, UV, BUNDLER -> "/app";
            case GO, CARGO -> "/out/service";
            case MAVEN, GRADLE, DOTNET -> "/out";
            case SBT, CMAKE, COMPOSER, MIX -> throw BuildInspector.ownDockerfileOnly(build.tool());
        };
    }

    static void write(DockerfileText f, ServiceBuild build) {
        f.from(build.builderImage(), "build");
        switch (build.tool()) {
            case NPM, YARN, PNPM -> node(f, build, (Node) build.recipe());
            case GO -> go(f, build, (Go) build.recipe());
            case MAVEN -> maven(f, build, (Jvm) build.recipe());
            case GRADLE -> gradle(f, build, (Jvm) build.recipe());
            case PIP, POETRY, PIPENV -> python(f, build, (Python) build.recipe());
            case UV -> uv(f, (Python) build.recipe());
            case DOTNET -> dotnet(f, (Dotnet) build.recipe());
            case CARGO -> cargo(f);
            case BUNDLER -> ruby(f);
            case SBT, CMAKE, COMPOSER, MIX -> throw BuildInspector.ownDockerfileOnly(build.tool());
        }
    }

    private static void node(DockerfileText f, ServiceBuild build, Node node) {
        String cache;
        List<String> install = new ArrayList<>();
        String prune;
        boolean locked = build.lockFile().isPresent();
        switch (build.tool()) {
            case YARN -> {
                cache = node.yarnBerry() ? "/root/.yarn/berry/cache" : "/usr/local/share/.cache/yarn";
                if (node.yarnBerry()) {
                    // berry comes from corepack (packageManager); classic is the yarn the node image carries
                    install.add("corepack enable");
                }
                // classic ignores --immutable (and rewrites the lockfile); berry dropped --frozen-lockfile
                install.add(!locked ? "yarn install" : node.yarnBerry() ? "yarn install --immutable" : "yarn install --frozen-lockfile");
                prune = null;
            }
            case PNPM -> {
                cache = "/root/.local/share/pnpm/store";
                install.add("corepack enable");
                install.add(locked ? "pnpm install --frozen-lockfile" : "pnpm install");
                prune = "pnpm prune --prod";
            }
            default -> {
                cache = "/root/.npm";
                // npm ci needs package-lock.json; without one, npm install resolves anew on every build
                install.add(locked ? "npm ci" : "npm install");
                prune = "npm prune --omit=dev";
            }
        }
        f.line("WORKDIR /app")
                .comment("Manifests first: a change to the sources alone reuses the installed dependencies.");
        if (!locked) {
            f.comment("No lockfile in the repository: dependencies resolve anew on each build. Commit one.");
        }
        f.line("COPY package.json " + build.lockFile().map(l -> l + " ").orElse("") + "./")
                .run(List.of(cache), install.toArray(String[]::new))
                .line("COPY . .");
        if (prune == null) {
            // Yarn has no prune that works for both classic and berry; dev dependencies stay in the image.
            f.run("npm run build --if-present");
        } else {
            f.run("npm run build --if-present", prune);
        }
    }

    private static void go(DockerfileText f, ServiceBuild build, Go go) {
        f.line("WORKDIR /src")
                .comment("Manifests first: a change to the sources alone reuses the downloaded modules.")
                .line("COPY go.mod " + (go.goSum() ? "go.sum " : "") + "./")
                .run(List.of("/go/pkg/mod"), "go mod download")
                .line("COPY . .")
                .comment("CGO off: a static binary that runs on distroless/static without a libc.")
                .run(List.of("/go/pkg/mod", "/root/.cache/go-build"),
                        "CGO_ENABLED=0 go build -trimpath -ldflags=\"-s -w\" -o /out/service " + go.mainPackage());
    }

    private static void maven(DockerfileText f, ServiceBuild build, Jvm jvm) {
        String mvn = build.wrapper() ? "./mvnw" : "mvn";
        f.line("WORKDIR /src")
                .comment("The POM first: a change to the sources alone reuses the downloaded dependencies.");
        if (build.wrapper()) {
            f.line("COPY mvnw pom.xml ./").line("COPY .mvn .mvn");
        } else {
            f.line("COPY pom.xml ./");
        }
        f.run(List.of("/root/.m2"), mvn + " -B -ntp dependency:go-offline")
                .line("COPY . .")
                .comment("Tests run in the CI test step before this build; cp fails loudly if there is not exactly one jar.");
        List<String> commands = new ArrayList<>();
        if (jvm.packaging() == ServiceBuild.JvmPackaging.CLASSPATH) {
            commands.add(mvn + " -B -ntp package dependency:copy-dependencies -DskipTests -DincludeScope=runtime -DoutputDirectory=target/lib");
            commands.add("mkdir -p /out/lib target/lib");
            commands.add("cp target/*.jar /out/service.jar");
            commands.add("cp -r target/lib/. /out/lib/");
        } else {
            commands.add(mvn + " -B -ntp package -DskipTests");
            commands.add("mkdir -p /out");
            commands.add("cp target/*.jar /out/service.jar");
        }
        f.run(List.of("/root/.m2"), commands.toArray(String[]::new));
    }

    private static void gradle(DockerfileText f, ServiceBuild build, Jvm jvm) {
        String gradle = build.wrapper() ? "./gradlew" : "gradle";
        f.line("WORKDIR /src")
                .comment("Gradle settings may read any file (version catalogs, buildSrc, included builds), so the")
                .comment("sources are copied at once; the cache mount keeps downloaded dependencies between builds.")
                .line("COPY . .");
        if (jvm.packaging() == ServiceBuild.JvmPackaging.APPLICATION) {
            f.comment("installDist: the application plugin's start script in bin/, the jars in lib/.")
                    .run(List.of("/home/gradle/.gradle"), gradle + " --no-daemon --console=plain installDist",
                            "mkdir -p /out", "cp -r build/install/" + jvm.distribution() + "/. /out/");
        } else {
            String task = jvm.packaging() == ServiceBuild.JvmPackaging.SPRING_BOOT ? "bootJar" : "assemble";
            f.run(List.of("/home/gradle/.gradle"), gradle + " --no-daemon --console=plain " + task, "mkdir -p /out",
                    "cp $(ls build/libs/*.jar | grep -v -- '-plain.jar$') /out/service.jar");
        }
    }

    private static void python(DockerfileText f, ServiceBuild build, Python python) {
        f.line("ENV PIP_DISABLE_PIP_VERSION_CHECK=1");
        switch (build.tool()) {
            case POETRY -> f.run(List.of("/root/.cache/pip"), "pip install poetry==" + BaseImages.POETRY_VERSION);
            case PIPENV -> f.run(List.of("/root/.cache/pip"), "pip install pipenv==" + BaseImages.PIPENV_VERSION);
            default -> { }
        }
        f.comment("A virtual environment: one directory for the runtime stage to copy.")
                .run("python -m venv /opt/venv")
                .line("ENV VIRTUAL_ENV=/opt/venv PATH=\"/opt/venv/bin:$PATH\"")
                .line("WORKDIR /app");
        if (python.install().isPresent()) {
            f.comment("Manifests first: a change to the sources alone reuses the installed packages.")
                    .line("COPY " + String.join(" ", python.manifests()) + " ./")
                    .run(List.of("/root/.cache/pip"), python.install().get());
        } else {
            f.comment("No requirements file: the service uses the standard library only.");
        }
        f.line("COPY . .");
    }

    /**
     * uv as its Docker guide has it: the binary copied from Astral's pinned image, the locked dependencies synced
     * into /opt/venv before the sources (--locked fails when uv.lock disagrees with pyproject.toml, as
     * {@code npm ci} does; --frozen would install the stale lock), then the project itself, not editable, so the
     * environment does not point back into the build stage.
     */
    private static void uv(DockerfileText f, Python python) {
        f.comment("uv is one static binary: copied from its image at a pinned release, nothing fetched to install it.")
                .line("COPY --from=" + BaseImages.UV_IMAGE + " /uv /bin/")
                .comment("The environment in /opt/venv, one directory for the runtime stage to copy, on this image's Python.")
                .line("ENV UV_PROJECT_ENVIRONMENT=/opt/venv UV_PYTHON_DOWNLOADS=never UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy")
                .line("WORKDIR /app")
                .comment("Manifests first: a change to the sources alone reuses the installed packages.")
                .line("COPY " + String.join(" ", python.manifests()) + " ./")
                .run(List.of("/root/.cache/uv"), python.install().orElseThrow())
                .line("COPY . .")
                .run(List.of("/root/.cache/uv"), "uv sync --locked --no-dev --no-editable");
    }

    private static void dotnet(DockerfileText f, Dotnet dotnet) {
        f.line("WORKDIR /src")
                .comment("The project files first: a change to the sources alone reuses the restored packages.");
        for (String project : dotnet.projectFiles()) {
            String dir = BuildInspector.parent(project);
            f.line("COPY " + project + " " + (dir.equals(".") ? "./" : dir + "/"));
        }
        f.run(List.of("/root/.nuget/packages"), "dotnet restore " + dotnet.project())
                .line("COPY . .")
                .run(List.of("/root/.nuget/packages"),
                        "dotnet publish " + dotnet.project() + " -c Release -o /out --no-restore -p:UseAppHost=false");
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
