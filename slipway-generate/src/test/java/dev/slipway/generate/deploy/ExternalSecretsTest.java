package dev.slipway.generate.deploy;

import static dev.slipway.generate.deploy.DeployBehaviourTest.container;
import static dev.slipway.generate.deploy.DeployBehaviourTest.objects;
import static dev.slipway.generate.deploy.DeployBehaviourTest.path;
import static dev.slipway.generate.deploy.DeployBehaviourTest.workloads;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.generate.GeneratedFile;
import dev.slipway.model.SystemSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code externalSecret} variables: the manifests carry one ExternalSecret per service and store, which makes the
 * Secret the workload reads each variable from; the Kustomize base lists it; the Argo Rollouts folder carries it
 * beside the Rollout.
 */
class ExternalSecretsTest {

    static final String SPEC = DeployTestSpecs.SHOP.replace("    env: {LOG_LEVEL: debug}\n", """
                env: {LOG_LEVEL: debug}
                secrets:
                  DB_PASSWORD: {secretRef: {name: orders-db, key: password}}
                  STRIPE_KEY: {externalSecret: {store: vault, storeKind: ClusterSecretStore, key: shop/orders/stripe, property: api-key}}
                  SMTP_PASSWORD: {externalSecret: {store: vault, storeKind: ClusterSecretStore, key: shop/mail}}
                  FEED_TOKEN: {externalSecret: {store: aws-secrets, key: orders-feed-token}}
            """).replace("    strategy: {type: blue-green, scaleDownDelay: 5m}\n",
            "    strategy: {type: canary, steps: [10, 100]}\n");

    @Test
    @SuppressWarnings("unchecked")
    void eachVariableReadsTheSecretItsStoresExternalSecretMakes() {
        assertThat(SPEC).contains("externalSecret").contains("type: canary, steps: [10, 100]");
        SystemSpec spec = DeploySpecs.parse(SPEC);

        assertThat((List<Object>) container(workloads(spec).get("orders")).get("env")).containsSubsequence(
                Map.of("name", "DB_PASSWORD", "valueFrom", Map.of("secretKeyRef", Map.of("name", "orders-db", "key",
                        "password"))),
                Map.of("name", "STRIPE_KEY", "valueFrom", Map.of("secretKeyRef", Map.of("name", "orders-vault", "key",
                        "STRIPE_KEY"))),
                Map.of("name", "SMTP_PASSWORD", "valueFrom", Map.of("secretKeyRef", Map.of("name", "orders-vault",
                        "key", "SMTP_PASSWORD"))),
                Map.of("name", "FEED_TOKEN", "valueFrom", Map.of("secretKeyRef", Map.of("name", "orders-aws-secrets",
                        "key", "FEED_TOKEN"))));

        List<GeneratedFile> files = new KubernetesManifests().generate(spec);
        List<Map<String, Object>> externalSecrets = objects(files, "ExternalSecret");
        assertThat(externalSecrets).extracting(o -> path(o, "metadata.name"))
                .containsExactly("orders-vault", "orders-aws-secrets");
        Map<String, Object> vault = externalSecrets.getFirst();
        assertThat(vault.get("apiVersion")).isEqualTo("external-secrets.io/v1");
        assertThat(path(vault, "spec.secretStoreRef")).isEqualTo(Map.of("name", "vault", "kind", "ClusterSecretStore"));
        assertThat(path(vault, "spec.target")).isEqualTo(Map.of("name", "orders-vault", "creationPolicy", "Owner"));
        assertThat(path(vault, "spec.data")).isEqualTo(List.of(
                Map.of("secretKey", "STRIPE_KEY", "remoteRef", Map.of("key", "shop/orders/stripe", "property", "api-key")),
                Map.of("secretKey", "SMTP_PASSWORD", "remoteRef", Map.of("key", "shop/mail"))));
        assertThat(path(externalSecrets.get(1), "spec.secretStoreRef"))
                .isEqualTo(Map.of("name", "aws-secrets", "kind", "SecretStore"));

        GeneratedFile base = files.stream().filter(f -> f.path().equals("deploy/kubernetes/orders/base/kustomization.yaml"))
                .findFirst().orElseThrow();
        assertThat(base.content()).contains("- external-secrets.yaml");
        assertThat(files).noneMatch(f -> f.path().startsWith("deploy/kubernetes/users/base/external-secrets"));
    }

    @Test
    void theArgoRolloutsFolderCarriesTheExternalSecretsOfEachRollout() {
        List<GeneratedFile> files = new ArgoRollouts().generate(DeploySpecs.parse(SPEC));

        assertThat(objects(files, "ExternalSecret")).extracting(o -> path(o, "metadata.name"))
                .containsExactly("orders-vault", "orders-aws-secrets", "orders-vault", "orders-aws-secrets"); // dev, production
    }
}
