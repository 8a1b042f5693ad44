package dev.slipway.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.generate.deploy.ArgoRollouts;
import dev.slipway.generate.deploy.DeployTestSpecs;
import dev.slipway.generate.deploy.KubernetesManifests;
import dev.slipway.model.LoadResult;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.load.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ExternalSecrets the generators write pass the conformance suite's check of the External Secrets CRD schema
 * (conformance/crds/, checked with Ajv like every other Kubernetes object); and that check is not vacuous: a
 * misspelt field or a creation policy ESO does not know fails it.
 */
class SecretSourcesConformanceTest {

    private static final String SPEC = DeployTestSpecs.SHOP.replace("    env: {LOG_LEVEL: debug}\n", """
                env: {LOG_LEVEL: debug}
                secrets:
                  STRIPE_KEY: {externalSecret: {store: vault, storeKind: ClusterSecretStore, key: shop/stripe, property: api-key}}
                  FEED_TOKEN: {externalSecret: {store: aws-secrets, key: orders-feed-token}}
            """);

    @TempDir
    Path dir;

    @Test
    void generatedExternalSecretsPassTheCrdSchemaAndABrokenOneFails() throws Exception {
        Path repo = RepositoryFiles.root();
        ConformanceTest.requireValidators(repo);
        LoadResult loaded = SpecLoader.load(SPEC, "slipway.yaml");
        assertThat(loaded.problems()).isEmpty();
        SystemSpec spec = loaded.orThrow();
        List<GeneratedFile> files = new ArrayList<>(new KubernetesManifests().generate(spec));
        files.addAll(new ArgoRollouts().generate(spec));
        assertThat(files).anyMatch(f -> f.content().contains("kind: ExternalSecret"));
        new OutputDirectory(dir.resolve("good")).write(files);

        ConformanceTest.Validation good = ConformanceTest.validate(repo, dir.resolve("good"));
        assertThat(good.exitCode()).as(good.output()).isZero();
        assertThat(good.output()).contains("ok   deploy/kubernetes/orders/base/external-secrets.yaml [kubernetes]");

        GeneratedFile externalSecrets = files.stream()
                .filter(f -> f.path().equals("deploy/kubernetes/orders/base/external-secrets.yaml")).findFirst().orElseThrow();
        Path broken = Files.createDirectories(dir.resolve("broken/deploy"));
        Files.writeString(broken.resolve("external-secrets.yaml"), externalSecrets.content()
                .replace("creationPolicy: Owner", "creationPolicy: Owned")
                .replace("property: api-key", "propery: api-key"));
        ConformanceTest.Validation bad = ConformanceTest.validate(repo, dir.resolve("broken"));
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.output()).contains("FAIL deploy/external-secrets.yaml [kubernetes]")
                .contains("/spec/target/creationPolicy must be equal to one of the allowed values")
                .contains("unknown field propery");
    }

    @Test
    void carriedSealedSecretsPassTheCrdSchemaAndOneWithoutEncryptedDataFails() throws Exception {
        Path repo = RepositoryFiles.root();
        ConformanceTest.requireValidators(repo);
        SystemSpec spec = SpecLoader.load(dev.slipway.generate.deploy.SealedSecretsTestSpecs.SPEC, "slipway.yaml")
                .orThrow();
        Path sources = dir.resolve("repository");
        for (var environment : spec.environments()) {
            Path file = Files.createDirectories(sources.resolve("deploy/sealed/" + environment.name()))
                    .resolve("mailer.yaml");
            Files.writeString(file, dev.slipway.generate.deploy.SealedSecretsTestSpecs.sealed("mailer",
                    environment.namespace(), ""));
        }
        List<GeneratedFile> files = new ArrayList<>(new KubernetesManifests().generate(spec, SourceTree.at(sources)));
        files.addAll(new ArgoRollouts().generate(spec, SourceTree.at(sources)));
        new OutputDirectory(dir.resolve("sealed")).write(files);

        ConformanceTest.Validation good = ConformanceTest.validate(repo, dir.resolve("sealed"));
        assertThat(good.exitCode()).as(good.output()).isZero();
        assertThat(good.output()).contains("ok   deploy/kubernetes/orders/overlays/dev/sealed-secrets.yaml [kubernetes]");

        Path broken = Files.createDirectories(dir.resolve("sealed-broken/deploy"));
        Files.writeString(broken.resolve("sealed.yaml"), dev.slipway.generate.deploy.SealedSecretsTestSpecs
                .sealed("mailer", "shop-dev", "").replace("  encryptedData:", "  encrypted:"));
        ConformanceTest.Validation bad = ConformanceTest.validate(repo, dir.resolve("sealed-broken"));
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.output()).contains("FAIL deploy/sealed.yaml [kubernetes]")
                .contains("/spec must have required property 'encryptedData'")
                .contains("unknown field encrypted");
    }
}
