package dev.slipway.model.load;

import dev.slipway.model.Dependency;
import dev.slipway.model.DependencyGraph;
import dev.slipway.model.CanaryAnalysis;
import dev.slipway.model.DocPath;
import dev.slipway.model.Notification;
import dev.slipway.model.Environment;
import dev.slipway.model.ImageTag;
import dev.slipway.model.GitOpsSettings;
import dev.slipway.model.Keyword;
import dev.slipway.model.Language;
import dev.slipway.model.Service;
import dev.slipway.model.Strategy;
import dev.slipway.model.SystemSpec;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The rules a spec must follow beyond its schema: references resolve, graphs are acyclic, values make sense. */
final class SpecRules {

    private final Findings findings;

    SpecRules(Findings findings) {
        this.findings = findings;
    }

    void check(SystemSpec spec) {
        Map<String, Service> byName = new java.util.LinkedHashMap<>();
        spec.services().forEach(s -> byName.putIfAbsent(s.name(), s));
        for (Service service : spec.services()) {
            DocPath path = DocPath.of("services", service.name());
            checkSource(service, path);
            checkSecrets(service, path);
            checkDependencies(service, path, byName);
            checkStrategy(service.strategy(), service.stateful(), path.child("strategy"));
        }
        if (spec.defaults().strategy() instanceof Strategy.Canary) {
            checkStrategy(spec.defaults().strategy(), false, DocPath.of("defaults", "strategy"));
        }
        for (List<String> cycle : DependencyGraph.of(spec).cycles()) {
            findings.errorAtKey(DocPath.of("services", cycle.get(0), "dependsOn", cycle.get(1)),
                    "dependency cycle " + String.join(" -> ", cycle),
                    "services must form a graph without cycles; remove one of these dependsOn entries");
        }
        checkEnvironments(spec.environments());
        for (int i = 0; i < spec.environments().size(); i++) {
            checkDelivery(spec.environments().get(i), DocPath.of("environments", i), spec.system().repository());
            checkApprovers(spec.environments().get(i), DocPath.of("environments", i),
                    spec.ci().providers().contains(dev.slipway.model.CiProvider.JENKINS));
        }
        checkNotifications(spec.notifications());
        checkCustomMetrics(spec);
        checkVerification(spec);
    }

    /**
     * A verification window shorter than one analysis interval would end before its first look; smoke tests set on
     * a service that does not roll out blue-green would never run.
     */
    private void checkVerification(SystemSpec spec) {
        checkWindow(spec.defaults().verify(), spec.defaults().analysis(), DocPath.of("defaults", "verify", "window"));
        for (Service service : spec.services()) {
            DocPath path = DocPath.of("services", service.name());
            if (!service.verify().equals(spec.defaults().verify())) {
                checkWindow(service.verify(), service.analysis(), path.child("verify").child("window"));
            }
            if (!service.smoke().isEmpty() && !service.smoke().equals(spec.defaults().smoke())
                    && !(service.strategy() instanceof Strategy.BlueGreen)) {
                findings.warning(path.child("smoke"), "smoke tests run only before a blue-green switch; "
                        + service.name() + " rolls out " + service.strategy().keyword(),
                        "use `strategy: {type: blue-green}`, or remove `smoke` (a rolling or canary rollout is judged"
                                + " by its analysis and its verification window)");
            }
        }
    }

    private void checkWindow(dev.slipway.model.Verification verify, CanaryAnalysis analysis, DocPath path) {
        if (verify.enabled() && verify.window().compareTo(analysis.interval()) < 0) {
            findings.error(path, "verification window " + verify.window().toSeconds() + "s is shorter than one "
                    + "analysis interval (" + analysis.interval().toSeconds() + "s): it would end before its first look",
                    "make it at least a few minutes (default 5m), or 0 to turn verification off");
        }
    }

    private void checkSecrets(Service service, DocPath path) {
        service.env().forEach((name, value) -> {
            if (dev.slipway.model.SecretSource.secretName(name) && !value.isBlank()) {
                findings.error(path.child("env").child(name),
                        "env " + name + " has a literal value, and its name says it is a secret",
                        "move it to `secrets: {" + name + ": {secretRef: {name: SECRET, key: KEY}}}` and create that Secret in the"
                                + " namespace (or read it from a secret manager: `{externalSecret: {store, key}}`); a secret in slipway.yaml is in"
                                + " every clone of the repository");
            }
            if (service.secrets().containsKey(name)) {
                findings.errorAtKey(path.child("secrets").child(name), "variable " + name + " is in both env and secrets",
                        "keep it in secrets only");
            }
        });
    }

