package dev.slipway.model.load;

import dev.slipway.model.BuildTool;
import dev.slipway.model.CanaryAnalysis;
import dev.slipway.model.JudgeKind;
import dev.slipway.model.Notification;
import dev.slipway.model.OnInconclusive;
import dev.slipway.model.PrometheusSettings;
import dev.slipway.model.CiProvider;
import dev.slipway.model.CiSettings;
import dev.slipway.model.Defaults;
import dev.slipway.model.Delivery;
import dev.slipway.model.Dependency;
import dev.slipway.model.DocPath;
import dev.slipway.model.Environment;
import dev.slipway.model.GitOpsSettings;
import dev.slipway.model.Keyword;
import dev.slipway.model.Language;
import dev.slipway.model.OnFailure;
import dev.slipway.model.TrafficRouting;
import dev.slipway.model.Resources;
import dev.slipway.model.ScanSettings;
import dev.slipway.model.SecretSource;
import dev.slipway.model.SmokeTest;
import dev.slipway.model.Verification;
import dev.slipway.model.Service;
import dev.slipway.model.Strategy;
import dev.slipway.model.SystemInfo;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.Trigger;
import dev.slipway.model.VersionRange;
import dev.slipway.model.ManifestPolicy;
import dev.slipway.model.PolicyRule;
import dev.slipway.model.ScanPolicy;
import dev.slipway.model.VulnerabilitySeverity;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Builds the records from the document tree, applying defaults. It reads defensively: where the schema has
 * already reported a wrong type it falls back to the default, so that the semantic rules still run and every
 * mistake is reported in one pass.
 */
final class SpecReader {

    private static final Pattern DURATION = Pattern.compile("^(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?$");
    private static final List<Integer> DEFAULT_CANARY_STEPS = List.of(10, 25, 50, 100);
    private static final Duration DEFAULT_STEP_INTERVAL = Duration.ofMinutes(2);
    private static final Duration DEFAULT_SCALE_DOWN_DELAY = Duration.ofMinutes(10);
    private static final Map<String, Set<String>> STRATEGY_KEYS = Map.of(
            "rolling", Set.of("type", "maxSurge", "maxUnavailable"),
            "blue-green", Set.of("type", "scaleDownDelay"),
            "canary", Set.of("type", "steps", "stepInterval"));

    private final Findings findings;
    /** The spec's service names, for the checks of settings that name services. */
    private Set<String> serviceNames = Set.of();

    SpecReader(Findings findings) {
        this.findings = findings;
    }

    SystemSpec read(JsonNode root) {
        JsonNode system = object(root.get("system"));
        SystemInfo info = new SystemInfo(text(system.get("name")).orElse("system"),
                text(system.get("registry")).orElse("registry.local"), text(system.get("repository")));
        CiSettings ci = ci(object(root.get("ci")));
        serviceNames = new java.util.LinkedHashSet<>(object(root.get("services")).propertyNames());
        List<Environment> environments = environments(root.get("environments"), info, ci);
        Defaults defaults = defaults(object(root.get("defaults")));
        List<Service> services = new ArrayList<>();
        object(root.get("services")).properties().forEach(entry -> services.add(
                service(entry.getKey(), object(entry.getValue()), defaults, DocPath.of("services", entry.getKey()))));
        return new SystemSpec(info, ci, environments, defaults, services,
                prometheus(object(object(root.get("metrics")).get("prometheus"))),
                notifications(root.get("notifications")));
    }

    private PrometheusSettings prometheus(JsonNode node) {
        PrometheusSettings builtIn = PrometheusSettings.builtIn();
        return new PrometheusSettings(text(node.get("url")), text(node.get("bearerTokenEnv")), text(node.get("caFile")),
                bool(node.get("insecureSkipVerify")).orElse(builtIn.insecureSkipVerify()),
                duration(node.get("timeout"), DocPath.of("metrics", "prometheus", "timeout")).orElse(builtIn.timeout()),
                integer(node.get("retries")).orElse(builtIn.retries()),
                textMap(node.get("labels")), textMap(node.get("queries")));
    }

