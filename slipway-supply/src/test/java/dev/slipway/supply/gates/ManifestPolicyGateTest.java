package dev.slipway.supply.gates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.targets.Generators;
import dev.slipway.model.LoadResult;
import dev.slipway.model.ManifestPolicy;
import dev.slipway.model.PolicyRule;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.load.SpecLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ManifestPolicyGateTest {

    /** What `slipway generate --target kubernetes` writes for examples/NAME. */
    private static List<ManifestFile> generated(String example) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("examples").resolve(example).resolve("slipway.yaml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new AssertionError("examples/" + example + "/slipway.yaml not found above " + Path.of("").toAbsolutePath());
        }
        LoadResult loaded = SpecLoader.load(dir.resolve("examples").resolve(example).resolve("slipway.yaml"));
        SystemSpec spec = loaded.spec().orElseThrow(() -> new AssertionError(loaded.problems().toString()));
        return Generators.byTarget("kubernetes").orElseThrow().generate(spec).stream()
                .filter(f -> f.path().startsWith("deploy/kubernetes/"))
                .map(f -> new ManifestFile(f.path(), f.content())).toList();
    }

    private static List<String> examples() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("examples"))) {
            dir = dir.getParent();
        }
        try (Stream<Path> names = Files.list(dir.resolve("examples"))) {
            return names.filter(d -> Files.isRegularFile(d.resolve("slipway.yaml")))
                    .map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theManifestsSlipwayGeneratesForTheExamplesFollowEveryRule() {
        assertThat(examples()).contains("minimal", "shop");
        for (String example : examples()) {
            List<ManifestFile> files = generated(example);
            ManifestPolicyGate.Verdict verdict = ManifestPolicyGate.check(files, ManifestPolicy.allRules());
            assertThat(verdict.violations()).as(example).isEmpty();
            assertThat(verdict.unreadable()).as(example).isEmpty();
            assertThat(verdict.workloads()).as(example).isGreaterThanOrEqualTo(3);
            assertThat(verdict.gate().ok()).isTrue();
            assertThat(verdict.gate().detail()).startsWith(verdict.workloads() + " workloads in " + files.size()
                    + " files follow the rules (pinned-image, resources, run-as-non-root,");
        }
    }

    @Test
    void aChangedGeneratedManifestIsCaughtAtTheLineOfTheChange() {
        ManifestFile cart = generated("shop").stream()
                .filter(f -> f.path().equals("deploy/kubernetes/cart/base/deployment.yaml")).findFirst().orElseThrow();
        String text = cart.text().replaceFirst("image: (\\S+):\\S+", "image: $1:latest")
                .replace("readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false");
        List<String> lines = text.lines().toList();
        int imageLine = lineOf(lines, "image: ghcr.io/acme/shop/cart:latest");
        int readOnlyLine = lineOf(lines, "readOnlyRootFilesystem: false");
        ManifestPolicyGate.Verdict verdict = ManifestPolicyGate.check(
                List.of(new ManifestFile(cart.path(), text)), ManifestPolicy.allRules());
        assertThat(verdict.violations()).extracting(PolicyViolation::format).containsExactly(
                "deploy/kubernetes/cart/base/deployment.yaml:" + imageLine + ": [pinned-image] container cart runs"
                        + " image \"ghcr.io/acme/shop/cart:latest\", whose tag moves",
                "deploy/kubernetes/cart/base/deployment.yaml:" + readOnlyLine + ": [read-only-root-filesystem]"
                        + " container cart does not set securityContext.readOnlyRootFilesystem: true");
        assertThat(verdict.violations()).extracting(PolicyViolation::service).containsOnly("cart");
    }

    private static int lineOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line with " + text);
    }

    /** Several documents in one file, every rule broken once; the lines are those of the whole file. */
    private static final String RISKY = """
            apiVersion: v1
            kind: Service
            metadata:
              name: worker
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: worker
              labels:
                app.kubernetes.io/name: worker
            spec:
              template:
                spec:
                  hostNetwork: true
                  hostPID: true
                  initContainers:
                    - name: migrate
                      image: ghcr.io/acme/worker-migrate@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
                      resources:
                        requests: {cpu: 10m, memory: 16Mi}
                        limits: {cpu: 100m, memory: 64Mi}
                      securityContext:
                        runAsNonRoot: true
                        readOnlyRootFilesystem: true
                  containers:
                    - name: worker
                      image: ghcr.io/acme/worker
                      securityContext:
                        privileged: true
                        runAsUser: 0
                      readinessProbe:
                        exec: {command: [true]}
            ---
            apiVersion: batch/v1
            kind: CronJob
            metadata:
              name: report
            spec:
              jobTemplate:
                spec:
                  template:
                    spec:
                      securityContext:
                        runAsNonRoot: true
                      containers:
                        - name: report
                          image: ghcr.io/acme/report:2.0.1
                          resources:
                            requests: {cpu: 10m, memory: 16Mi}
                          securityContext:
                            readOnlyRootFilesystem: true
                          readinessProbe: {exec: {command: [true]}}
                          livenessProbe: {exec: {command: [true]}}
            """;

    @Test
    void everyRuleIsLocatedInAFileOfSeveralDocuments() {
        ManifestPolicyGate.Verdict verdict = ManifestPolicyGate.check(
                List.of(new ManifestFile("deploy/kubernetes/worker/base/all.yaml", RISKY)), ManifestPolicy.allRules());
        assertThat(verdict.workloads()).isEqualTo(2);
        assertThat(verdict.violations()).extracting(PolicyViolation::format).containsExactly(
                "deploy/kubernetes/worker/base/all.yaml:15: [no-host-namespaces] the pod sets hostNetwork: true",
                "deploy/kubernetes/worker/base/all.yaml:16: [no-host-namespaces] the pod sets hostPID: true",
                "deploy/kubernetes/worker/base/all.yaml:28: [pinned-image] container worker runs image"
                        + " \"ghcr.io/acme/worker\", whose tag moves (none means latest)",
                "deploy/kubernetes/worker/base/all.yaml:27: [resources] container worker sets no requests.cpu,"
                        + " requests.memory, limits.cpu, limits.memory",
                "deploy/kubernetes/worker/base/all.yaml:31: [run-as-non-root] container worker runs as user 0 (root)",
                "deploy/kubernetes/worker/base/all.yaml:27: [read-only-root-filesystem] container worker does not set"
                        + " securityContext.readOnlyRootFilesystem: true",
                "deploy/kubernetes/worker/base/all.yaml:30: [not-privileged] container worker is privileged",
                "deploy/kubernetes/worker/base/all.yaml:27: [probes] container worker has no livenessProbe",
                "deploy/kubernetes/worker/base/all.yaml:49: [resources] container report sets no limits.cpu,"
                        + " limits.memory");
        assertThat(verdict.violations()).extracting(PolicyViolation::service).startsWith("worker").endsWith("report");
        GateResult gate = verdict.gate();
        assertThat(gate.ok()).isFalse();
        assertThat(gate.detail()).startsWith("9 violations: deploy/kubernetes/worker/base/all.yaml:15:"
                + " [no-host-namespaces]");
        assertThat(gate.hint()).contains("policy.exceptions");
    }

    @Test
    void onlyTheSelectedRulesApplyAndAnExceptionExemptsOneServiceFromOneRule() {
        ManifestPolicy policy = new ManifestPolicy(List.of(PolicyRule.RESOURCES, PolicyRule.PROBES),
                List.of(new ManifestPolicy.Exemption("worker", PolicyRule.RESOURCES, "sized by the VPA")));
        ManifestPolicyGate.Verdict verdict = ManifestPolicyGate.check(
                List.of(new ManifestFile("all.yaml", RISKY)), policy);
        assertThat(verdict.violations()).extracting(PolicyViolation::format).containsExactly(
                "all.yaml:27: [probes] container worker has no livenessProbe",
                "all.yaml:49: [resources] container report sets no limits.cpu, limits.memory");
        assertThat(verdict.exempted()).extracting(e -> e.violation().format())
                .containsExactly("all.yaml:27: [resources] container worker sets no requests.cpu, requests.memory,"
                        + " limits.cpu, limits.memory");
        assertThat(verdict.gate().detail()).endsWith("; worker is exempted from resources (sized by the VPA)");
    }

    @Test
    void aPodSecurityContextCountsForItsContainersAndAContainerMayOverrideIt() {
        String pod = """
                apiVersion: v1
                kind: Pod
                metadata: {name: debug}
                spec:
                  securityContext: {runAsNonRoot: true}
                  containers:
                    - name: a
                      image: busybox:1.36
                    - name: b
                      image: busybox:stable
                      securityContext: {runAsNonRoot: false}
                """;
        ManifestPolicy rules = new ManifestPolicy(List.of(PolicyRule.RUN_AS_NON_ROOT, PolicyRule.PINNED_IMAGE), List.of());
        assertThat(ManifestPolicyGate.check(List.of(new ManifestFile("pod.yaml", pod)), rules).violations())
                .extracting(PolicyViolation::format).containsExactly(
                        "pod.yaml:10: [pinned-image] container b runs image \"busybox:stable\", whose tag moves"
                                + " ('stable' names no version)",
                        "pod.yaml:11: [run-as-non-root] container b sets runAsNonRoot: false");
    }

    @Test
    void anOverlayThatSetsAMovingTagIsCaughtAtItsNewTag() {
        String overlay = """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - ../../base
                images:
                  - name: ghcr.io/acme/shop/cart
                    newTag: 1.4.0
                  - name: ghcr.io/acme/shop/catalog
                    newTag: latest
                  - name: ghcr.io/acme/shop/payments
                    digest: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
                """;
        ManifestPolicyGate.Verdict verdict = ManifestPolicyGate.check(List.of(new ManifestFile(
                "deploy/kubernetes/catalog/overlays/production/kustomization.yaml", overlay)), ManifestPolicy.allRules());
        assertThat(verdict.violations()).extracting(PolicyViolation::format).containsExactly(
                "deploy/kubernetes/catalog/overlays/production/kustomization.yaml:9: [pinned-image] the overlay sets"
                        + " image \"ghcr.io/acme/shop/catalog:latest\", whose tag moves");
        assertThat(verdict.violations().getFirst().service()).isEqualTo("catalog");
    }

    @Test
    void aFileThatIsNotYamlBlocksWithItsLocation() {
        ManifestPolicyGate.Verdict verdict = ManifestPolicyGate.check(List.of(
                new ManifestFile("deploy/kubernetes/cart/base/deployment.yaml", "kind: Deployment\nspec: [a, b\n")),
                ManifestPolicy.allRules());
        assertThat(verdict.ok()).isFalse();
        assertThat(verdict.unreadable()).hasSize(1);
        assertThat(verdict.unreadable().getFirst().format()).startsWith("deploy/kubernetes/cart/base/deployment.yaml:3:");
        assertThat(verdict.gate().detail()).startsWith("1 violation: deploy/kubernetes/cart/base/deployment.yaml:3:");
    }

    @Test
    void filesWithoutWorkloadsPass() {
        GeneratedFile kustomization = new GeneratedFile("deploy/kubernetes/cart/base/kustomization.yaml",
                "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [deployment.yaml]\n");
        ManifestPolicyGate.Verdict verdict = ManifestPolicyGate.check(
                List.of(new ManifestFile(kustomization.path(), kustomization.content()), new ManifestFile("empty.yaml", "")),
                ManifestPolicy.allRules());
        assertThat(verdict.ok()).isTrue();
        assertThat(verdict.workloads()).isZero();
    }
}
