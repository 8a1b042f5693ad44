package dev.slipway.generate.init;

import dev.slipway.generate.Layout;
import dev.slipway.generate.docker.BuildInspector;
import dev.slipway.model.BuildTool;
import dev.slipway.model.Language;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the services built from source: every directory with a Dockerfile or a build file is a candidate,
 * and the outermost candidate owns everything below it, so that a service's test projects, fixtures and
 * sub-modules do not become services of their own.
 */
final class SourceDirectories {

    private static final Set<String> BUILD_FILES = Set.of("pom.xml", "build.gradle", "build.gradle.kts",
            "package.json", "go.mod", "requirements.txt", "pyproject.toml", "setup.py", "Pipfile", "Cargo.toml", "Gemfile",
            "build.sbt", "CMakeLists.txt", "composer.json", "mix.exs");
    /** A JVM build that applies the Kotlin plugin (Gradle's kotlin("jvm") or the id, Maven's kotlin-maven-plugin). */
    private static final Pattern KOTLIN_BUILD = Pattern.compile("kotlin\\(\\s*\"jvm\"|org\\.jetbrains\\.kotlin|kotlin-maven-plugin");
    /** Project layouts put the service's code under src/ and its tests under test(s)/: the service is above. */
    private static final Set<String> LAYOUT_SEGMENTS = Set.of("src", "test", "tests");
    private static final Set<String> TEST_SEGMENTS = Set.of("test", "tests", "__tests__", "e2e");
    /** {@code Payments.Tests}, {@code cart-e2e}, {@code Catalog.FunctionalTests}, {@code frontendTests}, {@code e2e}. */
    private static final Pattern TEST_PROJECT = Pattern.compile(
            "(?i:.*[._-](\\w*tests?|e2e|specs?|testing)|e2e|cypress|playwright|.*[._-]?benchmarks?)|.*[a-z0-9]Tests?");
    /** Directories of tooling, documentation and generated clients: never a deployable service. */
    private static final Set<String> TOOLING_SEGMENTS = Set.of("tools", "tooling", "graphs", "openapi", "swagger",
            "docs", "doc", "hack", "scripts", ".github", "proto", "protos");
    private static final Pattern EXPOSE = Pattern.compile("(?im)^\\s*EXPOSE\\s+(.+)$");
    /** A k6 load-test script: it imports k6's own modules ({@code k6}, {@code k6/http}, ...). */
    private static final Pattern K6_IMPORT = Pattern.compile(
            "(?m)(^\\s*import\\s[^;]*from\\s*['\"]k6(/[\\w-]+)*['\"])|require\\(\\s*['\"]k6(/[\\w-]+)*['\"]\\s*\\)");
    private static final Pattern PORT = Pattern.compile("^(\\d{1,5})(/(tcp|udp))?$");
    private static final Pattern JVM_RUNNABLE = Pattern.compile("(?i)spring-boot|springframework\\.boot|quarkus|micronaut"
            + "|helidon|ktor|dropwizard|vertx|jib|mainClass|Main-Class|<packaging>\\s*war|\\bapplication\\b|shadow|assembly"
            + "|exec-maven|appassembler|jar\\s*\\{\\s*manifest|bootJar|bootRun");
    private static final Pattern NODE_RUNNABLE = Pattern.compile("\"(start|serve|dev)\"\\s*:|\"bin\"\\s*:|\"(express|fastify|koa"
            + "|@nestjs/core|next|nuxt|hapi|@hapi/hapi|restify|socket\\.io|@grpc/grpc-js|grpc|react-scripts|vite|@angular/core)\"");
    private static final Pattern FROM = Pattern.compile("(?im)^\\s*FROM\\s+(?:--platform=\\S+\\s+)?(\\S+)");

    private final RepositoryTree tree;
    private final List<String> warnings;
    private final List<String> leftOut;
    private final Map<String, Unbuildable> unbuildable = new TreeMap<>();
    private final Map<String, List<String>> filesByDirectory = new TreeMap<>();

    private SourceDirectories(RepositoryTree tree, List<String> warnings, List<String> leftOut) {
        this.tree = tree;
        this.warnings = warnings;
        this.leftOut = leftOut;
        for (String file : tree.files()) {
            filesByDirectory.computeIfAbsent(RepositoryTree.parent(file), d -> new ArrayList<>())
                    .add(RepositoryTree.fileName(file));
        }
    }