    private void checkNotifications(List<Notification> notifications) {
        for (int i = 0; i < notifications.size(); i++) {
            Notification n = notifications.get(i);
            DocPath path = DocPath.of("notifications", i);
            if (n.kind() == Notification.Kind.SLACK && n.url().isPresent()) {
                findings.errorAtKey(path.child("url"), "a Slack webhook URL is a secret and does not belong in slipway.yaml",
                        "put it in an environment variable and name that variable with `urlEnv`");
            } else if (n.url().isPresent() && n.urlEnv().isPresent()) {
                findings.errorAtKey(path.child("urlEnv"), "a notification has either `url` or `urlEnv`, not both",
                        "keep `urlEnv` when the URL carries a token");
            } else if (n.url().isEmpty() && n.urlEnv().isEmpty()) {
                findings.errorAtKey(path, "a notification needs `urlEnv` (or, for a webhook, `url`)",
                        "e.g. urlEnv: SLACK_WEBHOOK_URL");
            }
            if (n.kind() == Notification.Kind.SLACK && n.secretEnv().isPresent()) {
                findings.errorAtKey(path.child("secretEnv"), "'secretEnv' applies only to webhook notifications",
                        "Slack checks the URL itself; remove `secretEnv`");
            }
        }
    }

    private void checkCustomMetrics(SystemSpec spec) {
        spec.defaults().analysis().metrics().forEach(m ->
                checkCustomMetric(m, DocPath.of("defaults", "analysis", "metrics", m.name())));
        for (Service service : spec.services()) {
            service.analysis().metrics().stream()
                    .filter(m -> !spec.defaults().analysis().metrics().contains(m))
                    .forEach(m -> checkCustomMetric(m,
                            DocPath.of("services", service.name(), "analysis", "metrics", m.name())));
        }
    }

    private void checkCustomMetric(CanaryAnalysis.CustomMetric metric, DocPath path) {
        if (metric.max().isEmpty() && metric.min().isEmpty()) {
            findings.errorAtKey(path, "metric '" + metric.name() + "' has no limit",
                    "give it `max`, `min` or both: the canary fails outside them");
        } else if (metric.max().isPresent() && metric.min().isPresent() && metric.min().get() > metric.max().get()) {
            findings.error(path.child("min"), "min " + metric.min().get() + " is above max " + metric.max().get(),
                    "no value could pass; swap them");
        }
    }

    private void checkSource(Service service, DocPath path) {
        if (service.image().isPresent()) {
            if (service.path().isPresent()) {
                findings.errorAtKey(path.child("image"), "a service has either `image` or `path`, not both",
                        "use `path` to build from source, `image` to run an external image");
            }
            for (String key : List.of("language", "buildTool", "dockerfile")) {
                boolean set = switch (key) {
                    case "language" -> service.language().isPresent();
                    case "dockerfile" -> service.dockerfile().isPresent();
                    default -> false;
                };
                if (set) {
                    findings.errorAtKey(path.child(key), "'" + key + "' applies only to services built from source",
                            "remove it, or replace `image` with `path`");
                }
            }
            checkImageTag(service.image().get(), path.child("image"));
            return;
        }
        if (service.path().isEmpty()) {
            findings.errorAtKey(path, "service '" + service.name() + "' has neither `path` nor `image`",
                    "add `path: <source directory>` to build it, or `image: <name>:<version>` to run an external image");
            return;
        }
        if (service.language().isEmpty()) {
            if (findings.hasErrorAt(path.child("language"))) {
                return; // an unknown language, already reported by the schema
            }
            findings.errorAtKey(path, "service '" + service.name() + "' builds from source but has no `language`",
                    "add `language:` with one of: " + Arrays.stream(Language.values()).map(Language::keyword)
                            .collect(Collectors.joining(", ")));
            return;
        }
        Language language = service.language().get();
        service.buildTool().filter(tool -> !language.buildTools().contains(tool)).ifPresent(tool ->
                findings.error(path.child("buildTool"),
                        "build tool '" + tool.keyword() + "' does not build " + language.keyword(),
                        "for " + language.keyword() + " use one of: " + language.buildTools().stream()
                                .map(Keyword::keyword).collect(Collectors.joining(", "))));
    }

