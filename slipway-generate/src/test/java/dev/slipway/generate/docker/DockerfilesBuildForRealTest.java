package dev.slipway.generate.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.RepositoryFiles;
import dev.slipway.generate.SourceTree;
import dev.slipway.generate.docker.DockerfileCheck.Instruction;
import dev.slipway.model.Service;
import dev.slipway.model.SystemSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Builds services the way their generated Dockerfile's build stage does and starts what its runtime stage
 * starts, without a container engine: the build stage's RUN commands run in a copy of the build context with
 * the image's fixed paths ({@code /out}, {@code /opt/venv}, the WORKDIR) moved into a temp directory, with the
 * tools this machine has (Maven and the JDK, Node.js with corepack, Python 3 with venv); then the runtime
 * stage's CMD/ENTRYPOINT runs from where its COPY --from put the build's output, on a free port (PORT), until
 * the service's health path answers 200. Gradle 8, Go >= 1.22 and the .NET SDK are not installable here
 * (docs/generators.md says so): those services are covered by the static check only.
 */
class DockerfilesBuildForRealTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /**
     * The Node images carry a corepack that knows the npm registry's current signing keys; Node 20's bundled
     * one does not, so the test installs this one from npm (pinned) into its own directory.
     */
    private static final String COREPACK = "corepack@0.36.0";

    @TempDir
    static Path tools;

    @ParameterizedTest(name = "{0}/{1}")
    @CsvSource({
        "examples/shop, catalog",
        "examples/shop, shipping",
        "slipway-generate/src/test/resources/builds, ledger",
        "slipway-generate/src/test/resources/builds, storefront",
        "slipway-generate/src/test/resources/builds, worker",
    })
    void buildsLikeItsBuildStageAndAnswersItsHealthPath(String repository, String name, @TempDir Path work) throws Exception {
        Path repo = RepositoryFiles.root().resolve(repository);
        SystemSpec spec = RepositoryFiles.load(repo.resolve("slipway.yaml"));
        SourceTree sources = SourceTree.at(repo);
        Service service = spec.service(name).orElseThrow();
        ServiceBuild build = BuildInspector.inspect(service, sources);
        String dockerfile = new Dockerfiles().generate(spec, sources).stream()
                .filter(f -> f.path().equals(build.dockerfile())).map(GeneratedFile::content).findFirst().orElseThrow();
        requireTools(build);

        List<Instruction> instructions = DockerfileCheck.parse(dockerfile);
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put("/out", work.resolve("out").toString());
        paths.put("/opt/venv", work.resolve("venv").toString());
        Path bin = Files.createDirectories(work.resolve("bin"));
        Map<String, String> env = new LinkedHashMap<>(Map.of("PATH", bin + ":" + System.getenv("PATH"),
                "HOME", Files.createDirectories(work.resolve("home")).toString(),
                "COREPACK_HOME", work.resolve("corepack").toString(), "COREPACK_ENABLE_DOWNLOAD_PROMPT", "0"));
        Path javaHome = Path.of(System.getProperty("java.home"));
        env.put("JAVA_HOME", javaHome.toString());
        env.put("PATH", javaHome.resolve("bin") + ":" + env.get("PATH"));
        toolsFor(build).forEach(dir -> env.put("PATH", dir + ":" + env.get("PATH")));
        // Yarn berry from the npm registry (@yarnpkg/cli-dist): its own host is not reachable here
        env.put("COREPACK_NPM_REGISTRY", "https://registry.npmjs.org");
        // the registry as this machine reaches it serves package metadata without npm's signatures, which
        // corepack checks by default; the lockfiles' integrity hashes are still checked by the package managers
        env.put("COREPACK_INTEGRITY_KEYS", "0");

        // the build stage: the whole context copied once (the Dockerfile copies manifests first only for its cache)
        Path context = work.resolve("context");
        copy(repo.resolve(build.context()), context);
        Path workdir = context;
        for (Instruction i : instructions.stream().filter(i -> i.stage() == 0).toList()) {
            switch (i.keyword()) {
                case "WORKDIR" -> paths.put(i.arguments(), context.toString());
                case "ENV" -> env(i.arguments(), paths, env);
                case "RUN" -> run(rewrite(i.arguments(), paths, bin), workdir, env, work.resolve("build.log"));
                default -> { }
            }
        }

        // the runtime stage: where its COPY --from put the build's output, and its start command
        Map<String, String> runtimePaths = new LinkedHashMap<>(paths);
        String runtimeWorkdir = "/";
        List<String> start = null;
        int last = instructions.getLast().stage();
        for (Instruction i : instructions.stream().filter(i -> i.stage() == last).toList()) {
            List<String> words = List.of(i.arguments().split("\\s+"));
            switch (i.keyword()) {
                case "WORKDIR" -> runtimeWorkdir = i.arguments();
                case "ENV" -> env(i.arguments(), runtimePaths, env);
                case "COPY" -> {
                    String from = map(words.get(1), paths);
                    String to = words.get(2).startsWith("/") ? words.get(2) : runtimeWorkdir;
                    runtimePaths.put(to.endsWith("/") && to.length() > 1 ? to.substring(0, to.length() - 1) : to, from);
                }
                case "CMD", "ENTRYPOINT" -> start = new ArrayList<>(List.of(new tools.jackson.databind.json.JsonMapper()
                        .readValue(i.arguments(), String[].class)));
                default -> { }
            }
        }
        assertThat(start).as("the runtime stage starts something").isNotNull();
        List<String> command = new ArrayList<>(start.stream().map(a -> map(a, runtimePaths)).toList());
        // a bare program name is looked up on the runtime stage's PATH (ProcessBuilder would use this JVM's)
        command.set(0, onPath(command.getFirst(), env.get("PATH")));
        int port = freePort();
        env.put("PORT", String.valueOf(port));
        Path log = work.resolve("service.log");
        ProcessBuilder process = new ProcessBuilder(command).directory(Path.of(map(runtimeWorkdir, runtimePaths)).toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        process.environment().putAll(env);
        Process running = process.start();
        try {
            String url = "http://127.0.0.1:" + port + service.healthPath();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            int status = -1;
            while (System.nanoTime() < deadline && running.isAlive()) {
                try {
                    status = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(200);
            }
            assertThat(status).as("%s %s answered by %s; its output:%n%s", name, url, command, Files.readString(log))
                    .isEqualTo(200);
        } finally {
            running.destroy();
            if (!running.waitFor(10, TimeUnit.SECONDS)) {
                running.destroyForcibly();
            }
        }
    }

    /**
     * The build tools at the images' versions where this machine can have them: Maven 3.9.11 is the one
     * ./mvnw runs this build with (Debian's 3.8 binds a compiler plugin that ignores maven.compiler.release);
     * corepack from npm.
     */
    private static List<Path> toolsFor(ServiceBuild build) throws Exception {
        switch (build.tool()) {
            case MAVEN -> {
                Path dists = Path.of(System.getProperty("user.home"), ".m2/wrapper/dists/apache-maven-" + BaseImages.MAVEN_VERSION);
                try (Stream<Path> found = Files.exists(dists) ? Files.list(dists) : Stream.empty()) {
                    return List.of(found.map(d -> d.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("mvn"))).findFirst()
                            .orElseThrow(() -> new AssertionError("Maven " + BaseImages.MAVEN_VERSION
                                    + " is not in " + dists + ": run the tests with ./mvnw (it downloads it from Maven Central)")));
                }
            }
            case NPM, YARN, PNPM -> {
                Path bin = tools.resolve("node_modules/.bin");
                synchronized (DockerfilesBuildForRealTest.class) {
                    if (!Files.isExecutable(bin.resolve("corepack"))) {
                        Process npm = new ProcessBuilder("npm", "install", "--prefix", tools.toString(), "--no-audit", "--no-fund",
                                COREPACK).redirectErrorStream(true).redirectOutput(tools.resolve("npm.log").toFile()).start();
                        assertThat(npm.waitFor()).as("npm install %s: %s", COREPACK, Files.readString(tools.resolve("npm.log"))).isZero();
                    }
                }
                return List.of(bin);
            }
            default -> {
                return List.of();
            }
        }
    }

    /** A missing tool fails the test with how to install it (scripts/test.sh installs them). */
    private static void requireTools(ServiceBuild build) throws Exception {
        List<String> tools = switch (build.tool()) {
            case NPM, YARN, PNPM -> List.of("node", "npm");
            case PIP -> List.of("python3");
            default -> List.of();
        };
        for (String tool : tools) {
            Process which = new ProcessBuilder("sh", "-c", "command -v " + tool).start();
            if (which.waitFor() != 0) {
                fail(tool + " is not installed: run scripts/test.sh, or apt-get install -y nodejs npm python3 python3-venv");
            }
        }
    }

    /** The RUN's shell with the image's paths moved into the test's directory and cache mounts dropped. */
    private static String rewrite(String run, Map<String, String> paths, Path bin) {
        String shell = run.replaceAll("--mount=\\S+\\s*", "");
        shell = shell.replace("corepack enable", "corepack enable --install-directory " + bin);
        // Debian's python3 is the interpreter the venv is made from; inside it, `python` is the venv's
        shell = shell.replace("python -m venv", "python3 -m venv");
        return map(shell, paths);
    }

    private static void env(String arguments, Map<String, String> paths, Map<String, String> env) {
        java.util.regex.Matcher pair = java.util.regex.Pattern.compile("(\\w+)=(\"[^\"]*\"|\\S+)").matcher(arguments);
        while (pair.find()) {
            String value = pair.group(2).replace("\"", "").replace("$PATH", env.get("PATH"));
            env.put(pair.group(1), map(value, paths));
        }
    }

    /** Every image path that starts a word, or the whole value, moved to its place in the test's directory. */
    private static String map(String text, Map<String, String> paths) {
        String mapped = text;
        for (var path : paths.entrySet().stream().sorted((a, b) -> b.getKey().length() - a.getKey().length()).toList()) {
            if (path.getKey().equals("/")) {
                continue;
            }
            mapped = mapped.replaceAll("(?<![\\w./-])" + java.util.regex.Pattern.quote(path.getKey()) + "(?=$|[/\\s:\"'])",
                    java.util.regex.Matcher.quoteReplacement(path.getValue()));
        }
        return mapped;
    }

    private static void run(String shell, Path workdir, Map<String, String> env, Path log) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", shell).directory(workdir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("timed out: " + shell);
        }
        assertThat(process.exitValue()).as("build stage command failed: %s%n%s", shell, Files.readString(log)).isZero();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static String onPath(String program, String path) {
        if (program.contains("/")) {
            return program;
        }
        return Stream.of(path.split(":")).map(dir -> Path.of(dir, program)).filter(Files::isExecutable)
                .findFirst().map(Path::toString).orElse(program);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