    /** The source services of the repository, in path order, with unique names. */
    /**
     * The source services, and the directories with a Dockerfile in a language Slipway cannot build natively
     * (directory → what its Dockerfile says).
     */
    record Found(List<SourceDirectory> sources, Map<String, Unbuildable> unbuildable) {
    }

    /** A Dockerfile-only directory Slipway cannot build: the image its last stage starts from, and its EXPOSE. */
    record Unbuildable(Optional<String> baseImage, Optional<Integer> port) {
    }

    static Found find(RepositoryTree tree, String repositoryName, List<String> warnings, List<String> leftOut) {
        SourceDirectories directories = new SourceDirectories(tree, warnings, leftOut);
        return new Found(directories.find(repositoryName), directories.unbuildable);
    }

    /** The image the last stage of a Dockerfile starts from, unless it is an earlier stage or a variable. */
    static Optional<String> finalBaseImage(String dockerfile) {
        String last = null;
        Matcher from = FROM.matcher(dockerfile);
        while (from.find()) {
            last = from.group(1);
        }
        return Optional.ofNullable(last).filter(image -> !image.contains("$") && !image.equals("scratch")
                && (image.contains(":") || image.contains("/") || image.contains("@")));
    }

    private List<SourceDirectory> find(String repositoryName) {
        Map<String, List<String>> candidatesByRoot = new TreeMap<>();
        for (String dir : filesByDirectory.keySet()) {
            if (isCandidate(dir)) {
                candidatesByRoot.computeIfAbsent(hoist(dir), r -> new ArrayList<>()).add(dir);
            }
        }
        Map<String, List<String>> services = new TreeMap<>();
        for (var entry : candidatesByRoot.entrySet()) {
            String root = entry.getKey();
            Optional<String> owner = services.keySet().stream()
                    .filter(kept -> !kept.isEmpty() && (root + "/").startsWith(kept + "/")).findFirst();
            if (owner.isPresent()) {
                services.get(owner.get()).addAll(entry.getValue());
            } else if (!root.isEmpty()) {
                services.put(root, new ArrayList<>(entry.getValue()));
            }
        }
        // The repository root is a service only in a single-service repository; otherwise it is the monorepo's
        // tooling (a workspace package.json, a parent pom, a solution file).
        if (services.isEmpty() && candidatesByRoot.containsKey("")) {
            services.put("", new ArrayList<>(candidatesByRoot.get("")));
        }
        List<SourceDirectory> found = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (var entry : services.entrySet()) {
            String root = entry.getKey();
            List<String> candidates = entry.getValue();
            if (candidates.stream().allMatch(SourceDirectories::isTestProject)) {
                leftOut.add(root + ": a test suite, not a deployable service");
                continue;
            }
            source(root, candidates, repositoryName, names).ifPresent(found::add);
        }
        return found;
    }

    private Optional<SourceDirectory> source(String root, List<String> candidates, String repositoryName,
                                             Set<String> names) {
        List<String> dirs = new ArrayList<>();
        dirs.add(root);
        candidates.stream().filter(d -> !d.equals(root) && !isTestProject(d)).forEach(dirs::add);
        candidates.stream().filter(d -> !d.equals(root) && isTestProject(d)).forEach(dirs::add);
        String shown = root.isEmpty() ? "." : root;
        Optional<Build> build = dirs.stream().flatMap(d -> build(d).stream()).findFirst();
        Optional<Integer> port = dirs.stream().flatMap(d -> dockerfile(d).flatMap(SourceDirectories::exposedPort).stream())
                .findFirst();
        if (build.isEmpty()) {
            build = dirs.stream().flatMap(d -> dockerfile(d).flatMap(SourceDirectories::languageOfBaseImage).stream())
                    .findFirst();
            if (build.isEmpty()) {
                // PHP, nginx, C++...: a workload that runs it may still bring it in as an image (RepositoryImport)
                dirs.stream().flatMap(d -> dockerfile(d).stream()).findFirst()
                        .ifPresent(text -> unbuildable.put(root, new Unbuildable(finalBaseImage(text), exposedPort(text))));
                return Optional.empty();
            }
            warnings.add("warning: " + shown + " has no build file; its language " + build.get().language().keyword()
                    + " is guessed from the Dockerfile's base image");
        }
        String base = root.isEmpty() ? repositoryName : RepositoryTree.fileName(root);
        String name = uniqueName(root, Names.dnsLabel(base), names);
        Optional<String> dockerfile = dirs.stream().flatMap(d -> files(d).stream()
                        .filter(f -> f.equals("Dockerfile") || f.equals("Containerfile"))
                        .filter(f -> !text(d, f).contains(Layout.HEADER_TEXT))
                        .map(f -> d.isEmpty() ? f : d + "/" + f)).findFirst();
        Optional<String> libraryHint = dockerfile.isPresent() ? Optional.empty() : libraryHint(root, build.get());
        if (dockerfile.isEmpty() && !BuildInspector.buildsNatively(build.get().tool())) {
            warnings.add("warning: " + shown + " is " + build.get().language().keyword() + " (" + build.get().tool().keyword()
                    + ") without a Dockerfile; Slipway builds it only from its own: add " + (root.isEmpty() ? "" : root + "/")
                    + "Dockerfile, or `slipway generate` refuses it");
        }
        return Optional.of(new SourceDirectory(name, shown, build.get().language(), build.get().tool(), port, dockerfile,
                libraryHint));
    }

