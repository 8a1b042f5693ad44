package dev.slipway.generate.deploy;

import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.Generator;
import dev.slipway.generate.SourceTree;
import dev.slipway.generate.support.Yaml;
import dev.slipway.model.Environment;
import dev.slipway.model.Service;
import dev.slipway.model.Strategy;
import dev.slipway.model.SystemSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * For teams that already run Argo Rollouts: per environment, a Rollout for every canary and blue-green
 * service with the Services it drives and a PodDisruptionBudget, gathered by a kustomization that sets the
 * namespace and images. Such a service is deployed from this directory instead of its Kustomize overlay.
 * Rolling services are left out: a Deployment's RollingUpdate already does what a Rollout would.
 * <pre>
 * deploy/argo-rollouts/ENV/kustomization.yaml
 * deploy/argo-rollouts/ENV/SERVICE.yaml
 * deploy/argo-rollouts/argocd-ENV.yaml   the Argo CD Application that deploys ENV/ (with system.repository)
 * deploy/argo-rollouts/flux-ENV.yaml     the Flux Kustomization that deploys ENV/ (with system.repository)
 * </pre>
 * The Application and the Kustomization sit beside the environment directories, not in the app-of-apps or the
 * Flux environment directory: they replace the per-service Applications (Kustomizations) of these services,
 * which a team applies only when it chooses Argo Rollouts.
 */
public final class ArgoRollouts implements Generator {

    static final String API = "argoproj.io/v1alpha1";
    /** The Gateway API plugin as the Argo Rollouts controller's ConfigMap names it (argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi). */
    static final String GATEWAY_API_PLUGIN = "argoproj-labs/gatewayAPI";

    @Override
    public String target() {
        return "argo-rollouts";
    }

    @Override
    public String description() {
        return "Argo Rollouts Rollouts for canary and blue-green services";
    }

    @Override
    public List<GeneratedFile> generate(SystemSpec spec) {
        return generate(spec, SourceTree.none());
    }

    /** The repository is read for the SealedSecret files the services name, which each environment's files carry. */
    @Override
    public List<GeneratedFile> generate(SystemSpec spec, SourceTree sources) {
        List<Service> services = spec.graph().topologicalOrder().stream()
                .map(name -> spec.service(name).orElseThrow())
                .filter(Tracks::splitsTraffic)
                .toList();
        List<GeneratedFile> files = new ArrayList<>();
        if (services.isEmpty()) {
            return files;
        }
        for (Environment environment : spec.environments()) {
            String dir = dir(environment);
            List<String> resources = new ArrayList<>();
            List<Object> images = new ArrayList<>();
            for (Service service : services) {
                List<Object> documents = new ArrayList<>();
                if (service.strategy() instanceof Strategy.Canary) {
                    documents.add(AnalysisTemplates.template(spec, service, environment));
                }
                documents.add(rollout(spec, service, environment));
                documents.addAll(services(spec, service));
                documents.add(Workloads.disruptionBudget(spec, service));
                documents.addAll(ExternalSecrets.objects(spec, service));
                documents.addAll(SealedSecrets.objects(service, environment, sources));
                files.add(DeployFiles.yaml(dir + "/" + service.name() + ".yaml", documents));
                resources.add(service.name() + ".yaml");
                images.add(Images.kustomizeEntry(spec, service));
            }
            files.addFirst(DeployFiles.yaml(dir + "/kustomization.yaml", Yaml.map(
                    "apiVersion", KubernetesManifests.KUSTOMIZE_API,
                    "kind", "Kustomization",
                    "namespace", environment.namespace(),
                    "resources", resources,
                    "labels", List.of(Yaml.map(
                            "pairs", Yaml.map(Labels.ENVIRONMENT, environment.name()),
                            "includeSelectors", false,
                            "includeTemplates", true)),
                    "images", images)));
            String repository = spec.system().repository().orElse(null);
            if (repository != null) {
                files.add(DeployFiles.yaml("deploy/argo-rollouts/argocd-" + environment.name() + ".yaml",
                        argoCdApplication(spec, environment, repository)));
                files.add(DeployFiles.yaml("deploy/argo-rollouts/flux-" + environment.name() + ".yaml",
                        fluxKustomization(spec, environment)));
            }
        }
        return files;
    }

    static String dir(Environment environment) {
        return "deploy/argo-rollouts/" + environment.name();
    }

    /** Syncs the environment's Rollouts like the per-service Applications sync their overlays. */
    static Map<String, Object> argoCdApplication(SystemSpec spec, Environment environment, String repository) {
        return Yaml.map(
                "apiVersion", ArgoCdApplications.API,
                "kind", "Application",
                "metadata", Yaml.map(
                        "name", spec.system().name() + "-rollouts-" + environment.name(),
                        "namespace", ArgoCdApplications.NAMESPACE,
                        "labels", Labels.environment(spec, environment),
                        "finalizers", List.of("resources-finalizer.argocd.argoproj.io")),
                "spec", Yaml.map(
                        "project", spec.system().name(),
                        "source", Yaml.map(
                                "repoURL", repository,
                                "targetRevision", spec.ci().mainBranch(),
                                "path", dir(environment)),
                        "destination", Yaml.map("server", ArgoCdApplications.IN_CLUSTER,
                                "namespace", environment.namespace()),
                        "syncPolicy", ArgoCdApplications.syncPolicy(environment, true, false),
                        "revisionHistoryLimit", 10));
    }

