package dev.slipway.supply.gates;

import dev.slipway.model.DocPath;
import dev.slipway.model.ImageTag;
import dev.slipway.model.ManifestPolicy;
import dev.slipway.model.PolicyRule;
import dev.slipway.model.Problem;
import dev.slipway.model.load.YamlDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * The manifest policy gate: the built-in rules ({@link PolicyRule}) over the workloads of the manifests a release
 * applies, each violation located at its file and line. Rules apply per environment ({@code policy.rules}); a
 * service may be exempted from one rule ({@code policy.exceptions}), which the detail names with its reason.
 */
public final class ManifestPolicyGate {

    public static final String NAME = "manifest-policy";
    private static final int MOST_NAMED = 10;
    /** Where each workload kind keeps its pod template's spec. */
    private static final Map<String, DocPath> POD_SPEC = Map.of(
            "Deployment", DocPath.of("spec", "template", "spec"),
            "StatefulSet", DocPath.of("spec", "template", "spec"),
            "DaemonSet", DocPath.of("spec", "template", "spec"),
            "ReplicaSet", DocPath.of("spec", "template", "spec"),
            "Job", DocPath.of("spec", "template", "spec"),
            "Rollout", DocPath.of("spec", "template", "spec"),
            "CronJob", DocPath.of("spec", "jobTemplate", "spec", "template", "spec"),
            "Pod", DocPath.of("spec"));

    private ManifestPolicyGate() {
    }

    /** A violation the policy let through for a service exempted from its rule. */
    public record Exempted(PolicyViolation violation, String reason) {
    }

    /**
     * What the policy found.
     *
     * @param unreadable files that are not YAML, located; they block, since they cannot be checked
     * @param workloads  how many workloads (Deployments, StatefulSets, ...) were checked
     */
    public record Verdict(ManifestPolicy policy, List<PolicyViolation> violations, List<Exempted> exempted,
                          List<Problem> unreadable, int files, int workloads) {

        public boolean ok() {
            return violations.isEmpty() && unreadable.isEmpty();
        }

        public GateResult gate() {
            List<String> parts = new ArrayList<>();
            String rules = policy.rules().stream().map(PolicyRule::keyword).collect(Collectors.joining(", "));
            if (ok()) {
                parts.add(workloads + " workloads in " + files + " files follow the rules (" + rules + ")");
            } else {
                List<String> found = new ArrayList<>(unreadable.stream().map(Problem::format).toList());
                violations.forEach(v -> found.add(v.format()));
                parts.add(found.size() + (found.size() == 1 ? " violation: " : " violations: ")
                        + String.join("; ", found.subList(0, Math.min(MOST_NAMED, found.size())))
                        + (found.size() > MOST_NAMED ? "; and " + (found.size() - MOST_NAMED) + " more" : ""));
            }
            exempted.stream().map(e -> e.violation().service() + " is exempted from " + e.violation().rule().keyword()
                    + " (" + e.reason() + ")").distinct().forEach(parts::add);
            String detail = String.join("; ", parts);
            return ok() ? GateResult.passed(NAME, detail) : GateResult.blocked(NAME, detail,
                    "change the service in slipway.yaml (or the manifest) and generate again, or exempt the service"
                            + " in the environment's policy.exceptions with a reason");
        }
    }

    /** Checks {@code files} (each possibly several YAML documents) against {@code policy}. */
    public static Verdict check(List<ManifestFile> files, ManifestPolicy policy) {
        List<PolicyViolation> found = new ArrayList<>();
        List<Problem> unreadable = new ArrayList<>();
        int workloads = 0;
        for (ManifestFile file : files) {
            List<YamlDocument> documents;
            try {
                documents = YamlDocument.parseAll(file.text(), file.path());
            } catch (YamlDocument.SyntaxException e) {
                unreadable.addAll(e.problems(file.path()));
                continue;
            }
            for (YamlDocument document : documents) {
                JsonNode root = document.root();
                String kind = root.path("kind").asString("");
                if (root.isObject() && POD_SPEC.containsKey(kind)) {
                    workloads++;
                    new Workload(file.path(), document, POD_SPEC.get(kind), found).check();
                } else if (kind.equals("Kustomization")) {
                    kustomizedImages(file.path(), document, found);
                }
            }
        }
        List<PolicyViolation> violations = new ArrayList<>();
        List<Exempted> exempted = new ArrayList<>();
        for (PolicyViolation violation : found) {
            if (!policy.rules().contains(violation.rule())) {
                continue;
            }
            policy.exemption(violation.rule(), violation.service()).ifPresentOrElse(
                    e -> exempted.add(new Exempted(violation, e.reason())), () -> violations.add(violation));
        }
        return new Verdict(policy, violations, exempted, unreadable, files.size(), workloads);
    }

    /**
     * An overlay's {@code images:} entry replaces the tag its bases name, so a mutable {@code newTag} there is what
     * runs. Its service is the last segment of the image's name (Slipway names images REGISTRY/SERVICE).
     */
    private static void kustomizedImages(String path, YamlDocument document, List<PolicyViolation> found) {
        JsonNode images = document.root().path("images");
        for (int i = 0; images.isArray() && i < images.size(); i++) {
            JsonNode image = images.get(i);
            String name = image.path("newName").asString(image.path("name").asString(""));
            if (!image.path("digest").asString("").isEmpty() || !image.has("newTag")) {
                continue;
            }
            String reference = name + ":" + image.path("newTag").asString("");
            int line = document.keyPosition(DocPath.of("images", i, "newTag")).line();
            ImageTag.mutable(reference).ifPresent(why -> found.add(new PolicyViolation(PolicyRule.PINNED_IMAGE, path, line,
                    name.substring(name.lastIndexOf('/') + 1), "the overlay sets image \"" + reference
                    + "\", whose tag moves" + why)));
        }
    }