    private String uniqueName(String root, String name, Set<String> taken) {
        String unique = name;
        if (taken.contains(unique) && !root.isEmpty()) {
            String parent = RepositoryTree.parent(root);
            unique = Names.dnsLabel((parent.isEmpty() ? "" : RepositoryTree.fileName(parent) + "-") + name);
        }
        for (int i = 2; taken.contains(unique); i++) {
            unique = Names.dnsLabel(name + "-" + i);
        }
        if (!unique.equals(name)) {
            warnings.add("warning: " + root + " is imported as service '" + unique + "' because '" + name
                    + "' is already taken by another directory");
        }
        taken.add(unique);
        return unique;
    }

    private boolean isCandidate(String dir) {
        List<String> segments = segments(dir);
        for (int i = 0; i + 1 < segments.size(); i++) {
            if (segments.get(i).equals("src") && Set.of("main", "test").contains(segments.get(i + 1))) {
                return false; // resources inside a Maven/Gradle source tree belong to that project
            }
        }
        if (segments.stream().anyMatch(TOOLING_SEGMENTS::contains)) {
            if (dockerfile(dir).isPresent() || files(dir).stream().anyMatch(SourceDirectories::isBuildFile)) {
                leftOut.add(dir + ": tooling or documentation (" + String.join("/", segments) + "), not a service");
            }
            return false;
        }
        if (k6Scripts(dir)) {
            leftOut.add(dir + ": k6 load-test scripts (they import k6), not a service");
            return false;
        }
        List<String> buildFiles = files(dir).stream().filter(SourceDirectories::isBuildFile).toList();
        List<String> dotnet = buildFiles.stream().filter(f -> f.endsWith("proj")).toList();
        if (!dotnet.isEmpty()) {
            Optional<String> why = dotnet.stream().map(f -> DotnetProject.notAService(text(dir, f))).flatMap(Optional::stream)
                    .findFirst();
            if (why.isEmpty()) {
                return true;
            }
            boolean libraryWithDockerfile = why.get().contains("class library") && dockerfile(dir).isPresent();
            if (why.isPresent() && !libraryWithDockerfile
                    && dotnet.stream().allMatch(f -> DotnetProject.notAService(text(dir, f)).isPresent())) {
                leftOut.add(dir + ": " + why.get());
                return false;
            }
        }
        if (dockerfile(dir).isPresent()) {
            return true;
        }
        return !buildFiles.isEmpty() && !isAggregator(dir, buildFiles);
    }

    /**
     * Why a project without a Dockerfile looks like a library: a JVM build with no runnable packaging (Spring Boot,
     * Quarkus, Micronaut, an application or jib plugin, a main class, a war), or a package.json with no start
     * script, no bin and no server framework.
     */
    private Optional<String> libraryHint(String dir, Build build) {
        return switch (build.tool()) {
            case MAVEN, GRADLE -> {
                String text = files(dir).stream().filter(f -> f.equals("pom.xml") || f.startsWith("build.gradle"))
                        .map(f -> text(dir, f)).reduce("", String::concat);
                yield JVM_RUNNABLE.matcher(text).find() ? Optional.empty()
                        : Optional.of("a JVM library (no runnable packaging, no Dockerfile)");
            }
            case NPM, YARN, PNPM -> NODE_RUNNABLE.matcher(text(dir, "package.json")).find() ? Optional.empty()
                    : Optional.of("a node package without a start script or server (no Dockerfile)");
            case SBT, CMAKE, COMPOSER, MIX -> Optional.of("a " + build.language().keyword() + " project without a Dockerfile"
                    + " (Slipway builds " + build.language().keyword() + " only from the service's own Dockerfile)");
            default -> Optional.empty();
        };
    }