    private List<Notification> notifications(JsonNode node) {
        List<Notification> notifications = new ArrayList<>();
        if (node == null || !node.isArray()) {
            return notifications;
        }
        for (JsonNode entry : node) {
            JsonNode n = object(entry);
            List<Notification.Event> events = n.has("events")
                    ? strings(n.get("events")).stream()
                            .flatMap(e -> Keyword.parse(Notification.Event.class, e).stream()).toList()
                    : List.of(Notification.Event.values());
            notifications.add(new Notification(
                    text(n.get("type")).flatMap(t -> Keyword.parse(Notification.Kind.class, t))
                            .orElse(Notification.Kind.WEBHOOK),
                    text(n.get("url")), text(n.get("urlEnv")), text(n.get("secretEnv")), events));
        }
        return notifications;
    }

    /** A service's analysis: each key it sets overrides the defaults' (which override the built-in ones). */
    private CanaryAnalysis analysis(JsonNode node, CanaryAnalysis base, DocPath path) {
        List<JudgeKind> judges = node.has("judges")
                ? strings(node.get("judges")).stream().flatMap(j -> JudgeKind.of(j).stream()).toList()
                : base.judges();
        List<CanaryAnalysis.CustomMetric> metrics = new ArrayList<>(base.metrics());
        object(node.get("metrics")).properties().forEach(e -> {
            JsonNode m = object(e.getValue());
            metrics.removeIf(existing -> existing.name().equals(e.getKey()));
            metrics.add(new CanaryAnalysis.CustomMetric(e.getKey(), text(m.get("query")).orElse(""),
                    number(m.get("max")), number(m.get("min"))));
        });
        return new CanaryAnalysis(
                judges.isEmpty() ? base.judges() : judges,
                number(node.get("maxErrorRate")).orElse(base.maxErrorRate()),
                number(node.get("maxLatencyRatio")).orElse(base.maxLatencyRatio()),
                duration(node.get("window"), path.child("window")).orElse(base.window()),
                duration(node.get("interval"), path.child("interval")).orElse(base.interval()),
                number(node.get("falseRollbackRate")).orElse(base.falseRollbackRate()),
                number(node.get("latencyTolerance")).orElse(base.latencyTolerance()),
                integer(node.get("minRequests")).map(Integer::longValue).orElse(base.minRequests()),
                duration(node.get("inconclusiveAfter"), path.child("inconclusiveAfter")).orElse(base.inconclusiveAfter()),
                text(node.get("onInconclusive")).flatMap(OnInconclusive::of).orElse(base.onInconclusive()),
                bool(node.get("guardDependents")).orElse(base.guardDependents()),
                metrics);
    }

    private CiSettings ci(JsonNode ci) {
        CiSettings builtIn = CiSettings.defaults();
        List<CiProvider> providers = ci.has("providers")
                ? strings(ci.get("providers")).stream()
                        .flatMap(p -> Keyword.parse(CiProvider.class, p).stream()).toList()
                : builtIn.providers();
        JsonNode scan = object(ci.get("scan"));
        ScanSettings scanSettings = new ScanSettings(
                text(scan.get("tool")).orElse(builtIn.scan().tool()),
                scan.has("failOn") ? strings(scan.get("failOn")) : builtIn.scan().failOn());
        return new CiSettings(providers, text(ci.get("mainBranch")).orElse(builtIn.mainBranch()), scanSettings);
    }

