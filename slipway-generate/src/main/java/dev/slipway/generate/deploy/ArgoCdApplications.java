package dev.slipway.generate.deploy;

import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.Generator;
import dev.slipway.generate.Layout;
import dev.slipway.generate.support.Yaml;
import dev.slipway.model.DependencyGraph;
import dev.slipway.model.Environment;
import dev.slipway.model.Service;
import dev.slipway.model.SystemSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Argo CD objects: an Application per service and environment, ordered by sync waves that follow the
 * dependency graph; an app-of-apps per environment; and two AppProjects that confine what they may deploy.
 * <pre>
 * deploy/argocd/bootstrap/projects.yaml        AppProjects (apply once, with the roots)
 * deploy/argocd/bootstrap/ENV.yaml             app-of-apps of ENV, syncs deploy/argocd/applications/ENV
 * deploy/argocd/applications/ENV/SERVICE.yaml  one Application per service
 * </pre>
 */
public final class ArgoCdApplications implements Generator {

    static final String API = "argoproj.io/v1alpha1";
    static final String NAMESPACE = "argocd";
    static final String IN_CLUSTER = "https://kubernetes.default.svc";
    static final String SYNC_WAVE = "argocd.argoproj.io/sync-wave";

    @Override
    public String target() {
        return "argocd";
    }

    @Override
    public String description() {
        return "Argo CD Applications and an app-of-apps";
    }

    @Override
    public List<GeneratedFile> generate(SystemSpec spec) {
        String repository = GitOps.repository(spec, target(), "Argo CD");
        DependencyGraph graph = spec.graph();
        Map<String, Integer> depths = graph.depths();
        List<GeneratedFile> files = new ArrayList<>();
        files.add(DeployFiles.yaml("deploy/argocd/bootstrap/projects.yaml",
                servicesProject(spec, repository), bootstrapProject(spec, repository)));
        for (Environment environment : spec.environments()) {
            files.add(DeployFiles.yaml("deploy/argocd/bootstrap/" + environment.name() + ".yaml",
                    root(spec, environment, repository)));
            for (String name : graph.topologicalOrder()) {
                Service service = spec.service(name).orElseThrow();
                files.add(DeployFiles.yaml(applicationsDir(environment) + "/" + service.name() + ".yaml",
                        application(spec, service, environment, repository, depths.get(name))));
            }
        }
        return files;
    }

    static String applicationsDir(Environment environment) {
        return "deploy/argocd/applications/" + environment.name();
    }

    /**
     * One service in one environment. Its sync wave is its dependency depth, so within the app-of-apps sync a
     * dependency's Application is applied (and, with Argo CD's Application health check enabled, healthy)
     * before its dependents'.
     */
    static Map<String, Object> application(SystemSpec spec, Service service, Environment environment,
                                           String repository, int wave) {
        Map<String, Object> metadata = Yaml.map(
                "name", GitOps.name(spec, service, environment),
                "namespace", NAMESPACE,
                "labels", withService(Labels.environment(spec, environment), service),
                "annotations", Yaml.map(SYNC_WAVE, String.valueOf(wave)),
                // deleting the Application (e.g. the service left slipway.yaml) deletes what it deployed
                "finalizers", List.of("resources-finalizer.argocd.argoproj.io"));
        return Yaml.map(
                "apiVersion", API,
                "kind", "Application",
                "metadata", metadata,
                "spec", Yaml.map(
                        "project", spec.system().name(),
                        "source", Yaml.map(
                                "repoURL", repository,
                                "targetRevision", spec.ci().mainBranch(),
                                "path", Layout.kustomizeOverlay(service, environment)),
                        "destination", Yaml.map("server", IN_CLUSTER, "namespace", environment.namespace()),
                        "ignoreDifferences", environment.deliversThroughGit() ? null : slipwayOwned(service),
                        "syncPolicy", syncPolicy(environment, true, !environment.deliversThroughGit()),
                        "revisionHistoryLimit", 10));
    }

    /**
     * Where Slipway delivers directly, it changes the workload's image (to the released digest) and its replicas
     * (a canary's traffic share without a mesh) while Git keeps the overlay's: Argo CD must neither show that as
     * drift nor self-heal it back. The fields are named with jqPathExpressions rather than managedFieldsManagers:
     * Slipway's client updates without a field manager of its own name, Argo CD's managedFieldsManagers has known
     * diffing bugs (argoproj/argo-cd#9071), and RespectIgnoreDifferences (in the sync options) honours JQ paths,
     * so a sync that another Git change starts leaves them alone too. Only these two fields: every other drift
     * (probes, resources, a hand edit) is still healed.
     */
    private static List<Object> slipwayOwned(Service service) {
        return List.of(Yaml.map(
                "group", "apps",
                "kind", Workloads.kind(service),
                "name", service.name(),
                "jqPathExpressions", List.of(".spec.replicas", ".spec.template.spec.containers[].image")));
    }