    /** A parent pom, a workspace package.json or a Cargo workspace only groups other projects. */
    private boolean isAggregator(String dir, List<String> buildFiles) {
        boolean gradleIncludes = files(dir).stream().filter(f -> f.startsWith("settings.gradle"))
                .anyMatch(f -> text(dir, f).matches("(?s).*\\binclude\\b.*"));
        return buildFiles.stream().allMatch(file -> switch (file) {
            case "pom.xml" -> text(dir, file).contains("<modules>");
            case "package.json" -> text(dir, file).contains("\"workspaces\"");
            case "Cargo.toml" -> text(dir, file).contains("[workspace]") && !text(dir, file).contains("[package]");
            case "build.gradle", "build.gradle.kts" -> gradleIncludes;
            default -> false;
        });
    }

    /** The directory above the last {@code src}/{@code test}/{@code tests} segment (not a top-level one). */
    private static String hoist(String dir) {
        List<String> segments = segments(dir);
        for (int i = segments.size() - 1; i >= 1; i--) {
            if (LAYOUT_SEGMENTS.contains(segments.get(i))) {
                return String.join("/", segments.subList(0, i));
            }
        }
        return dir;
    }

    /** Load tests a team runs against the system (k6), even with a package.json to bundle them: never a service. */
    private boolean k6Scripts(String dir) {
        return dockerfile(dir).isEmpty() && files(dir).stream()
                .filter(f -> f.endsWith(".js") || f.endsWith(".ts") || f.endsWith(".mjs"))
                .anyMatch(f -> K6_IMPORT.matcher(text(dir, f)).find());
    }

    private static boolean isTestProject(String dir) {
        List<String> segments = segments(dir);
        return segments.stream().anyMatch(TEST_SEGMENTS::contains)
                || (!segments.isEmpty() && TEST_PROJECT.matcher(segments.getLast()).matches());
    }

    private static List<String> segments(String dir) {
        return dir.isEmpty() ? List.of() : Arrays.asList(dir.split("/"));
    }

    private static boolean isBuildFile(String name) {
        return BUILD_FILES.contains(name) || name.endsWith(".csproj") || name.endsWith(".fsproj");
    }

    private List<String> files(String dir) {
        return filesByDirectory.getOrDefault(dir, List.of());
    }

    private String text(String dir, String file) {
        return tree.read(dir.isEmpty() ? file : dir + "/" + file).orElse("");
    }

    /** The directory's own Dockerfile, unless Slipway generated it. */
    private Optional<String> dockerfile(String dir) {
        return files(dir).stream().filter(f -> f.equals("Dockerfile") || f.equals("Containerfile")).findFirst()
                .map(f -> text(dir, f)).filter(text -> !text.contains(Layout.HEADER_TEXT));
    }

    record Build(Language language, BuildTool tool) {
    }

    /** The language and build tool of a directory's build files; JVM and native builds win over tooling files. */
    private Optional<Build> build(String dir) {
        Set<String> files = new TreeSet<>(files(dir));
        if (files.contains("build.sbt")) {
            return Optional.of(new Build(Language.SCALA, BuildTool.SBT));
        }
        if (files.contains("pom.xml")) {
            return Optional.of(new Build(jvmLanguage(dir, "pom.xml"), BuildTool.MAVEN));
        }
        if (files.contains("build.gradle") || files.contains("build.gradle.kts")) {
            return Optional.of(new Build(jvmLanguage(dir, files.contains("build.gradle") ? "build.gradle" : "build.gradle.kts"),
                    BuildTool.GRADLE));
        }
        if (files.contains("go.mod")) {
            return Optional.of(new Build(Language.GO, BuildTool.GO));
        }
        if (files.contains("Cargo.toml")) {
            return Optional.of(new Build(Language.RUST, BuildTool.CARGO));
        }
        if (files.stream().anyMatch(f -> f.endsWith(".csproj") || f.endsWith(".fsproj"))) {
            return Optional.of(new Build(Language.DOTNET, BuildTool.DOTNET));
        }
        if (files.contains("CMakeLists.txt")) {
            return Optional.of(new Build(Language.CPP, BuildTool.CMAKE));
        }
        if (files.contains("mix.exs")) {
            return Optional.of(new Build(Language.ELIXIR, BuildTool.MIX));
        }
        // before package.json: Laravel and Symfony keep their front-end assets' package.json beside composer.json
        if (files.contains("composer.json")) {
            return Optional.of(new Build(Language.PHP, BuildTool.COMPOSER));
        }
        if (files.contains("Pipfile")) {
            return Optional.of(new Build(Language.PYTHON, BuildTool.PIPENV));
        }
        if (files.contains("uv.lock")) {
            return Optional.of(new Build(Language.PYTHON, BuildTool.UV));
        }
        if (files.contains("pyproject.toml") || files.contains("requirements.txt") || files.contains("setup.py")) {
            boolean poetry = files.contains("poetry.lock")
                    || (files.contains("pyproject.toml") && text(dir, "pyproject.toml").contains("[tool.poetry"));
            return Optional.of(new Build(Language.PYTHON, poetry ? BuildTool.POETRY : BuildTool.PIP));
        }
        if (files.contains("Gemfile")) {
            return Optional.of(new Build(Language.RUBY, BuildTool.BUNDLER));
        }
        if (files.contains("package.json")) {
            return Optional.of(new Build(Language.NODE, nodeTool(dir)));
        }
        return Optional.empty();
    }

