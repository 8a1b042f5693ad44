package dev.slipway.generate.docker;

import static dev.slipway.generate.docker.BuildInspector.match;

import dev.slipway.generate.docker.BuildInspector.Files;
import dev.slipway.generate.docker.ServiceBuild.Node;
import dev.slipway.model.BuildTool;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** What a Node service's package.json and lockfile say: Node version, yarn flavour, start command, test script. */
final class Nodes {

    /** What {@code npm init} writes as the test script: a placeholder that always fails. */
    static final String NPM_PLACEHOLDER_TEST = "echo \"Error: no test specified\" && exit 1";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Nodes() {
    }

    static ServiceBuild inspect(Files files, BuildTool tool, Optional<String> own) {
        String text = files.read("package.json").orElseThrow(() -> files.refuse("has no package.json",
                "add its package.json, or set the service's `language`"));
        Map<String, Object> manifest;
        try {
            manifest = JSON.readValue(text, Map.class);
        } catch (JacksonException e) {
            throw files.refuse("has a package.json that is not JSON: " + e.getOriginalMessage(), "fix package.json");
        }
        Map<String, Object> scripts = section(manifest, "scripts");
        String lockName = switch (tool) {
            case YARN -> "yarn.lock";
            case PNPM -> "pnpm-lock.yaml";
            default -> "package-lock.json";
        };
        Optional<String> lock = Optional.of(lockName).filter(files::exists);
        String packageManager = String.valueOf(manifest.getOrDefault("packageManager", ""));
        boolean berry = tool == BuildTool.YARN && (files.exists(".yarnrc.yml") || packageManager.matches("yarn@([2-9]|\\d\\d).*")
                || files.read("yarn.lock").orElse("").contains("__metadata:"));
        ToolchainVersion version = nodeVersion(files, section(manifest, "engines"));
        List<String> start = start(files, scripts, manifest);
        Object test = scripts.get("test");
        boolean realTest = test instanceof String script && !script.isBlank() && !script.equals(NPM_PLACEHOLDER_TEST);
        List<String> tests = realTest ? List.of(switch (tool) {
            case YARN -> "yarn test";
            case PNPM -> "pnpm test";
            default -> "npm test";
        }) : List.of();
        return new ServiceBuild(files.service(), tool, files.dir(), files.dir(), own, true, version, false, lock, tests,
                new Node(berry, start));
    }

    private static ToolchainVersion nodeVersion(Files files, Map<String, Object> engines) {
        for (String file : List.of(".nvmrc", ".node-version")) {
            Optional<String> line = files.read(file).flatMap(t -> match(t, "^\\s*v?(\\d+)"));
            if (line.isPresent()) {
                return BaseImages.supported(BuildTool.NPM, line.get(), files.file(file));
            }
        }
        Object node = engines.get("node");
        if (node instanceof String range) {
            Optional<String> major = match(range, "(\\d+)");
            if (major.isPresent()) {
                return BaseImages.supported(BuildTool.NPM, major.get(), files.file("package.json") + " engines.node");
            }
        }
        return BaseImages.defaultVersion(BuildTool.NPM);
    }

    /**
     * The start command: the {@code start} script run by node itself when it is a plain {@code node FILE}
     * (without npm in between, signals reach node), else through npm; else {@code main}; else index.js.
     */
    private static List<String> start(Files files, Map<String, Object> scripts, Map<String, Object> manifest) {
        if (scripts.get("start") instanceof String script) {
            if (script.matches("node(\\s+[\\w./@=-]+)+")) {
                return Arrays.asList(script.trim().split("\\s+"));
            }
            return List.of("npm", "start");
        }
        if (manifest.get("main") instanceof String main && files.exists(main)) {
            return List.of("node", main);
        }
        if (files.exists("index.js")) {
            return List.of("node", "index.js");
        }
        throw files.refuse("has no start command: package.json has no \"start\" script and no \"main\", and there is no index.js",
                "add a \"start\" script to package.json");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> manifest, String key) {
        return manifest.get(key) instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}