    /** An external image must pin what it runs (see {@link ImageTag}). */
    private void checkImageTag(String image, DocPath path) {
        ImageTag.mutable(image).ifPresent(why -> {
            String repository = ImageTag.repository(image);
            findings.error(path, "image \"" + image + "\" has a mutable tag" + why,
                    "pin a version such as " + repository + ":1.2.3 or a digest " + repository + "@sha256:...");
        });
    }

    private void checkDependencies(Service service, DocPath path, Map<String, Service> byName) {
        Set<String> names = byName.keySet();
        for (Dependency dependency : service.dependsOn()) {
            DocPath at = path.child("dependsOn").child(dependency.service());
            if (!names.contains(dependency.service())) {
                String hint = Suggest.closest(dependency.service(), names)
                        .map(s -> "did you mean '" + s + "'?")
                        .orElse("known services: " + String.join(", ", names));
                findings.errorAtKey(at, "unknown service '" + dependency.service() + "'", hint);
            } else if (!dependency.service().equals(service.name())) {
                Optional.of(byName.get(dependency.service())).filter(d -> d.port().isEmpty()).ifPresent(d ->
                        findings.warning(at, "'" + d.name() + "' has no port, so '" + service.name()
                                + "' cannot reach it through a Service", "add `port:` to service " + d.name()));
            }
        }
    }

    private void checkStrategy(Strategy strategy, boolean stateful, DocPath path) {
        if (stateful && !(strategy instanceof Strategy.Rolling)) {
            findings.error(path.child("type"), "a stateful service cannot use the " + strategy.keyword() + " strategy",
                    "two versions would write the same data; use `type: rolling`");
        }
        if (strategy instanceof Strategy.Canary canary) {
            List<Integer> steps = canary.steps();
            for (int i = 1; i < steps.size(); i++) {
                if (steps.get(i) <= steps.get(i - 1)) {
                    findings.error(path.child("steps").child(i), "canary steps must increase: " + steps.get(i)
                            + " follows " + steps.get(i - 1), "list the traffic weights in increasing order, e.g. [10, 25, 50, 100]");
                }
            }
            if (!steps.isEmpty() && steps.getLast() != 100) {
                findings.error(path.child("steps").child(steps.size() - 1),
                        "the last canary step is " + steps.getLast() + "%, not 100%",
                        "end the steps with 100 so the canary takes all traffic before it is promoted");
            }
        }
    }

