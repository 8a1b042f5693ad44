package dev.slipway.generate.ci.tekton;

import static dev.slipway.generate.ci.tekton.Resources.binding;
import static dev.slipway.generate.ci.tekton.Resources.param;
import static dev.slipway.generate.ci.tekton.Resources.resource;
import static dev.slipway.generate.ci.tekton.Resources.value;
import static dev.slipway.generate.ci.tekton.Resources.workspace;
import static dev.slipway.generate.support.Yaml.map;

import dev.slipway.generate.GenerationException;
import dev.slipway.generate.Layout;
import dev.slipway.generate.docker.ServiceBuild;
import dev.slipway.model.DependencyGraph;
import dev.slipway.model.Service;
import dev.slipway.model.SystemSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The release Pipeline of a system: clone once, then per service built from source test → build → scan →
 * deploy. Tests, builds and scans of all services run in parallel; a service's deploy waits for its own scan
 * and for the deploys of the services it depends on, so the rollout order follows the dependency graph.
 */
final class ReleasePipeline {

    static final String SOURCE = "source";
    static final String DOCKER_CREDENTIALS = "docker-credentials";
    static final String CLONE = "clone";

    private final SystemSpec spec;
    private final DependencyGraph graph;
    private final Map<String, ServiceBuild> builds;

    ReleasePipeline(SystemSpec spec, Map<String, ServiceBuild> builds) {
        this.spec = spec;
        this.builds = builds;
        this.graph = spec.graph();
    }

    static String name(SystemSpec spec) {
        return spec.system().name() + "-release";
    }

    static String testTask(String service) {
        return "test-" + service;
    }

    static String buildTask(String service) {
        return "build-" + service;
    }

    static String scanTask(String service) {
        return "scan-" + service;
    }

    static String deployTask(String service) {
        return "deploy-" + service;
    }

    /** The services this pipeline builds, dependencies before their dependents. */
    List<Service> builtServices() {
        return graph.topologicalOrder().stream()
                .map(name -> spec.service(name).orElseThrow())
                .filter(Service::builtFromSource)
                .toList();
    }

    /**
     * The built services whose deploys must finish before {@code service}'s: its dependencies, and through an
     * external service (which this pipeline does not deploy) that service's dependencies in turn.
     */
    List<String> deployPredecessors(String service) {
        Set<String> found = new LinkedHashSet<>();
        Set<String> seen = new LinkedHashSet<>();
        List<String> frontier = new ArrayList<>(graph.dependencies(service));
        while (!frontier.isEmpty()) {
            String next = frontier.removeFirst();
            if (!seen.add(next) || next.equals(service)) {
                continue;
            }
            if (spec.service(next).orElseThrow().builtFromSource()) {
                found.add(next);
            } else {
                frontier.addAll(graph.dependencies(next));
            }
        }
        return graph.topologicalOrder().stream().filter(found::contains).toList();
    }

    Map<String, Object> document() {
        List<Object> tasks = new ArrayList<>();
        tasks.add(map("name", CLONE, "taskRef", map("name", Tasks.CLONE),
                "params", List.of(value("url", "$(params.git-url)"), value("revision", "$(params.revision)")),
                "workspaces", List.of(binding(Tasks.SOURCE, SOURCE))));
        List<Object> results = new ArrayList<>();
        for (Service service : builtServices()) {
            String name = service.name();
            checkTaskName(deployTask(name));
            String digest = "$(tasks." + buildTask(name) + ".results." + Tasks.IMAGE_DIGEST + ")";
            tasks.add(map("name", testTask(name), "runAfter", List.of(CLONE),
                    "taskRef", map("name", Tasks.testName(name)),
                    "params", List.of(value("context", builds.get(name).directory())),
                    "workspaces", List.of(binding(Tasks.SOURCE, SOURCE))));
            tasks.add(map("name", buildTask(name), "runAfter", List.of(testTask(name)),
                    "taskRef", map("name", Tasks.BUILD),
                    "params", List.of(
                            value("image", Layout.imageRepository(spec, service) + ":$(params.image-tag)"),
                            value("context", builds.get(name).context()),
                            value("dockerfile", builds.get(name).dockerfile()),
                            value("revision", "$(tasks." + CLONE + ".results." + Tasks.COMMIT + ")"),
                            value("source-url", "$(params.git-url)")),
                    "workspaces", List.of(binding(Tasks.SOURCE, SOURCE), binding(Tasks.DOCKER_CONFIG, DOCKER_CREDENTIALS))));
            // by digest: the scan judges exactly the image that was pushed, whatever happens to the tag
            tasks.add(map("name", scanTask(name), "runAfter", List.of(buildTask(name)),
                    "taskRef", map("name", Tasks.SCAN),
                    "params", List.of(
                            value("image", Layout.imageRepository(spec, service) + "@" + digest),
                            value("severity", severities()),
                            value("exit-code", spec.ci().scan().failOn().isEmpty() ? "0" : "1")),
                    "workspaces", List.of(binding(Tasks.DOCKER_CONFIG, DOCKER_CREDENTIALS))));
            List<String> after = new ArrayList<>(List.of(scanTask(name)));
            deployPredecessors(name).forEach(dependency -> after.add(deployTask(dependency)));
            tasks.add(map("name", deployTask(name), "runAfter", after,
                    "taskRef", map("name", Tasks.DEPLOY),
                    // by digest, like the scan: the release runs exactly the image that was built and scanned
                    "params", List.of(value("environment", "$(params.environment)"), value("service", name),
                            value("version", "$(params.image-tag)@" + digest)),
                    "workspaces", List.of(binding(Tasks.SOURCE, SOURCE))));
            results.add(map("name", name + "-digest", "type", "string",
                    "description", "The digest of " + name + "'s image, for promotion by digest.",
                    "value", digest));
        }
        return resource("Pipeline", name(spec), map(
                "description", "Tests, builds, scans and releases the services of " + spec.system().name()
                        + "; deploys follow the dependency graph.",
                "params", List.of(
                        param("git-url", "The repository to release from.", spec.system().repository().orElse(null)),
                        param("revision", "The branch, tag or commit to release.", spec.ci().mainBranch()),
                        param("image-tag", "The version of this release: the tag of every image built and the "
                                + "version each service is deployed at (e.g. 2.1.0).", null),
                        param("environment", "The environment to deploy to.", spec.environments().getFirst().name())),
                "workspaces", List.of(
                        workspace(SOURCE, "The repository, shared by every task: bind a volumeClaimTemplate."),
                        workspace(DOCKER_CREDENTIALS, "Registry credentials: a Secret with config.json or .dockerconfigjson.")),
                "tasks", tasks,
                "results", results));
    }

    /** Trivy reports these severities; with none configured it reports every severity and fails on none. */
    private String severities() {
        List<String> failOn = spec.ci().scan().failOn();
        return String.join(",", failOn.isEmpty() ? List.of("UNKNOWN", "LOW", "MEDIUM", "HIGH", "CRITICAL") : failOn);
    }

    private static void checkTaskName(String taskName) {
        if (taskName.length() > 63) {
            throw new GenerationException("Tekton pipeline task '" + taskName + "' is longer than 63 characters",
                    "Tekton task names are DNS labels; shorten the service name to at most 56 characters");
        }
    }
}
