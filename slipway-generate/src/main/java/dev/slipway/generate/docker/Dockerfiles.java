package dev.slipway.generate.docker;

import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.Generator;
import dev.slipway.generate.Layout;
import dev.slipway.model.BuildTool;
import dev.slipway.model.Service;
import dev.slipway.model.SystemSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A multi-stage Dockerfile for every service built from source that has no {@code dockerfile} of its own:
 * a build stage with the language's toolchain and a slim runtime stage with only the result, run as a
 * non-root user. Beside it a {@code Dockerfile.dockerignore}, which BuildKit applies to that Dockerfile's
 * build (the build context is the service's own {@code path}, so a plain {@code .dockerignore} here would
 * not be read) and the Tekton build passes to Buildah explicitly.
 */
public final class Dockerfiles implements Generator {

    @Override
    public String target() {
        return "docker";
    }

    @Override
    public String description() {
        return "Multi-stage Dockerfiles for services without their own";
    }

    @Override
    public List<GeneratedFile> generate(SystemSpec spec) {
        List<GeneratedFile> files = new ArrayList<>();
        for (Service service : spec.services()) {
            if (!service.builtFromSource() || service.dockerfile().isPresent()) {
                continue;
            }
            BuildTool tool = buildTool(service);
            String dockerfile = Layout.dockerfile(service);
            files.add(new GeneratedFile(dockerfile, dockerfile(service, tool)));
            files.add(new GeneratedFile(dockerfile + ".dockerignore", dockerignore(tool)));
        }
        return files;
    }

    /** The tool a service is built with: its own, or the usual one of its language. */
    public static BuildTool buildTool(Service service) {
        return service.buildTool().orElseGet(() -> service.language()
                .orElseThrow(() -> new IllegalStateException("service " + service.name() + " builds from source without a language"))
                .defaultBuildTool());
    }

    static String dockerfile(Service service, BuildTool tool) {
        DockerfileText f = new DockerfileText()
                .comment(Layout.HEADER_TEXT)
                .comment("Service " + service.name() + ": " + service.language().map(l -> l.keyword()).orElse("?")
                        + " built with " + tool.keyword() + ". Build it from the repository root:")
                .comment("  docker build -f " + Layout.dockerfile(service) + " " + Layout.buildContext(service))
                .comment("Base images are pinned to exact versions; pin their digests too (image:tag@sha256:...)")
                .comment("for byte-identical rebuilds.")
                .blank();
        BuildStage.write(f, tool);
        f.blank();
        RuntimeStage.write(f, tool, service);
        return f.toString();
    }

    static String dockerignore(BuildTool tool) {
        return "# " + Layout.HEADER_TEXT + "\n" + String.join("\n", DockerIgnore.patterns(tool)) + "\n";
    }
}
