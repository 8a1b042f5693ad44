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
 * The Pipelines of a system. {@code SYSTEM-release} runs on the main branch: clone with history, tell which services
 * changed since their last successful deployment, then per changed service test → build, scan, push → record the
 * build in Slipway, and finally one release of everything built to the first environment (Slipway rolls it out in
 * dependency order). {@code SYSTEM-promote} promotes to a later environment what runs healthy before it: no build
 * on that road.
 */
final class ReleasePipeline {

    static final String SOURCE = "source";
    static final String DOCKER_CREDENTIALS = "docker-credentials";
    static final String CLONE = "clone";
    static final String CHANGES = "changes";
    static final String RELEASE = "release";
    static final String PROMOTE = "promote";

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

    static String promotionName(SystemSpec spec) {
        return spec.system().name() + "-promote";
    }

    static String testTask(String service) {
        return "test-" + service;
    }

    static String buildTask(String service) {
        return "build-" + service;
    }

    static String recordTask(String service) {
        return "record-" + service;
    }

    /** The services this pipeline builds, dependencies before their dependents. */
    List<Service> builtServices() {
        return graph.topologicalOrder().stream()
                .map(name -> spec.service(name).orElseThrow())
                .filter(Service::builtFromSource)
                .toList();
    }

    /** The environment the main branch releases to: the first one, as in the other CI targets. */
    String firstEnvironment() {
        return spec.environments().getFirst().name();
    }

    Map<String, Object> document() {
        String commit = "$(tasks." + CLONE + ".results." + Tasks.COMMIT + ")";
        List<Object> tasks = new ArrayList<>();
        tasks.add(map("name", CLONE, "taskRef", map("name", Tasks.CLONE),
                "params", List.of(value("url", "$(params.git-url)"), value("revision", "$(params.revision)")),
                "workspaces", List.of(binding(Tasks.SOURCE, SOURCE))));
        tasks.add(map("name", CHANGES, "runAfter", List.of(CLONE), "taskRef", map("name", Tasks.CHANGES),
                "params", List.of(value("commit", commit)),
                "workspaces", List.of(binding(Tasks.SOURCE, SOURCE))));
        List<String> recorded = new ArrayList<>();
        for (Service service : builtServices()) {
            String name = service.name();
            checkTaskName(recordTask(name));
            // only a service that changed is tested, built and recorded
            List<Object> changed = List.of(map("input", "$(tasks." + CHANGES + ".results." + name + ")",
                    "operator", "in", "values", List.of("true")));
            String repository = Layout.imageRepository(spec, service);
            tasks.add(map("name", testTask(name), "runAfter", List.of(CHANGES), "when", changed,
                    "taskRef", map("name", Tasks.testName(name)),
                    "params", List.of(value("context", builds.get(name).directory())),
                    "workspaces", List.of(binding(Tasks.SOURCE, SOURCE))));
            tasks.add(map("name", buildTask(name), "runAfter", List.of(testTask(name)), "when", changed,
                    "taskRef", map("name", Tasks.BUILD),
                    "params", List.of(
                            value("image", repository + ":" + commit),
                            value("context", builds.get(name).context()),
                            value("dockerfile", builds.get(name).dockerfile()),
                            value("revision", commit),
                            value("source-url", "$(params.git-url)"),
                            value("severity", severities()),
                            value("exit-code", spec.ci().scan().failOn().isEmpty() ? "0" : "1")),
                    "workspaces", List.of(binding(Tasks.SOURCE, SOURCE), binding(Tasks.DOCKER_CONFIG, DOCKER_CREDENTIALS))));
            tasks.add(map("name", recordTask(name), "runAfter", List.of(buildTask(name)), "when", changed,
                    "taskRef", map("name", Tasks.RECORD),
                    "params", List.of(value("service", name),
                            value("version", "$(tasks." + CHANGES + ".results." + Tasks.VERSION + ")"),
                            value("commit", commit), value("image", repository),
                            value("digest", "$(tasks." + buildTask(name) + ".results." + Tasks.IMAGE_DIGEST + ")")),
                    "workspaces", List.of(binding(Tasks.SOURCE, SOURCE))));
            recorded.add(recordTask(name));
        }
        // one release of every built service: Slipway orders the rollouts by the dependency graph
        tasks.add(map("name", RELEASE, "runAfter", recorded, "taskRef", map("name", Tasks.RELEASE),
                "params", List.of(value("environment", "$(params.environment)"),
                        value(Tasks.VERSIONS, "$(tasks." + CHANGES + ".results." + Tasks.VERSIONS + ")"),
                        value("commit", commit)),
                "workspaces", List.of(binding(Tasks.SOURCE, SOURCE))));
        return resource("Pipeline", name(spec), map(
                "description", "Tests, builds, scans, pushes and records the services of " + spec.system().name()
                        + " that changed, then releases them through Slipway.",
                "params", List.of(
                        param("git-url", "The repository to release from.", spec.system().repository().orElse(null)),
                        param("revision", "The branch or commit to build.", spec.ci().mainBranch()),
                        param("environment", "The environment the built services are released to.", firstEnvironment())),
                "workspaces", List.of(
                        workspace(SOURCE, "The repository, shared by every task: bind a volumeClaimTemplate."),
                        workspace(DOCKER_CREDENTIALS, "Registry credentials: a Secret with config.json or .dockerconfigjson.")),
                "tasks", tasks));
    }

    /** Promotion to a later environment: a checkout for the script, then the promotion. No build. */
    Map<String, Object> promotionDocument() {
        String firstPromotion = spec.environments().stream().filter(e -> e.promoteFrom().isPresent())
                .map(e -> e.name()).findFirst().orElse(firstEnvironment());
        return resource("Pipeline", promotionName(spec), map(
                "description", "Promotes to an environment the digests that run healthy in its promoteFrom, behind "
                        + "Slipway's gates. Nothing is built.",
                "params", List.of(
                        param("git-url", "The repository with .slipway/ci.sh.", spec.system().repository().orElse(null)),
                        param("revision", "The branch or commit to take .slipway/ci.sh from.", spec.ci().mainBranch()),
                        param("environment", "The environment to promote to.", firstPromotion)),
                "workspaces", List.of(workspace(SOURCE, "The repository: bind a volumeClaimTemplate.")),
                "tasks", List.of(
                        map("name", CLONE, "taskRef", map("name", Tasks.CLONE),
                                "params", List.of(value("url", "$(params.git-url)"), value("revision", "$(params.revision)")),
                                "workspaces", List.of(binding(Tasks.SOURCE, SOURCE))),
                        map("name", PROMOTE, "runAfter", List.of(CLONE), "taskRef", map("name", Tasks.PROMOTE),
                                "params", List.of(value("environment", "$(params.environment)")),
                                "workspaces", List.of(binding(Tasks.SOURCE, SOURCE))))));
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
