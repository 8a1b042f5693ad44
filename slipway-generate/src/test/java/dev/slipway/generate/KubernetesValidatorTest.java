package dev.slipway.generate;

import dev.slipway.generate.targets.Generators;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.generate.deploy.ArgoCdApplications;
import dev.slipway.generate.deploy.ArgoRollouts;
import dev.slipway.generate.deploy.FluxKustomizations;
import dev.slipway.generate.deploy.GatewayApiRouting;
import dev.slipway.generate.deploy.IstioRouting;
import dev.slipway.generate.deploy.KubernetesManifests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes-style validators (conformance/validators/kubernetes.mjs, kustomize.mjs) reject broken
 * input, so that a pass in {@link ConformanceTest} means something.
 */
class KubernetesValidatorTest {

    @TempDir
    Path dir;

    @Test
    void rejectsUnknownFieldsWrongTypesAndUnknownKinds() throws Exception {
        Path repo = RepositoryFiles.root();
        ConformanceTest.requireValidators(repo);
        Files.createDirectories(dir.resolve("deploy/bad"));
        Files.writeString(dir.resolve("deploy/bad/deployment.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  labels: {any-label: is-fine}
                spec:
                  replicas: two
                  selector:
                    matchLabels: {app: web}
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      containers:
                        - name: web
                          image: web:1.0.0
                          securityContext:
                            readOnlyRootFilesytem: true
                ---
                apiVersion: apps/v1
                kind: Deploymint
                metadata:
                  name: web
                """);
        Files.writeString(dir.resolve("deploy/bad/kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [deployment.yaml, ../missing]
                commonLabels: {app: web}
                """);

        ConformanceTest.Validation result = ConformanceTest.validate(repo, dir);

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output())
                .contains("data/spec/replicas must be integer")
                .contains("spec.template.spec.containers[0].securityContext.readOnlyRootFilesytem: unknown field")
                .contains("no model for apps/v1 Deploymint")
                .contains("must NOT have additional properties 'commonLabels'")
                .doesNotContain("any-label")
                .contains("conformance: 0 passed, 2 failed");
    }

    @Test
    void kustomizeChecksResourcesImagesAndReplicasAcrossTheBuild() throws Exception {
        Path repo = RepositoryFiles.root();
        ConformanceTest.requireValidators(repo);
        Files.createDirectories(dir.resolve("deploy/app"));
        Files.createDirectories(dir.resolve("deploy/empty"));
        Files.writeString(dir.resolve("deploy/app/kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [../missing, ../empty]
                images: [{name: web, newTag: latest}]
                replicas: [{name: web, count: 2}]
                """);

        ConformanceTest.Validation result = ConformanceTest.validate(repo, dir);

        assertThat(result.output())
                .contains("resource ../missing does not exist")
                .contains("resource ../empty is a directory without a kustomization.yaml")
                .contains("images: web is not the image of any container in this build")
                .contains("images: web uses the mutable tag latest")
                .contains("replicas: web is not a workload in this build");
        assertThat(result.exitCode()).isEqualTo(1);
    }

    /** A richer system than the examples (digest-pinned image, worker without port, approval environment). */
    @Test
    void everyDeployTargetOfARicherSystemPasses() throws Exception {
        Path repo = RepositoryFiles.root();
        ConformanceTest.requireValidators(repo);
        Path spec = Files.writeString(dir.resolve("slipway.yaml"), dev.slipway.generate.deploy.DeployTestSpecs.SHOP);
        List<Generator> generators = List.of(new KubernetesManifests(), new ArgoCdApplications(),
                new FluxKustomizations(), new IstioRouting(), new GatewayApiRouting(), new ArgoRollouts());
        Path out = dir.resolve("out");
        new OutputDirectory(out).write(Generators.run(RepositoryFiles.load(spec), generators));

        ConformanceTest.Validation result = ConformanceTest.validate(repo, out);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains(" passed, 0 failed");
    }
}
