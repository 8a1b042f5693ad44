package dev.slipway.generate.docker;

import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.Generator;
import dev.slipway.generate.Layout;
import dev.slipway.generate.SourceTree;
import dev.slipway.model.BuildTool;
import dev.slipway.model.Service;
import dev.slipway.model.SystemSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A multi-stage Dockerfile for every service built from source that has no Dockerfile of its own (neither
 * {@code dockerfile:} nor a {@code Dockerfile} in its directory): a build stage with the toolchain version
 * the service's files name and a slim runtime stage with only the result, run as a non-root user, starting
 * what the service's files say starts it. Beside it a {@code Dockerfile.dockerignore}, which BuildKit applies
 * to that Dockerfile's build (the build context is the service's directory, so a plain {@code .dockerignore}
 * here would not be read) and the Tekton build passes to Buildah explicitly.
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
        return generate(spec, SourceTree.none());
    }

    @Override
    public List<GeneratedFile> generate(SystemSpec spec, SourceTree sources) {
        List<GeneratedFile> files = new ArrayList<>();
        for (ServiceBuild build : BuildInspector.all(spec, sources)) {
            if (build.ownDockerfile().isPresent()) {
                continue;
            }
            String dockerfile = build.dockerfile();
            files.add(new GeneratedFile(dockerfile, dockerfile(build)));
            files.add(new GeneratedFile(dockerfile + ".dockerignore", dockerignore(build.tool())));
        }
        return files;
    }

    /** The tool a service is built with: its own, or the usual one of its language. */
    public static BuildTool buildTool(Service service) {
        return BuildInspector.buildTool(service);
    }

    static String dockerfile(ServiceBuild build) {
        Service service = build.service();
        DockerfileText f = new DockerfileText()
                .comment(Layout.HEADER_TEXT)
                .comment("Service " + service.name() + ": " + service.language().map(l -> l.keyword()).orElse("?")
                        + " built with " + build.tool().keyword() + ", toolchain " + build.version().line()
                        + (build.version().read().equals("default") ? " (Slipway's default: the repository names none)"
                                : " (from " + build.version().read() + ")") + ".")
                .comment("Build it from the repository root:")
                .comment("  docker build -f " + build.dockerfile() + " " + build.context());
        if (!build.context().equals(build.directory())) {
            f.comment("The context is " + build.context() + ", not " + build.directory() + ": the build needs files there.");
        }
        if (!build.inspected()) {
            f.comment("Written without reading " + build.directory() + " (not in this repository): the tool's conventions are assumed.");
        }
        f.comment("Base images are pinned to exact versions; pin their digests too (image:tag@sha256:...)")
                .comment("for byte-identical rebuilds.")
                .blank();
        BuildStage.write(f, build);
        f.blank();
        RuntimeStage.write(f, build);
        return f.toString();
    }

    static String dockerignore(BuildTool tool) {
        return "# " + Layout.HEADER_TEXT + "\n" + String.join("\n", DockerIgnore.patterns(tool)) + "\n";
    }
}