    /** Kotlin when the build applies the Kotlin plugin (a Kotlin build script alone says nothing), else Java. */
    private Language jvmLanguage(String dir, String buildFile) {
        return KOTLIN_BUILD.matcher(text(dir, buildFile)).find() ? Language.KOTLIN : Language.JAVA;
    }

    /** The lock file decides; in a workspace it sits in an ancestor directory, so look upwards too. */
    private BuildTool nodeTool(String dir) {
        String manager = text(dir, "package.json");
        Matcher declared = Pattern.compile("\"packageManager\"\\s*:\\s*\"(npm|yarn|pnpm)@").matcher(manager);
        for (String d = dir; ; d = RepositoryTree.parent(d)) {
            List<String> files = files(d);
            if (files.contains("pnpm-lock.yaml")) {
                return BuildTool.PNPM;
            }
            if (files.contains("yarn.lock")) {
                return BuildTool.YARN;
            }
            if (files.contains("package-lock.json")) {
                return BuildTool.NPM;
            }
            if (d.equals(dir) && declared.find()) {
                return switch (declared.group(1)) {
                    case "pnpm" -> BuildTool.PNPM;
                    case "yarn" -> BuildTool.YARN;
                    default -> BuildTool.NPM;
                };
            }
            if (d.isEmpty()) {
                return BuildTool.NPM;
            }
        }
    }

    static Optional<Integer> exposedPort(String dockerfile) {
        Matcher expose = EXPOSE.matcher(dockerfile);
        while (expose.find()) {
            for (String token : expose.group(1).trim().split("\\s+")) {
                Matcher port = PORT.matcher(token);
                if (port.matches()) {
                    int value = Integer.parseInt(port.group(1));
                    if (value >= 1 && value <= 65535) {
                        return Optional.of(value);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** A best guess from the first base image that names a language (golang:1.22, eclipse-temurin:21, ...). */
    static Optional<Build> languageOfBaseImage(String dockerfile) {
        Map<String, Language> images = new LinkedHashMap<>();
        images.put("golang", Language.GO);
        images.put("node", Language.NODE);
        images.put("python", Language.PYTHON);
        images.put("eclipse-temurin", Language.JAVA);
        images.put("openjdk", Language.JAVA);
        images.put("amazoncorretto", Language.JAVA);
        images.put("maven", Language.JAVA);
        images.put("gradle", Language.JAVA);
        images.put("rust", Language.RUST);
        images.put("ruby", Language.RUBY);
        images.put("elixir", Language.ELIXIR);
        images.put("php", Language.PHP);
        images.put("composer", Language.PHP);
        images.put("sbtscala", Language.SCALA);
        images.put("scala-sbt", Language.SCALA);
        Matcher from = FROM.matcher(dockerfile);
        while (from.find()) {
            String image = from.group(1).toLowerCase(java.util.Locale.ROOT);
            if (image.contains("/dotnet/")) {
                return Optional.of(new Build(Language.DOTNET, BuildTool.DOTNET));
            }
            String repository = image.replaceAll("[:@].*$", "");
            String last = repository.substring(repository.lastIndexOf('/') + 1);
            Language language = images.get(last);
            if (language != null) {
                return Optional.of(new Build(language, language.defaultBuildTool()));
            }
        }
        return Optional.empty();
    }
}
