package dev.slipway.generate.docker;

import dev.slipway.model.BuildTool;
import dev.slipway.model.Service;
import java.util.List;

/**
 * The runtime stage of a generated Dockerfile: the slim image, the build stage's output and nothing of the
 * toolchain, a numeric non-root USER (so Kubernetes {@code runAsNonRoot} can verify it), the port, a
 * HEALTHCHECK where the image has a tool to run one, and the process started in exec form.
 */
final class RuntimeStage {

    private RuntimeStage() {
    }

    static void write(DockerfileText f, BuildTool tool, Service service) {
        Runtime runtime = Runtime.of(tool);
        f.from(runtime.image(), "runtime");
        List<String> user = runtime.userSetup().commands(runtime.uid());
        if (!user.isEmpty()) {
            f.run(user.toArray(String[]::new));
        }
        String artifact = BuildStage.artifact(tool);
        switch (tool) {
            case NPM, YARN, PNPM -> f.line("ENV NODE_ENV=production")
                    .line("WORKDIR /app")
                    .line("COPY --from=build " + artifact + " ./");
            case GO, CARGO -> f.line("COPY --from=build " + artifact + " /service");
            case MAVEN, GRADLE -> f.line("WORKDIR /app")
                    .line("COPY --from=build " + artifact + " ./service.jar");
            case PIP, POETRY, PIPENV -> f.line("ENV VIRTUAL_ENV=/opt/venv PATH=\"/opt/venv/bin:$PATH\" PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1")
                    .line("WORKDIR /app")
                    .line("COPY --from=build /opt/venv /opt/venv")
                    .line("COPY --from=build " + artifact + " ./");
            case DOTNET -> {
                f.line("WORKDIR /app");
                service.port().ifPresent(port -> f.line("ENV ASPNETCORE_HTTP_PORTS=" + port));
                f.line("COPY --from=build " + artifact + " ./");
            }
            case BUNDLER -> f.line("ENV BUNDLE_DEPLOYMENT=1 BUNDLE_WITHOUT=development:test BUNDLE_PATH=/usr/local/bundle")
                    .line("WORKDIR /app")
                    .line("COPY --from=build /usr/local/bundle /usr/local/bundle")
                    .line("COPY --from=build " + artifact + " ./");
        }
        f.line("USER " + runtime.uid() + ":" + runtime.uid());
        service.port().ifPresent(port -> {
            f.line("EXPOSE " + port);
            if (runtime.probe() == Runtime.Probe.NONE) {
                f.comment("No HEALTHCHECK: the image has no shell and no HTTP client to run one. Kubernetes ignores")
                        .comment("HEALTHCHECK anyway; the generated manifests probe " + service.healthPath() + " instead.");
            } else {
                f.exec("HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 CMD",
                        runtime.probe().command(port, service.healthPath()).toArray(String[]::new));
            }
        });
        switch (tool) {
            case NPM, YARN, PNPM -> f.comment("`node .` starts package.json's \"main\"; without npm in between, signals reach node.")
                    .exec("CMD", "node", ".");
            case GO, CARGO -> f.exec("ENTRYPOINT", "/service");
            case MAVEN, GRADLE -> f.comment("Heap sized from the container's memory limit, not the JVM's 25% default.")
                    .exec("ENTRYPOINT", "java", "-XX:MaxRAMPercentage=75", "-jar", "/app/service.jar");
            case PIP, POETRY, PIPENV -> f.comment("Entry point by convention: main.py. A service that starts otherwise sets its own `dockerfile:`.")
                    .exec("CMD", "python", "main.py");
            case DOTNET -> f.exec("ENTRYPOINT", "dotnet", "service.dll");
            case BUNDLER -> f.comment("Rack's config.ru (Rails has one too) is the entry point.")
                    .exec("CMD", "bundle", "exec", "rackup", "--host", "0.0.0.0", "--port",
                            String.valueOf(service.port().orElse(9292)));
        }
    }
}
