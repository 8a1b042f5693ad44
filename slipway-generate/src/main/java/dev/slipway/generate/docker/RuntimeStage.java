package dev.slipway.generate.docker;

import dev.slipway.generate.docker.ServiceBuild.Dotnet;
import dev.slipway.generate.docker.ServiceBuild.Jvm;
import dev.slipway.generate.docker.ServiceBuild.Node;
import dev.slipway.generate.docker.ServiceBuild.Python;
import dev.slipway.model.Service;
import java.util.ArrayList;
import java.util.List;

/**
 * The runtime stage of a generated Dockerfile: the slim image, the build stage's output and nothing of the
 * toolchain, a numeric non-root USER (so Kubernetes {@code runAsNonRoot} can verify it), the port, a
 * HEALTHCHECK where the image has a tool to run one, and the process the service's files name, started in
 * exec form.
 */
final class RuntimeStage {

    private RuntimeStage() {
    }

    static void write(DockerfileText f, ServiceBuild build) {
        Service service = build.service();
        Runtime runtime = Runtime.of(build);
        f.from(runtime.image(), "runtime");
        List<String> user = runtime.userSetup().commands(runtime.uid());
        if (!user.isEmpty()) {
            f.run(user.toArray(String[]::new));
        }
        String artifact = BuildStage.artifact(build);
        switch (build.tool()) {
            case NPM, YARN, PNPM -> f.line("ENV NODE_ENV=production")
                    .line("WORKDIR /app")
                    .line("COPY --from=build " + artifact + " ./");
            case GO, CARGO -> f.line("COPY --from=build " + artifact + " /service");
            case MAVEN, GRADLE -> {
                if (build.recipe() instanceof Jvm jvm && jvm.packaging() == ServiceBuild.JvmPackaging.APPLICATION) {
                    f.comment("The start script passes JAVA_OPTS: heap sized from the container's memory limit.")
                            .line("ENV JAVA_OPTS=-XX:MaxRAMPercentage=75");
                }
                f.line("WORKDIR /app").line("COPY --from=build " + artifact + " ./");
            }
            case PIP, POETRY, PIPENV, UV -> f.line("ENV VIRTUAL_ENV=/opt/venv PATH=\"/opt/venv/bin:$PATH\" PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1")
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
            case SBT, CMAKE, COMPOSER, MIX -> throw BuildInspector.ownDockerfileOnly(build.tool());
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
        List<String> start = start(build);
        switch (build.tool()) {
            case NPM, YARN, PNPM -> f.comment(start.getFirst().equals("node")
                    ? "Started by node itself: without npm in between, signals reach the process."
                    : "The start script is not a plain `node FILE`, so npm runs it.").exec("CMD", start.toArray(String[]::new));
            case GO, CARGO, DOTNET -> f.exec("ENTRYPOINT", start.toArray(String[]::new));
            case MAVEN, GRADLE -> {
                if (start.getFirst().equals("java")) {
                    f.comment("Heap sized from the container's memory limit, not the JVM's 25% default.");
                }
                f.exec("ENTRYPOINT", start.toArray(String[]::new));
            }
            case PIP, POETRY, PIPENV, UV -> f.exec("CMD", start.toArray(String[]::new));
            case BUNDLER -> f.comment("Rack's config.ru (Rails has one too) is the entry point.")
                    .exec("CMD", start.toArray(String[]::new));
            case SBT, CMAKE, COMPOSER, MIX -> throw BuildInspector.ownDockerfileOnly(build.tool());
        }
    }

    /** The process the runtime stage starts, as the service's files name it. */
    static List<String> start(ServiceBuild build) {
        return switch (build.recipe()) {
            case Node node -> node.start();
            case Python python -> python.start();
            case Dotnet dotnet -> List.of("dotnet", dotnet.assembly());
            case Jvm jvm -> switch (jvm.packaging()) {
                case SPRING_BOOT, ASSUMED_EXECUTABLE -> List.of("java", "-XX:MaxRAMPercentage=75", "-jar", "/app/service.jar");
                case CLASSPATH -> List.of("java", "-XX:MaxRAMPercentage=75", "-cp", "/app/service.jar:/app/lib/*",
                        jvm.mainClass().orElseThrow());
                // the start script reads JAVA_OPTS
                case APPLICATION -> List.of("/app/bin/" + jvm.distribution());
            };
            case ServiceBuild.Go go -> List.of("/service");
            case ServiceBuild.Conventional c -> switch (build.tool()) {
                case CARGO -> List.of("/service");
                default -> new ArrayList<>(List.of("bundle", "exec", "rackup", "--host", "0.0.0.0", "--port",
                        String.valueOf(build.service().port().orElse(9292))));
            };
        };
    }
}
