package dev.slipway.generate.docker;

import dev.slipway.generate.GenerationException;
import dev.slipway.generate.SourceTree;
import dev.slipway.generate.docker.ServiceBuild.Conventional;
import dev.slipway.generate.docker.ServiceBuild.Dotnet;
import dev.slipway.generate.docker.ServiceBuild.Go;
import dev.slipway.generate.docker.ServiceBuild.Jvm;
import dev.slipway.generate.docker.ServiceBuild.JvmPackaging;
import dev.slipway.generate.docker.ServiceBuild.Node;
import dev.slipway.generate.docker.ServiceBuild.Python;
import dev.slipway.generate.docker.ServiceBuild.Recipe;
import dev.slipway.model.BuildTool;
import dev.slipway.model.Service;
import dev.slipway.model.SystemSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads how a service builds from its own files: the build tool's wrapper, lockfile and toolchain version, the
 * executable it produces and how it starts, whether it has tests. What the files do not allow (a Poetry
 * project without its lock, a JVM service without a main class) is refused with a hint, because a generated
 * Dockerfile that cannot build is worse than none. Without the repository ({@link SourceTree#none()}) each
 * tool's conventions are assumed.
 */
public final class BuildInspector {

    private BuildInspector() {
    }

    /** Every service built from source, in the spec's order. */
    public static List<ServiceBuild> all(SystemSpec spec, SourceTree sources) {
        return spec.services().stream().filter(Service::builtFromSource).map(s -> inspect(s, sources)).toList();
    }

    public static ServiceBuild inspect(Service service, SourceTree sources) {
        BuildTool tool = buildTool(service);
        String dir = service.path().orElse(".");
        Optional<String> own = service.dockerfile()
                .or(() -> Optional.of(SourceTree.join(dir, "Dockerfile")).filter(sources::exists));
        if (!buildsNatively(tool)) {
            if (own.isEmpty()) {
                throw new GenerationException("service " + service.name() + " (" + dir + ") is "
                        + service.language().map(l -> l.keyword()).orElse("?") + " built with " + tool.keyword()
                        + ", which Slipway does not write Dockerfiles for, and it has no Dockerfile of its own",
                        "add a Dockerfile to " + dir + " (or point `dockerfile:` at one): generate builds "
                                + service.name() + " with it");
            }
            return new ServiceBuild(service, tool, dir, dir, own, sources.has(dir), BaseImages.defaultVersion(tool),
                    false, Optional.empty(), List.of(), new Conventional());
        }
        if (!sources.has(dir)) {
            return conventional(service, tool, dir, own);
        }
        try {
            return inspect(new Files(sources, dir, service), tool, own);
        } catch (GenerationException refused) {
            if (own.isEmpty()) {
                throw refused;
            }
            // the service's own Dockerfile builds it: what stops Slipway writing one does not stop the CI
            return conventional(service, tool, dir, own);
        }
    }

    private static ServiceBuild inspect(Files files, BuildTool tool, Optional<String> own) {
        Service service = files.service();
        String dir = files.dir();
        return switch (tool) {
            case MAVEN, GRADLE -> Jvms.inspect(files, tool, own);
            case NPM, YARN, PNPM -> Nodes.inspect(files, tool, own);
            case PIP, POETRY, PIPENV, UV -> Pythons.inspect(files, tool, own);
            case GO -> golang(files, own);
            case DOTNET -> dotnet(files, own);
            case CARGO, BUNDLER -> new ServiceBuild(service, tool, dir, dir, own, true, BaseImages.defaultVersion(tool),
                    false, Optional.of(tool == BuildTool.CARGO ? "Cargo.lock" : "Gemfile.lock"),
                    conventionalTests(tool), new Conventional());
            case SBT, CMAKE, COMPOSER, MIX -> throw BuildInspector.ownDockerfileOnly(tool);
        };
    }

    /**
     * Whether Slipway writes the Dockerfile for this tool. sbt, CMake, Composer and mix projects differ too much
     * (C++ toolchains and system libraries, PHP web servers, Elixir releases, sbt plugins) for one generated
     * Dockerfile to build them: they build only from the service's own.
     */
    public static boolean buildsNatively(BuildTool tool) {
        return switch (tool) {
            case SBT, CMAKE, COMPOSER, MIX -> false;
            default -> true;
        };
    }

    /** For the docker stages' switches: they never see a tool that builds from its own Dockerfile. */
    static IllegalStateException ownDockerfileOnly(BuildTool tool) {
        return new IllegalStateException(tool.keyword() + " builds only from the service's own Dockerfile");
    }

    /** The tool a service is built with: its own, or the usual one of its language. */
    public static BuildTool buildTool(Service service) {
        return service.buildTool().orElseGet(() -> service.language()
                .orElseThrow(() -> new IllegalStateException("service " + service.name() + " builds from source without a language"))
                .defaultBuildTool());
    }

    /** Without the repository: each tool's conventions, as documented in docs/generators.md. */
    private static ServiceBuild conventional(Service service, BuildTool tool, String dir, Optional<String> own) {
        Recipe recipe = switch (tool) {
            case MAVEN, GRADLE -> new Jvm(JvmPackaging.ASSUMED_EXECUTABLE, Optional.empty(), service.name());
            case NPM, YARN, PNPM -> new Node(false, List.of("node", "."));
            case PIP, POETRY, PIPENV, UV -> new Python(pythonManifests(tool), Optional.of(pythonInstall(tool, "requirements.txt")),
                    List.of("python", "main.py"));
            case GO -> new Go(".", true);
            case DOTNET -> new Dotnet(service.name() + ".csproj", List.of("*.csproj"), service.name() + ".dll");
            case CARGO, BUNDLER, SBT, CMAKE, COMPOSER, MIX -> new Conventional();
        };
        Optional<String> lock = switch (tool) {
            case NPM -> Optional.of("package-lock.json");
            case YARN -> Optional.of("yarn.lock");
            case PNPM -> Optional.of("pnpm-lock.yaml");
            case POETRY -> Optional.of("poetry.lock");
            case PIPENV -> Optional.of("Pipfile.lock");
            case UV -> Optional.of("uv.lock");
            case GO -> Optional.of("go.sum");
            case CARGO -> Optional.of("Cargo.lock");
            case BUNDLER -> Optional.of("Gemfile.lock");
            case PIP -> Optional.of("requirements.txt");
            default -> Optional.empty();
        };
        return new ServiceBuild(service, tool, dir, dir, own, false, BaseImages.defaultVersion(tool), false, lock,
                conventionalTests(tool), recipe);
    }

    private static List<String> conventionalTests(BuildTool tool) {
        return switch (tool) {
            case MAVEN -> List.of("mvn -B -ntp verify");
            case GRADLE -> List.of("gradle --no-daemon test");
            case GO -> List.of("go test ./...");
            case NPM -> List.of("npm test");
            case YARN -> List.of("yarn test");
            case PNPM -> List.of("pnpm test");
            case PIP -> List.of("python -m pip install pytest", "python -m pytest");
            case POETRY -> List.of("poetry run pytest");
            case PIPENV -> List.of("pipenv run pytest");
            case UV -> List.of("uv run pytest");
            case DOTNET -> List.of("dotnet test");
            case CARGO -> List.of("cargo test --locked");
            case BUNDLER -> List.of("bundle exec rake");
            // built from their own Dockerfile: the CI says which command to add (ci/Toolchain)
            case SBT, CMAKE, COMPOSER, MIX -> List.of();
        };
    }

    static List<String> pythonManifests(BuildTool tool) {
        return switch (tool) {
            case POETRY -> List.of("pyproject.toml", "poetry.lock");
            case PIPENV -> List.of("Pipfile", "Pipfile.lock");
            case UV -> List.of("pyproject.toml", "uv.lock");
            default -> List.of("requirements.txt");
        };
    }

    static String pythonInstall(BuildTool tool, String requirements) {
        return switch (tool) {
            case POETRY -> "poetry install --only main --no-root --no-interaction";
            case PIPENV -> "pipenv install --deploy --system";
            // the dependencies alone first (the layer a source change reuses); the project itself after COPY . .
            case UV -> "uv sync --locked --no-dev --no-install-project";
            default -> "pip install -r " + requirements;
        };
    }

    private static ServiceBuild golang(Files files, Optional<String> own) {
        // the module root: the service directory or the nearest directory above it with a go.mod
        String moduleDir = files.dir;
        while (!files.sources.exists(SourceTree.join(moduleDir, "go.mod"))) {
            if (moduleDir.equals(".")) {
                throw files.refuse("has no go.mod in its directory or above it",
                        "run `go mod init` in " + files.dir + " and commit go.mod (and go.sum)");
            }
            moduleDir = parent(moduleDir);
        }
        String goModFile = SourceTree.join(moduleDir, "go.mod");
        String goMod = files.sources.read(goModFile).orElseThrow();
        ToolchainVersion version = match(goMod, "(?m)^go (\\d+\\.\\d+)")
                .map(v -> BaseImages.supported(BuildTool.GO, v, goModFile))
                .orElse(BaseImages.defaultVersion(BuildTool.GO));
        String packageDir = files.dir.equals(moduleDir) ? "." : "./" + files.dir.substring(moduleDir.equals(".") ? 0 : moduleDir.length() + 1);
        String mainPackage;
        if (isMainPackage(files.sources, files.dir)) {
            mainPackage = packageDir;
        } else {
            List<String> commands = files.sources.find(files.dir, ".go").stream()
                    .filter(f -> f.startsWith(SourceTree.join(files.dir, "cmd") + "/"))
                    .map(BuildInspector::parent).distinct().filter(d -> isMainPackage(files.sources, d)).toList();
            String root = moduleDir;
            String named = SourceTree.join(files.dir, "cmd/" + files.service.name());
            if (commands.contains(named)) {
                mainPackage = "./" + relative(root, named);
            } else if (commands.size() == 1) {
                mainPackage = "./" + relative(root, commands.getFirst());
            } else {
                throw files.refuse("has no main package to build (looked in " + files.dir + " and " + files.dir + "/cmd/*)"
                        + (commands.isEmpty() ? "" : "; found several: " + commands),
                        "put the service's main package in cmd/" + files.service.name() + ", or give it its own `dockerfile:`");
            }
        }
        boolean goSum = files.sources.exists(SourceTree.join(moduleDir, "go.sum"));
        boolean tests = files.sources.find(files.dir, "_test.go").size() > 0;
        return new ServiceBuild(files.service, BuildTool.GO, files.dir, moduleDir, own, true, version, false,
                goSum ? Optional.of("go.sum") : Optional.empty(),
                tests ? List.of("go test ./...") : List.of(), new Go(mainPackage, goSum));
    }

    private static boolean isMainPackage(SourceTree sources, String dir) {
        return sources.find(dir, ".go").stream()
                .filter(f -> parent(f).equals(dir) && !f.endsWith("_test.go"))
                .anyMatch(f -> sources.read(f).orElse("").matches("(?s)(.*\\n)?package main\\b.*"));
    }

    private static final Pattern PROJECT_REFERENCE = Pattern.compile("<ProjectReference\\s+Include=\"([^\"]+)\"");

    private static ServiceBuild dotnet(Files files, Optional<String> own) {
        List<String> projects = files.sources.find(files.dir, ".csproj").stream()
                .filter(p -> !files.sources.read(p).orElse("").matches("(?s).*(Microsoft\\.NET\\.Test\\.Sdk|<IsTestProject>true).*"))
                .filter(p -> {
                    String text = files.sources.read(p).orElse("");
                    return text.contains("Sdk=\"Microsoft.NET.Sdk.Web\"") || text.matches("(?s).*<OutputType>\\s*(Exe|WinExe)\\s*</OutputType>.*");
                })
                .toList();
        if (projects.size() != 1) {
            throw files.refuse(projects.isEmpty() ? "has no executable .NET project (Web SDK or OutputType Exe)"
                            : "has several executable .NET projects: " + projects,
                    "give the service its own `dockerfile:`, or point its `path` at the directory of the one it deploys");
        }
        String project = projects.getFirst();
        // the project and every project it references, transitively: their directories must be in the context
        List<String> needed = new ArrayList<>(List.of(project));
        for (int i = 0; i < needed.size(); i++) {
            String text = files.sources.read(needed.get(i)).orElse("");
            Matcher reference = PROJECT_REFERENCE.matcher(text);
            while (reference.find()) {
                String referenced = SourceTree.join(parent(needed.get(i)), reference.group(1).replace('\\', '/'));
                if (!files.sources.exists(referenced)) {
                    throw files.refuse(needed.get(i) + " references " + referenced + ", which does not exist",
                            "fix the ProjectReference");
                }
                if (!needed.contains(referenced)) {
                    needed.add(referenced);
                }
            }
        }
        String context = files.dir;
        for (String file : needed) {
            context = commonAncestor(context, parent(file));
        }
        String text = files.sources.read(project).orElseThrow();
        Optional<String> globalJson = findUp(files.sources, files.dir, "global.json");
        ToolchainVersion version = globalJson
                .flatMap(g -> match(files.sources.read(g).orElse(""), "\"version\"\\s*:\\s*\"(\\d+\\.\\d+)")
                        .map(v -> BaseImages.supported(BuildTool.DOTNET, v, g)))
                .or(() -> match(text, "<TargetFrameworks?>\\s*net(\\d+\\.\\d+)")
                        .map(v -> BaseImages.supported(BuildTool.DOTNET, v, project)))
                .orElse(BaseImages.defaultVersion(BuildTool.DOTNET));
        String assembly = match(text, "<AssemblyName>\\s*([^<\\s]+)\\s*</AssemblyName>")
                .orElse(fileName(project).replaceFirst("\\.csproj$", "")) + ".dll";
        String inContext = context;
        List<String> projectFiles = needed.stream().map(f -> relative(inContext, f)).sorted().toList();
        List<String> testProjects = files.sources.find(files.dir, ".csproj").stream()
                .filter(p -> files.sources.read(p).orElse("").contains("Microsoft.NET.Test.Sdk")).toList();
        List<String> tests = testProjects.stream().map(p -> "dotnet test " + relative(files.dir, p)).toList();
        return new ServiceBuild(files.service, BuildTool.DOTNET, files.dir, context, own, true, version, false,
                Optional.empty(), tests, new Dotnet(relative(context, project), projectFiles, assembly));
    }

    private static Optional<String> findUp(SourceTree sources, String dir, String name) {
        String at = dir;
        while (true) {
            String candidate = SourceTree.join(at, name);
            if (sources.exists(candidate)) {
                return Optional.of(candidate);
            }
            if (at.equals(".")) {
                return Optional.empty();
            }
            at = parent(at);
        }
    }

    static Optional<String> match(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "." : path.substring(0, slash);
    }

    static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** {@code path} relative to {@code dir}, both repository-relative; {@code dir} contains {@code path}. */
    static String relative(String dir, String path) {
        return dir.equals(".") ? path : path.equals(dir) ? "." : path.substring(dir.length() + 1);
    }

    private static String commonAncestor(String a, String b) {
        while (!(b + "/").startsWith(a + "/") && !a.equals(".")) {
            a = parent(a);
        }
        return a;
    }

    /** One service's directory in the repository, and how to refuse it. */
    record Files(SourceTree sources, String dir, Service service) {

        String file(String name) {
            return SourceTree.join(dir, name);
        }

        boolean exists(String name) {
            return sources.exists(file(name));
        }

        Optional<String> read(String name) {
            return sources.read(file(name));
        }

        GenerationException refuse(String problem, String hint) {
            return new GenerationException("service " + service.name() + " (" + dir + ") " + problem, hint);
        }
    }
}