    /** The app-of-apps of an environment: it syncs the directory of that environment's Applications. */
    static Map<String, Object> root(SystemSpec spec, Environment environment, String repository) {
        return Yaml.map(
                "apiVersion", API,
                "kind", "Application",
                "metadata", Yaml.map(
                        "name", GitOps.name(spec, environment),
                        "namespace", NAMESPACE,
                        "labels", Labels.environment(spec, environment)),
                "spec", Yaml.map(
                        "project", bootstrapProjectName(spec),
                        "source", Yaml.map(
                                "repoURL", repository,
                                "targetRevision", spec.ci().mainBranch(),
                                "path", applicationsDir(environment)),
                        "destination", Yaml.map("server", IN_CLUSTER, "namespace", NAMESPACE),
                        "syncPolicy", syncPolicy(environment, false, false),
                        "revisionHistoryLimit", 10));
    }

    /**
     * Automated sync with prune and self-heal, except in an environment that needs approval and that Slipway
     * delivers to directly: there a person presses Sync, so Git changes never reach it unseen. Where Git
     * delivers ({@code delivery: gitops}), Git is the only owner: Slipway commits a release only once its gates
     * (approval included) have passed, so Argo CD syncs every commit at once and heals any other change.
     *
     * @param slipwayOwned the Application ignores the fields Slipway changes ({@link #slipwayOwned}): a sync must
     *                     leave them alone too
     */
    static Map<String, Object> syncPolicy(Environment environment, boolean createsNamespace, boolean slipwayOwned) {
        Map<String, Object> policy = new LinkedHashMap<>();
        if (!environment.approval() || environment.deliversThroughGit()) {
            policy.put("automated", Yaml.map("prune", true, "selfHeal", true));
        }
        List<String> options = new ArrayList<>();
        if (createsNamespace) {
            options.add("CreateNamespace=true");
        }
        options.add("PruneLast=true");
        if (slipwayOwned) {
            options.add("RespectIgnoreDifferences=true");
        }
        policy.put("syncOptions", options);
        if (createsNamespace) {
            policy.put("managedNamespaceMetadata", Yaml.map("labels", Namespaces.podSecurityLabels()));
        }
        policy.put("retry", Yaml.map("limit", 5,
                "backoff", Yaml.map("duration", "10s", "factor", 2, "maxDuration", "3m")));
        return policy;
    }

    /**
     * The services' project: only this system's repository, only its environments' namespaces on this
     * cluster, and no cluster-scoped objects except the Namespaces CreateNamespace makes.
     */
    static Map<String, Object> servicesProject(SystemSpec spec, String repository) {
        List<Object> destinations = new ArrayList<>();
        for (Environment environment : spec.environments()) {
            destinations.add(Yaml.map("server", IN_CLUSTER, "namespace", environment.namespace()));
        }
        return Yaml.map(
                "apiVersion", API,
                "kind", "AppProject",
                "metadata", Yaml.map("name", spec.system().name(), "namespace", NAMESPACE,
                        "labels", Yaml.map(Labels.PART_OF, spec.system().name(), Labels.MANAGED_BY, Labels.MANAGER)),
                "spec", Yaml.map(
                        "sourceRepos", List.of(repository),
                        "destinations", destinations,
                        "clusterResourceWhitelist", List.of(Yaml.map("group", "", "kind", "Namespace"))));
    }

    /**
     * The app-of-apps' project: it may only create Argo CD Applications in the argocd namespace. Kept apart so
     * that the services' project cannot write into the argocd namespace.
     */
    static Map<String, Object> bootstrapProject(SystemSpec spec, String repository) {
        return Yaml.map(
                "apiVersion", API,
                "kind", "AppProject",
                "metadata", Yaml.map("name", bootstrapProjectName(spec), "namespace", NAMESPACE,
                        "labels", Yaml.map(Labels.PART_OF, spec.system().name(), Labels.MANAGED_BY, Labels.MANAGER)),
                "spec", Yaml.map(
                        "sourceRepos", List.of(repository),
                        "destinations", List.of(Yaml.map("server", IN_CLUSTER, "namespace", NAMESPACE)),
                        "namespaceResourceWhitelist", List.of(Yaml.map("group", "argoproj.io", "kind", "Application"))));
    }

    static String bootstrapProjectName(SystemSpec spec) {
        return spec.system().name() + "-bootstrap";
    }

    private static Map<String, Object> withService(Map<String, Object> labels, Service service) {
        Map<String, Object> all = new LinkedHashMap<>(labels);
        all.put(Labels.NAME, service.name());
        return all;
    }
}