    private List<Environment> environments(JsonNode node, SystemInfo info, CiSettings ci) {
        String system = info.name();
        if (node == null || !node.isArray()) {
            return List.of(
                    new Environment("dev", system + "-dev", Optional.empty(), Trigger.PUSH, Optional.empty(),
                            false, Duration.ZERO, OnFailure.ROLLBACK_DEPENDENTS, TrafficRouting.REPLICAS,
                            Optional.empty(), Environment.Approvers.DEFAULT,
                            Optional.empty(), Optional.empty(), Delivery.SLIPWAY, Optional.empty()),
                    new Environment("staging", system + "-staging", Optional.empty(), Trigger.RELEASE_BRANCH,
                            Optional.of("dev"), false, Duration.ofMinutes(30), OnFailure.ROLLBACK_DEPENDENTS, TrafficRouting.REPLICAS,
                            Optional.empty(), Environment.Approvers.DEFAULT,
                            Optional.empty(), Optional.empty(), Delivery.SLIPWAY, Optional.empty()),
                    new Environment("production", system + "-production", Optional.empty(), Trigger.TAG,
                            Optional.of("staging"), true, Duration.ZERO, OnFailure.ROLLBACK_DEPENDENTS, TrafficRouting.REPLICAS,
                            Optional.empty(), Environment.Approvers.DEFAULT,
                            Optional.empty(), Optional.empty(), Delivery.SLIPWAY, Optional.empty()));
        }
        List<Environment> environments = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode env = object(node.get(i));
            DocPath path = DocPath.of("environments", i);
            String name = text(env.get("name")).orElse("environment-" + i);
            Trigger defaultTrigger = i == 0 ? Trigger.PUSH : Trigger.MANUAL;
            Delivery delivery = text(env.get("delivery")).flatMap(Delivery::of).orElse(Delivery.SLIPWAY);
            environments.add(new Environment(
                    name,
                    text(env.get("namespace")).orElse(system + "-" + name),
                    text(env.get("kubeContext")),
                    text(env.get("trigger")).flatMap(t -> Keyword.parse(Trigger.class, t)).orElse(defaultTrigger),
                    text(env.get("promoteFrom")),
                    bool(env.get("approval")).orElse(false),
                    duration(env.get("soak"), path.child("soak")).orElse(Duration.ZERO),
                    text(env.get("onFailure")).flatMap(OnFailure::of).orElse(OnFailure.ROLLBACK_DEPENDENTS),
                    text(env.get("traffic")).flatMap(TrafficRouting::of).orElse(TrafficRouting.REPLICAS),
                    text(env.get("registry")),
                    approvers(object(env.get("approvers"))),
                    env.has("scan") ? Optional.of(scanPolicy(object(env.get("scan")), path.child("scan"))) : Optional.empty(),
                    env.has("policy") ? Optional.of(manifestPolicy(object(env.get("policy")), path.child("policy")))
                            : Optional.empty(),
                    delivery,
                    env.has("gitops") || delivery == Delivery.GITOPS
                            ? Optional.of(gitops(object(env.get("gitops")), name, info, ci)) : Optional.empty()));
        }
        return environments;
    }

    /** An environment's {@code gitops:}; the repository and branch default to those Argo CD and Flux sync from. */
    private static GitOpsSettings gitops(JsonNode node, String environment, SystemInfo info, CiSettings ci) {
        return new GitOpsSettings(
                text(node.get("repository")).or(info::repository),
                text(node.get("branch")).orElse(ci.mainBranch()),
                text(node.get("path")).orElse(GitOpsSettings.defaultPath(environment)),
                bool(node.get("pullRequest")).orElse(false),
                text(node.get("author")).orElse(GitOpsSettings.DEFAULT_AUTHOR),
                text(node.get("usernameEnv")).orElse(GitOpsSettings.DEFAULT_USERNAME_ENV),
                text(node.get("tokenEnv")).orElse(GitOpsSettings.DEFAULT_TOKEN_ENV));
    }

    private static Environment.Approvers approvers(JsonNode node) {
        Environment.Approvers builtIn = Environment.Approvers.DEFAULT;
        return new Environment.Approvers(Math.max(1, integer(node.get("minimum")).orElse(builtIn.minimum())),
                bool(node.get("allowSelf")).orElse(builtIn.allowSelf()), strings(node.get("names")));
    }

    /**
     * {@code scan:}; the schema checks the shapes and the severities, this the dates and that each vulnerability
     * is waived once (here, where the document's indexes are known).
     */
    private ScanPolicy scanPolicy(JsonNode node, DocPath path) {
        ScanPolicy builtIn = ScanPolicy.defaults();
        List<VulnerabilitySeverity> failOn = node.has("failOn")
                ? strings(node.get("failOn")).stream().flatMap(s -> VulnerabilitySeverity.of(s).stream()).toList()
                : builtIn.failOn();
        List<ScanPolicy.Waiver> waivers = new ArrayList<>();
        Map<String, Integer> first = new LinkedHashMap<>();
        JsonNode list = node.get("waivers");
        for (int i = 0; list != null && list.isArray() && i < list.size(); i++) {
            JsonNode waiver = object(list.get(i));
            DocPath at = path.child("waivers").child(i);
            Optional<String> cve = text(waiver.get("cve"));
            Optional<LocalDate> expires = date(waiver.get("expires"), at.child("expires"));
            Integer earlier = cve.map(c -> first.putIfAbsent(c, first.size())).orElse(null);
            if (earlier != null) {
                findings.error(at.child("cve"), "a second waiver for " + cve.get(), "keep one waiver per vulnerability");
            } else if (cve.isPresent() && expires.isPresent()) {
                waivers.add(new ScanPolicy.Waiver(cve.get(), text(waiver.get("reason")).orElse(""), expires.get()));
            }
        }
        return new ScanPolicy(failOn, bool(node.get("ignoreUnfixed")).orElse(builtIn.ignoreUnfixed()), waivers);
    }

    /** {@code policy:}; unknown rule ids and services are reported here, where their text still is. */
    private ManifestPolicy manifestPolicy(JsonNode node, DocPath path) {
        List<PolicyRule> rules = new ArrayList<>();
        if (node.has("rules")) {
            JsonNode list = node.get("rules");
            for (int i = 0; list.isArray() && i < list.size(); i++) {
                int index = i;
                text(list.get(i)).ifPresent(id -> PolicyRule.of(id).ifPresentOrElse(rules::add,
                        () -> findings.error(path.child("rules").child(index), unknownRule(id), ruleHint(id))));
            }
        } else {
            rules.addAll(ManifestPolicy.allRules().rules());
        }
        List<ManifestPolicy.Exemption> exceptions = new ArrayList<>();
        JsonNode list = node.get("exceptions");
        for (int i = 0; list != null && list.isArray() && i < list.size(); i++) {
            JsonNode exception = object(list.get(i));
            DocPath at = path.child("exceptions").child(i);
            Optional<String> service = text(exception.get("service"));
            Optional<String> rule = text(exception.get("rule"));
            Optional<PolicyRule> known = rule.flatMap(PolicyRule::of);
            if (rule.isPresent() && known.isEmpty()) {
                findings.error(at.child("rule"), unknownRule(rule.get()), ruleHint(rule.get()));
            } else if (known.isPresent() && !rules.contains(known.get())) {
                findings.warning(at.child("rule"), "rule '" + rule.get() + "' is not among this environment's policy"
                        + " rules, so the exception has no effect", "remove the exception, or add the rule to `rules`");
            }
            if (service.isPresent() && !serviceNames.contains(service.get())) {
                findings.error(at.child("service"), "unknown service '" + service.get() + "'",
                        Suggest.closest(service.get(), serviceNames).map(s -> "did you mean '" + s + "'?")
                                .orElse("known services: " + String.join(", ", serviceNames)));
            }
            if (service.isPresent() && known.isPresent()) {
                exceptions.add(new ManifestPolicy.Exemption(service.get(), known.get(),
                        text(exception.get("reason")).orElse("")));
            }
        }
        return new ManifestPolicy(rules, exceptions);
    }

    private static String unknownRule(String id) {
        return "unknown policy rule '" + id + "'";
    }

    private static String ruleHint(String id) {
        List<String> ids = Arrays.stream(PolicyRule.values()).map(PolicyRule::keyword).toList();
        return Suggest.closest(id, ids).map(s -> "did you mean '" + s + "'?")
                .orElse("the rules are: " + String.join(", ", ids));
    }

    /** A {@code YYYY-MM-DD} date; the schema has checked the shape, this that the day exists. */
    private Optional<LocalDate> date(JsonNode node, DocPath path) {
        Optional<String> text = text(node);
        if (text.isEmpty() || !text.get().matches("\\d{4}-\\d{2}-\\d{2}")) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(text.get()));
        } catch (DateTimeParseException e) {
            findings.error(path, "\"" + text.get() + "\" is not a date", "write an existing day as YYYY-MM-DD");
            return Optional.empty();
        }
    }

    private Defaults defaults(JsonNode node) {
        Defaults builtIn = Defaults.builtIn();
        return new Defaults(
                integer(node.get("replicas")).orElse(builtIn.replicas()),
                text(node.get("healthPath")).orElse(builtIn.healthPath()),
                resources(object(node.get("resources")), builtIn.resources()),
                node.has("strategy") ? strategy(object(node.get("strategy")), DocPath.of("defaults", "strategy"))
                        : builtIn.strategy(),
                analysis(object(node.get("analysis")), builtIn.analysis(), DocPath.of("defaults", "analysis")),
                verification(node.get("verify"), builtIn.verify(), DocPath.of("defaults", "verify")),
                node.has("smoke") ? smokeTests(node.get("smoke"), DocPath.of("defaults", "smoke")) : builtIn.smoke());
    }

    /** {@code verify: {window: 5m}}; {@code window: 0} turns verification off. */
    private Verification verification(JsonNode node, Verification fallback, DocPath path) {
        JsonNode window = object(node).get("window");
        if (window == null) {
            return fallback;
        }
        if (window.isNumber() && window.asDouble() == 0 || window.isString() && window.asString().equals("0")) {
            return Verification.off();
        }
        return duration(window, path.child("window")).map(Verification::new).orElse(fallback);
    }

    /** {@code smoke: [{path, method, status, contains, timeout}]}; the schema has checked the shapes. */
    private List<SmokeTest> smokeTests(JsonNode node, DocPath path) {
        List<SmokeTest> tests = new ArrayList<>();
        if (node == null || !node.isArray()) {
            return tests;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode test = object(node.get(i));
            Optional<String> target = text(test.get("path"));
            if (target.isEmpty()) {
                continue; // reported by the schema
            }
            tests.add(new SmokeTest(target.get(), text(test.get("method")).orElse(SmokeTest.DEFAULT_METHOD),
                    integer(test.get("status")), text(test.get("contains")),
                    duration(test.get("timeout"), path.child(i).child("timeout")).orElse(SmokeTest.DEFAULT_TIMEOUT)));
        }
        return tests;
    }

    private Service service(String name, JsonNode node, Defaults defaults, DocPath path) {
        Optional<Language> language = text(node.get("language")).flatMap(l -> Keyword.parse(Language.class, l));
        Optional<BuildTool> buildTool = text(node.get("buildTool"))
                .flatMap(b -> Keyword.parse(BuildTool.class, b))
                .or(() -> language.map(Language::defaultBuildTool));
        Map<String, String> env = new LinkedHashMap<>();
        object(node.get("env")).properties().forEach(e -> env.put(e.getKey(), scalarText(e.getValue())));
        List<Dependency> dependsOn = new ArrayList<>();
        object(node.get("dependsOn")).properties().forEach(e -> {
            String text = scalarText(e.getValue());
            DocPath at = path.child("dependsOn").child(e.getKey());
            Optional<VersionRange> range = VersionRange.parse(text);
            if (range.isEmpty() && (e.getValue().isString() || e.getValue().isNumber())) {
                findings.error(at, "range \"" + text + "\" is not a valid version range",
                        "use an npm-style range such as \">=2.1 <3\", \"^2.1\", \"~2.1\" or \"*\"");
            }
            dependsOn.add(new Dependency(e.getKey(), range.orElse(VersionRange.any())));
        });
        return new Service(
                name,
                text(node.get("path")),
                language,
                buildTool,
                text(node.get("dockerfile")),
                text(node.get("image")),
                integer(node.get("port")).filter(p -> p >= 1 && p <= 65535),
                text(node.get("healthPath")).orElse(defaults.healthPath()),
                integer(node.get("replicas")).orElse(defaults.replicas()),
                resources(object(node.get("resources")), defaults.resources()),
                env,
                dependsOn,
                node.has("strategy") ? strategy(object(node.get("strategy")), path.child("strategy"))
                        : defaults.strategy(),
                bool(node.get("stateful")).orElse(false),
                analysis(object(node.get("analysis")), defaults.analysis(), path.child("analysis")),
                text(node.get("livenessPath")),
                secrets(object(node.get("secrets"))),
                strings(node.get("watch")),
                verification(node.get("verify"), defaults.verify(), path.child("verify")),
                node.has("smoke") ? smokeTests(node.get("smoke"), path.child("smoke")) : defaults.smoke());
    }

    /**
     * {@code secrets: {VAR: {secretRef: {name, key}}}}, {@code {externalSecret: {store, storeKind, key, property}}} or
     * {@code {sealedSecret: {name, key, file}}}; the schema checks the shape.
     */
    private static Map<String, SecretSource> secrets(JsonNode node) {
        Map<String, SecretSource> secrets = new LinkedHashMap<>();
        node.properties().forEach(e -> {
            JsonNode source = e.getValue();
            if (source.has("secretRef")) {
                JsonNode ref = source.get("secretRef");
                text(ref.get("name")).ifPresent(name -> secrets.put(e.getKey(),
                        new SecretSource.SecretRef(name, text(ref.get("key")).orElse(e.getKey()))));
            } else if (source.has("externalSecret")) {
                JsonNode external = source.get("externalSecret");
                text(external.get("store")).ifPresent(store -> secrets.put(e.getKey(), new SecretSource.ExternalSecret(
                        store, SecretSource.StoreKind.of(text(external.get("storeKind")).orElse("SecretStore")),
                        text(external.get("key")).orElse(e.getKey()), text(external.get("property")))));
            } else if (source.has("sealedSecret")) {
                JsonNode sealed = source.get("sealedSecret");
                text(sealed.get("name")).ifPresent(name -> text(sealed.get("file")).ifPresent(file -> secrets.put(
                        e.getKey(), new SecretSource.SealedSecret(name, text(sealed.get("key")).orElse(e.getKey()),
                                file))));
            }
        });
        return secrets;
    }

    private Strategy strategy(JsonNode node, DocPath path) {
        String type = text(node.get("type")).orElse("rolling");
        Set<String> allowed = STRATEGY_KEYS.getOrDefault(type, STRATEGY_KEYS.get("rolling"));
        node.propertyNames().forEach(key -> {
            if (!allowed.contains(key) && STRATEGY_KEYS.values().stream().anyMatch(s -> s.contains(key))) {
                findings.errorAtKey(path.child(key), "'" + key + "' does not apply to the " + type + " strategy",
                        "it belongs to " + STRATEGY_KEYS.entrySet().stream()
                                .filter(s -> s.getValue().contains(key)).map(Map.Entry::getKey).sorted()
                                .findFirst().orElse("another strategy") + "; remove it or change `type`");
            }
        });
        return switch (type) {
            case "canary" -> new Strategy.Canary(
                    node.has("steps") ? integers(node.get("steps")) : DEFAULT_CANARY_STEPS,
                    duration(node.get("stepInterval"), path.child("stepInterval")).orElse(DEFAULT_STEP_INTERVAL));
            case "blue-green" -> new Strategy.BlueGreen(
                    duration(node.get("scaleDownDelay"), path.child("scaleDownDelay")).orElse(DEFAULT_SCALE_DOWN_DELAY));
            default -> {
                Strategy.Rolling builtIn = Strategy.Rolling.builtIn();
                yield new Strategy.Rolling(
                        text(node.get("maxSurge")).or(() -> integer(node.get("maxSurge")).map(String::valueOf))
                                .orElse(builtIn.maxSurge()),
                        text(node.get("maxUnavailable")).or(() -> integer(node.get("maxUnavailable")).map(String::valueOf))
                                .orElse(builtIn.maxUnavailable()));
            }
        };
    }

    private Resources resources(JsonNode node, Resources fallback) {
        JsonNode requests = object(node.get("requests"));
        JsonNode limits = object(node.get("limits"));
        return new Resources(
                new Resources.Quantities(quantity(requests.get("cpu")).orElse(fallback.requests().cpu()),
                        quantity(requests.get("memory")).orElse(fallback.requests().memory())),
                new Resources.Quantities(quantity(limits.get("cpu")).orElse(fallback.limits().cpu()),
                        quantity(limits.get("memory")).orElse(fallback.limits().memory())));
    }

    /** Parses {@code 1h30m}-style durations; the schema has already checked the shape. */
    private Optional<Duration> duration(JsonNode node, DocPath path) {
        Optional<String> text = text(node);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = DURATION.matcher(text.get());
        if (!m.matches() || text.get().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofHours(group(m, 1)).plusMinutes(group(m, 2)).plusSeconds(group(m, 3)));
        } catch (ArithmeticException e) {
            findings.error(path, "duration \"" + text.get() + "\" is too long", "use at most a few days");
            return Optional.empty();
        }
    }

    private static long group(Matcher m, int group) {
        String digits = m.group(group);
        if (digits == null) {
            return 0;
        }
        return digits.length() > 12 ? Long.MAX_VALUE / 4 : Long.parseLong(digits);
    }

    private static JsonNode object(JsonNode node) {
        return node != null && node.isObject() ? node : tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    }

    private static Optional<String> text(JsonNode node) {
        return node != null && node.isString() ? Optional.of(node.asString()) : Optional.empty();
    }

    private static Optional<String> quantity(JsonNode node) {
        return node != null && (node.isString() || node.isNumber()) ? Optional.of(scalarText(node)) : Optional.empty();
    }

    private static Optional<Integer> integer(JsonNode node) {
        return node != null && node.isInt() ? Optional.of(node.asInt()) : Optional.empty();
    }

    private static Optional<Double> number(JsonNode node) {
        return node != null && node.isNumber() ? Optional.of(node.asDouble()) : Optional.empty();
    }

    private static Map<String, String> textMap(JsonNode node) {
        Map<String, String> values = new LinkedHashMap<>();
        object(node).properties().forEach(e -> text(e.getValue()).ifPresent(v -> values.put(e.getKey(), v)));
        return values;
    }

    private static Optional<Boolean> bool(JsonNode node) {
        return node != null && node.isBoolean() ? Optional.of(node.asBoolean()) : Optional.empty();
    }

    private static String scalarText(JsonNode node) {
        return node.isValueNode() && !node.isNull() ? node.asString() : "";
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(v -> text(v).ifPresent(values::add));
        }
        return values;
    }

    private static List<Integer> integers(JsonNode node) {
        List<Integer> values = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(v -> integer(v).ifPresent(values::add));
        }
        return values;
    }
}