    private void checkEnvironments(List<Environment> environments) {
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < environments.size(); i++) {
            Integer first = firstIndex.putIfAbsent(environments.get(i).name(), i);
            if (first != null) {
                findings.error(DocPath.of("environments", i, "name"),
                        "duplicate environment '" + environments.get(i).name() + "' (also environments[" + first + "])",
                        "environment names must be unique");
            }
        }
        for (int i = 0; i < environments.size(); i++) {
            Environment environment = environments.get(i);
            Optional<String> from = environment.promoteFrom();
            if (from.isEmpty()) {
                continue;
            }
            DocPath at = DocPath.of("environments", i, "promoteFrom");
            if (!firstIndex.containsKey(from.get())) {
                findings.error(at, "unknown environment '" + from.get() + "'", Suggest.closest(from.get(), firstIndex.keySet())
                        .map(s -> "did you mean '" + s + "'?")
                        .orElse("known environments: " + String.join(", ", firstIndex.keySet())));
                continue;
            }
            promotionCycle(environment, environments).ifPresent(cycle -> findings.error(at,
                    "promotion cycle " + String.join(" -> ", cycle),
                    "a promotion chain must start at an environment without `promoteFrom`"));
        }
    }

    /**
     * {@code approvers.names} lists each person once and at least {@code minimum} of them (or no release could ever
     * be approved). Without names, Jenkins' input step cannot restrict who answers it: said as a warning when a
     * Jenkinsfile is generated for an environment with approval.
     */
    private void checkApprovers(Environment environment, DocPath path, boolean jenkins) {
        Environment.Approvers approvers = environment.approvers();
        DocPath names = path.child("approvers").child("names");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < approvers.names().size(); i++) {
            if (!seen.add(approvers.names().get(i))) {
                findings.error(names.child(i), "approver '" + approvers.names().get(i) + "' is listed twice",
                        "list each person once");
            }
        }
        if (!approvers.names().isEmpty() && approvers.minimum() > seen.size()) {
            findings.error(path.child("approvers").child("minimum"), "approvers.minimum is " + approvers.minimum()
                    + " but only " + seen.size() + " " + (seen.size() == 1 ? "person is" : "people are")
                    + " named: no release to " + environment.name() + " could ever be approved",
                    "name at least " + approvers.minimum() + " people in approvers.names, or lower approvers.minimum");
        }
        if (jenkins && environment.approval() && approvers.names().isEmpty()) {
            findings.warning(path.child("approval"), "environment " + environment.name() + " needs approval and names "
                    + "no approvers: the Jenkinsfile's input step cannot restrict who answers it (anyone who may "
                    + "build the job can; Slipway still checks the approver's token and its grant approve:"
                    + environment.name() + ")", "list the people in `approvers: {names: [...]}` (their token names and"
                    + " Jenkins user ids)");
        }
    }

    /**
     * {@code gitops:} belongs to a Git-delivered environment, which needs an HTTP(S) repository to push to (JGit
     * here speaks HTTP; an SSH URL would need keys Slipway does not manage) and an overlay inside it.
     */
    private void checkDelivery(Environment environment, DocPath path, Optional<String> systemRepository) {
        if (environment.gitops().isEmpty()) {
            return;
        }
        GitOpsSettings gitops = environment.gitops().get();
        if (!environment.deliversThroughGit()) {
            findings.errorAtKey(path.child("gitops"), "'gitops' applies only to an environment with `delivery: gitops`",
                    "add `delivery: gitops` to " + environment.name() + " to commit its releases to Git, or remove `gitops`");
            return;
        }
        boolean own = gitops.repository().isPresent() && !gitops.repository().equals(systemRepository);
        DocPath repositoryAt = own ? path.child("gitops").child("repository") : path.child("delivery");
        if (gitops.repository().isEmpty()) {
            findings.errorAtKey(path.child("delivery"), "environment " + environment.name()
                    + " delivers through Git, and no repository is named",
                    "set `gitops.repository` (or `system.repository`) to the https URL Argo CD or Flux syncs from");
        } else if (!gitops.repository().get().matches("^https?://[^\\s]+$")) {
            findings.error(repositoryAt, (own ? "" : "system.repository ") + "'" + gitops.repository().get()
                    + "' is not an http(s) URL, and Slipway commits releases over HTTPS",
                    "set `gitops.repository` to the https URL of the same repository; the token goes in the "
                            + "environment variable " + gitops.tokenEnv());
        } else if (gitops.repository().get().startsWith("http://") && !loopback(gitops.repository().get())) {
            findings.warning(repositoryAt, "'" + gitops.repository().get() + "' is plain http: the Git token "
                    + "crosses the network unencrypted", "use the https URL");
        }
        if (environment.kubeContext().isEmpty()) {
            findings.warning(path.child("delivery"), "environment " + environment.name() + " delivers through Git and "
                    + "names no kubeContext: Slipway would follow its rollouts on the embedded sandbox, where no "
                    + "Argo CD or Flux applies the commits", "set kubeContext to the cluster Argo CD or Flux deploys to");
        }
        String overlay = gitops.path();
        if (overlay.startsWith("/") || List.of(overlay.split("/")).contains("..")) {
            findings.error(path.child("gitops").child("path"), "overlay path '" + overlay
                    + "' leaves the repository", "write it relative to the repository root, without '..', e.g. "
                    + GitOpsSettings.defaultPath(environment.name()));
        }
    }

    private static boolean loopback(String url) {
        return url.matches("^http://(127\\.0\\.0\\.1|localhost|\\[::1\\])([:/].*)?$");
    }

    /** The cycle reached by following promoteFrom from {@code start}, if it comes back to {@code start}. */
    private static Optional<List<String>> promotionCycle(Environment start, List<Environment> environments) {
        Map<String, Environment> byName = new HashMap<>();
        environments.forEach(e -> byName.putIfAbsent(e.name(), e));
        List<String> chain = new java.util.ArrayList<>(List.of(start.name()));
        Set<String> seen = new HashSet<>(chain);
        Environment current = start;
        while (current.promoteFrom().isPresent() && byName.containsKey(current.promoteFrom().get())) {
            String next = current.promoteFrom().get();
            chain.add(next);
            if (next.equals(start.name())) {
                return Optional.of(chain);
            }
            if (!seen.add(next)) {
                return Optional.empty(); // a cycle further up the chain; reported at its own members
            }
            current = byName.get(next);
        }
        return Optional.empty();
    }
}