    /** One workload's pod template, checked against every rule (the caller keeps the selected ones). */
    private static final class Workload {
        private final String path;
        private final YamlDocument document;
        private final DocPath podSpec;
        private final List<PolicyViolation> found;
        private final String service;

        Workload(String path, YamlDocument document, DocPath podSpec, List<PolicyViolation> found) {
            this.path = path;
            this.document = document;
            this.podSpec = podSpec;
            this.found = found;
            JsonNode metadata = document.root().path("metadata");
            this.service = metadata.path("labels").path("app.kubernetes.io/name").asString(
                    metadata.path("name").asString(""));
        }

        void check() {
            for (String key : List.of("hostNetwork", "hostPID", "hostIPC")) {
                if (at(podSpec.child(key)).asBoolean(false)) {
                    violation(PolicyRule.NO_HOST_NAMESPACES, podSpec.child(key), "the pod sets " + key + ": true");
                }
            }
            for (String list : List.of("initContainers", "containers")) {
                JsonNode containers = at(podSpec.child(list));
                for (int i = 0; containers.isArray() && i < containers.size(); i++) {
                    container(podSpec.child(list).child(i), list.equals("containers"));
                }
            }
        }

        private void container(DocPath container, boolean serving) {
            String name = "container " + at(container.child("name")).asString("?");
            image(container, name);
            resources(container, name);
            DocPath security = container.child("securityContext");
            DocPath podSecurity = podSpec.child("securityContext");
            nonRoot(container, name, security, podSecurity);
            if (!at(security.child("readOnlyRootFilesystem")).asBoolean(false)) {
                violation(PolicyRule.READ_ONLY_ROOT_FILESYSTEM, present(security.child("readOnlyRootFilesystem"), container),
                        name + " does not set securityContext.readOnlyRootFilesystem: true");
            }
            if (at(security.child("privileged")).asBoolean(false)) {
                violation(PolicyRule.NOT_PRIVILEGED, security.child("privileged"), name + " is privileged");
            }
            if (serving) {
                List<String> missing = List.of("readinessProbe", "livenessProbe").stream()
                        .filter(p -> at(container.child(p)).isMissingNode()).toList();
                if (!missing.isEmpty()) {
                    violation(PolicyRule.PROBES, container, name + " has no " + String.join(" and no ", missing));
                }
            }
        }

        private void image(DocPath container, String name) {
            String image = at(container.child("image")).asString("");
            ImageTag.mutable(image).ifPresent(why -> violation(PolicyRule.PINNED_IMAGE,
                    present(container.child("image"), container),
                    name + " runs image \"" + image + "\", whose tag moves" + why));
        }

        private void resources(DocPath container, String name) {
            DocPath resources = container.child("resources");
            List<String> missing = new ArrayList<>();
            for (String kind : List.of("requests", "limits")) {
                for (String resource : List.of("cpu", "memory")) {
                    JsonNode value = at(resources.child(kind).child(resource));
                    if (value.isMissingNode() || value.isNull() || value.asString("").isBlank() && !value.isNumber()) {
                        missing.add(kind + "." + resource);
                    }
                }
            }
            if (!missing.isEmpty()) {
                violation(PolicyRule.RESOURCES, present(resources, container), name + " sets no "
                        + String.join(", ", missing));
            }
        }

        private void nonRoot(DocPath container, String name, DocPath security, DocPath podSecurity) {
            DocPath nonRoot = present(security.child("runAsNonRoot"), podSecurity.child("runAsNonRoot"));
            DocPath user = present(security.child("runAsUser"), podSecurity.child("runAsUser"));
            JsonNode nonRootValue = at(nonRoot);
            JsonNode userValue = at(user);
            if (userValue.isNumber() && userValue.asLong() == 0) {
                violation(PolicyRule.RUN_AS_NON_ROOT, user, name + " runs as user 0 (root)");
            } else if (nonRootValue.isBoolean() && !nonRootValue.asBoolean()) {
                violation(PolicyRule.RUN_AS_NON_ROOT, nonRoot, name + " sets runAsNonRoot: false");
            } else if (!nonRootValue.asBoolean(false) && !userValue.isNumber()) {
                violation(PolicyRule.RUN_AS_NON_ROOT, container, name + " may run as root: neither it nor the pod sets"
                        + " securityContext.runAsNonRoot: true or a non-zero runAsUser");
            }
        }

        /** {@code preferred} when the document has it, else {@code fallback}. */
        private DocPath present(DocPath preferred, DocPath fallback) {
            return at(preferred).isMissingNode() ? fallback : preferred;
        }

        private JsonNode at(DocPath docPath) {
            JsonNode node = document.root();
            for (Object segment : docPath.segments()) {
                node = segment instanceof Integer index ? node.path(index) : node.path((String) segment);
            }
            return node;
        }

        private void violation(PolicyRule rule, DocPath at, String message) {
            int line = document.keyPosition(at).line(); // the key: a block value starts a line below
            found.add(new PolicyViolation(rule, path, line, service, message));
        }
    }
}
