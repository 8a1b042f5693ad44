package dev.slipway.generate.docker;

import dev.slipway.model.BuildTool;
import dev.slipway.model.Service;
import java.util.List;
import java.util.Optional;

/**
 * How one service built from source is built, tested and started, as its own files say: read once by
 * {@link BuildInspector} and used by the Dockerfile, every CI target and the docs, so they cannot disagree.
 *
 * @param directory     the service's directory ({@code path}), relative to the repository root
 * @param context       the image build context: the directory, or wider when the build needs files
 *                      outside it (a .NET project reference, a Go module root)
 * @param ownDockerfile the service's own Dockerfile ({@code dockerfile:}, or a {@code Dockerfile} in its
 *                      directory): it wins, and the docker target writes none
 * @param inspected     true when the directory was read; false when generating without the repository
 *                      (each tool's conventions are assumed)
 * @param wrapper       the build tool's wrapper ({@code mvnw}, {@code gradlew}) is in the repository
 * @param lockFile      the lockfile present in the directory
 * @param tests         the commands that install test-only tools and run the tests; empty: the service has no tests
 */
public record ServiceBuild(
        Service service,
        BuildTool tool,
        String directory,
        String context,
        Optional<String> ownDockerfile,
        boolean inspected,
        ToolchainVersion version,
        boolean wrapper,
        Optional<String> lockFile,
        List<String> tests,
        Recipe recipe) {

    public ServiceBuild {
        tests = List.copyOf(tests);
    }

    public String name() {
        return service.name();
    }

    /** The Dockerfile the image is built with: the service's own, or the generated one. */
    public String dockerfile() {
        return ownDockerfile.orElse("docker/" + service.name() + "/Dockerfile");
    }

    /** The builder image: the Dockerfile's build stage and the CI test steps run in it. */
    public String builderImage() {
        return BaseImages.builder(tool, version);
    }

    /** The directory as seen from the build context ({@code .} when they are the same). */
    public String directoryInContext() {
        if (context.equals(directory)) {
            return ".";
        }
        return context.equals(".") ? directory : directory.substring(context.length() + 1);
    }

    /** What the build stage builds and the runtime stage starts, per language. */
    public sealed interface Recipe {
    }

    /** How a JVM service's build leaves a runnable artifact. */
    public enum JvmPackaging {
        /** Spring Boot's repackaged jar: {@code java -jar}. */
        SPRING_BOOT,
        /** Gradle's {@code application} plugin: {@code installDist} writes {@code bin/NAME} and {@code lib/}. */
        APPLICATION,
        /** A plain jar, its runtime dependencies copied beside it, started with a classpath and the main class. */
        CLASSPATH,
        /** Not inspected: the jar is assumed executable. */
        ASSUMED_EXECUTABLE
    }

    /** @param distribution the name Gradle's installDist gives the distribution (the root project's name) */
    public record Jvm(JvmPackaging packaging, Optional<String> mainClass, String distribution) implements Recipe {
    }

    /** @param start the command the runtime stage runs, exec form */
    public record Node(boolean yarnBerry, List<String> start) implements Recipe {
    }

    /**
     * @param manifests the dependency manifests copied before the sources
     * @param install   the command that installs the dependencies into the virtual environment
     * @param start     the command the runtime stage runs, exec form
     */
    public record Python(List<String> manifests, Optional<String> install, List<String> start) implements Recipe {
    }

    /** @param mainPackage the main package, relative to the module root ({@code .} or {@code ./cmd/NAME}) */
    public record Go(String mainPackage, boolean goSum) implements Recipe {
    }

    /**
     * @param project      the executable project, relative to the build context
     * @param projectFiles every project file the executable project needs, relative to the build context
     * @param assembly     the assembly the publish writes ({@code NAME.dll})
     */
    public record Dotnet(String project, List<String> projectFiles, String assembly) implements Recipe {
    }

    /** Tools whose files Slipway does not read yet (Cargo, Bundler): the tool's conventions. */
    public record Conventional() implements Recipe {
    }
}