    /**
     * Applies the environment's Rollouts from the GitRepository the flux target bootstraps. It does not wait
     * for them: Argo Rollouts, not kstatus, knows when a Rollout is healthy.
     */
    static Map<String, Object> fluxKustomization(SystemSpec spec, Environment environment) {
        return Yaml.map(
                "apiVersion", FluxKustomizations.KUSTOMIZE_API,
                "kind", "Kustomization",
                "metadata", Yaml.map(
                        "name", spec.system().name() + "-rollouts-" + environment.name(),
                        "namespace", FluxKustomizations.NAMESPACE,
                        "labels", Labels.environment(spec, environment)),
                "spec", Yaml.map(
                        "interval", "10m",
                        "retryInterval", "1m",
                        "timeout", "5m",
                        "path", "./" + dir(environment),
                        "prune", true,
                        "wait", false,
                        "sourceRef", Yaml.map("kind", "GitRepository", "name", spec.system().name()),
                        "targetNamespace", environment.namespace()));
    }

    static Map<String, Object> rollout(SystemSpec spec, Service service, Environment environment) {
        return Yaml.map(
                "apiVersion", API,
                "kind", "Rollout",
                "metadata", Yaml.map("name", service.name(), "labels", Labels.recommended(spec, service)),
                "spec", Yaml.map(
                        "replicas", service.replicas(),
                        "revisionHistoryLimit", 5,
                        "selector", Yaml.map("matchLabels", Labels.selector(spec, service)),
                        "template", PodTemplates.of(spec, service, Labels.recommended(spec, service)),
                        "strategy", strategy(service, environment)));
    }

    /**
     * Canary: each weight of slipway.yaml, judged by the service's AnalysisTemplate (Slipway's threshold judge)
     * once per analysis window for as long as stepInterval, before the next: a failed check aborts the rollout
     * and sends all traffic back to stable. The pods of each track carry {@code slipway.dev/track}, the label
     * the queries select on. Blue-green: the preview
     * Service reaches green before the switch; blue is kept for scaleDownDelay. In an environment that needs
     * approval a person promotes: the canary pauses before taking all traffic, blue-green waits to switch.
     */
    static Map<String, Object> strategy(Service service, Environment environment) {
        return switch (service.strategy()) {
            case Strategy.Canary canary -> {
                List<Object> steps = new ArrayList<>();
                List<Integer> weights = canary.steps();
                for (int i = 0; i < weights.size(); i++) {
                    boolean last = i == weights.size() - 1;
                    if (last && environment.approval()) {
                        steps.add(Yaml.map("pause", Yaml.map()));
                    }
                    steps.add(Yaml.map("setWeight", weights.get(i)));
                    if (!last) {
                        steps.add(analysisStep(service, canary));
                    }
                }
                yield Yaml.map("canary", Yaml.map(
                        "stableService", Routing.trackService(service, "stable"),
                        "canaryService", Routing.trackService(service, "canary"),
                        "canaryMetadata", Yaml.map("labels", Yaml.map(Labels.TRACK, "canary")),
                        "stableMetadata", Yaml.map("labels", Yaml.map(Labels.TRACK, "stable")),
                        "trafficRouting", trafficRouting(service, environment),
                        "steps", steps));
            }
            case Strategy.BlueGreen blueGreen -> Yaml.map("blueGreen", Yaml.map(
                    "activeService", service.name(),
                    "previewService", Routing.trackService(service, "preview"),
                    "autoPromotionEnabled", !environment.approval(),
                    "scaleDownDelaySeconds", (int) blueGreen.scaleDownDelay().toSeconds()));
            case Strategy.Rolling rolling -> throw new IllegalArgumentException("rolling services have no Rollout");
        };
    }

    /**
     * Who sets the canary's weight: with {@code traffic: istio} the Rollout rewrites the weights of the
     * VirtualService's {@code tracks} route between the DestinationRule's subsets, with {@code traffic: gateway-api}
     * the Gateway API plugin rewrites the HTTPRoute's backend weights (both objects are the ones the istio and
     * gateway-api targets write, named after the service); without a mesh ({@code replicas}) there is nothing to
     * route and the weight is the replica ratio.
     */
    static Map<String, Object> trafficRouting(Service service, Environment environment) {
        return switch (environment.traffic()) {
            case ISTIO -> Yaml.map("istio", Yaml.map(
                    "virtualService", Yaml.map("name", service.name(), "routes", List.of(IstioRouting.ROUTE)),
                    "destinationRule", Yaml.map("name", service.name(),
                            "canarySubsetName", "canary", "stableSubsetName", "stable")));
            case GATEWAY_API -> Yaml.map("plugins", Yaml.map(GATEWAY_API_PLUGIN, Yaml.map(
                    "httpRoute", service.name(), "namespace", environment.namespace())));
            case REPLICAS -> null;
        };
    }

    /** An inline analysis that judges the step's weight (the template runs for stepInterval). */
    private static Map<String, Object> analysisStep(Service service, Strategy.Canary canary) {
        return Yaml.map("analysis", Yaml.map(
                "templates", List.of(Yaml.map("templateName", AnalysisTemplates.name(service)))));
    }

    /**
     * The Services the Rollout drives (Argo Rollouts adds the pod-template hash to their selectors). A canary
     * keeps a main Service that reaches both (traffic follows the replica ratio); a blue-green service's main
     * Service is the active one, so clients switch with it.
     */
    static List<Object> services(SystemSpec spec, Service service) {
        Map<String, Object> selector = Labels.selector(spec, service);
        List<Object> services = new ArrayList<>();
        services.add(Workloads.service(spec, service, service.name(), selector, false));
        List<String> extra = service.strategy() instanceof Strategy.Canary ? List.of("stable", "canary") : List.of("preview");
        for (String track : extra) {
            services.add(Workloads.service(spec, service, Routing.trackService(service, track), selector, false));
        }
        return services;
    }
}
