package dev.slipway.generate.deploy;

import static dev.slipway.generate.deploy.DeployBehaviourTest.container;
import static dev.slipway.generate.deploy.DeployBehaviourTest.objects;
import static dev.slipway.generate.deploy.DeployBehaviourTest.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.GenerationException;
import dev.slipway.generate.SourceTree;
import dev.slipway.model.SystemSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sealedSecret} variables: each environment's overlay carries the SealedSecret file the repository holds for
 * it (kubeseal's output), and the workload reads the Secret it becomes; a file that the controller could not
 * unseal in that environment, or that lacks the name or key, stops generation with the file and a hint.
 */
class SealedSecretsTest {

    static final String SPEC = SealedSecretsTestSpecs.SPEC;

    @TempDir
    Path repo;
    SystemSpec spec;

    @BeforeEach
    void repository() throws IOException {
        spec = DeploySpecs.parse(SPEC);
        for (var environment : spec.environments()) {
            write("deploy/sealed/" + environment.name() + "/mailer.yaml", SealedSecretsTestSpecs.sealed("mailer", environment.namespace(), ""));
        }
    }

    private void write(String file, String text) throws IOException {
        Files.createDirectories(repo.resolve(file).getParent());
        Files.writeString(repo.resolve(file), text);
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachOverlayCarriesItsEnvironmentsSealedSecretAndTheWorkloadReadsTheSecret() {
        assertThat(SPEC).contains("sealedSecret");
        assertThat((List<Object>) container(Workloads.workload(spec, spec.service("orders").orElseThrow()))
                .get("env")).contains(
                Map.of("name", "SMTP_PASSWORD", "valueFrom", Map.of("secretKeyRef", Map.of("name", "mailer", "key", "password"))),
                Map.of("name", "SMTP_USER", "valueFrom", Map.of("secretKeyRef", Map.of("name", "mailer", "key", "user"))));

        List<GeneratedFile> files = new KubernetesManifests().generate(spec, SourceTree.at(repo));

        for (var environment : spec.environments()) {
            String overlay = "deploy/kubernetes/orders/overlays/" + environment.name();
            GeneratedFile sealed = files.stream().filter(f -> f.path().equals(overlay + "/sealed-secrets.yaml"))
                    .findFirst().orElseThrow();
            List<Map<String, Object>> objects = objects(List.of(sealed), "SealedSecret");
            assertThat(objects).hasSize(1); // one file serves both variables
            assertThat(path(objects.getFirst(), "metadata.namespace")).isEqualTo(environment.namespace());
            assertThat(path(objects.getFirst(), "spec.encryptedData.password"))
                    .isEqualTo("AgBy3i4OJSWK+PiTySYZZA9rO43cGDEqAx6BuHFp0bcQ2kQ8v2Y5KQ==");
            assertThat(sealed.content()).doesNotContain("creationTimestamp");
            assertThat(files.stream().filter(f -> f.path().equals(overlay + "/kustomization.yaml")).findFirst()
                    .orElseThrow().content()).contains("- sealed-secrets.yaml");
        }
        assertThat(files).noneMatch(f -> f.path().startsWith("deploy/kubernetes/users/") && f.path().contains("sealed"));
        assertThat(objects(new ArgoRollouts().generate(spec, SourceTree.at(repo)), "SealedSecret")).hasSize(2);
    }

    @Test
    void aClusterWideSealedSecretServesEveryEnvironmentFromOneFile() throws IOException {
        SystemSpec oneFile = DeploySpecs.parse(SPEC.replace("deploy/sealed/{environment}/mailer.yaml",
                "deploy/sealed/mailer.yaml"));
        write("deploy/sealed/mailer.yaml", SealedSecretsTestSpecs.sealed("mailer", "shop", "\n  annotations:\n    "
                + "sealedsecrets.bitnami.com/cluster-wide: \"true\""));

        List<GeneratedFile> files = new KubernetesManifests().generate(oneFile, SourceTree.at(repo));

        assertThat(files).filteredOn(f -> f.path().endsWith("/sealed-secrets.yaml")).hasSize(2);
    }

    @Test
    void aSealedSecretForAnotherNamespaceStopsGenerationWithTheCommandThatSealsItRight() throws IOException {
        String production = spec.environments().get(1).namespace();
        write("deploy/sealed/dev/mailer.yaml", SealedSecretsTestSpecs.sealed("mailer", production, ""));

        assertThatThrownBy(() -> new KubernetesManifests().generate(spec, SourceTree.at(repo)))
                .isInstanceOfSatisfying(GenerationException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("deploy/sealed/dev/mailer.yaml is sealed for namespace "
                            + production + ", but environment dev runs in " + spec.environments().get(0).namespace()
                            + ": the controller could not unseal it there");
                    assertThat(e.hint()).startsWith("seal it with `kubeseal --namespace "
                            + spec.environments().get(0).namespace() + "`");
                });
    }

    @Test
    void aMissingFileAWrongNameAMissingKeyOrNoRepositoryAreEachExplained() throws IOException {
        Files.delete(repo.resolve("deploy/sealed/dev/mailer.yaml"));
        assertThatThrownBy(() -> new KubernetesManifests().generate(spec, SourceTree.at(repo)))
                .hasMessage("deploy/sealed/dev/mailer.yaml does not exist (services.orders.secrets.SMTP_PASSWORD"
                        + ".sealedSecret, environment dev)");

        write("deploy/sealed/dev/mailer.yaml", SealedSecretsTestSpecs.sealed("smtp", spec.environments().get(0).namespace(), ""));
        assertThatThrownBy(() -> new KubernetesManifests().generate(spec, SourceTree.at(repo)))
                .hasMessage("deploy/sealed/dev/mailer.yaml is the SealedSecret smtp, but "
                        + "services.orders.secrets.SMTP_PASSWORD.sealedSecret.name is mailer");

        write("deploy/sealed/dev/mailer.yaml", SealedSecretsTestSpecs.sealed("mailer", spec.environments().get(0).namespace(), "")
                .replace("    user: ", "    username: "));
        assertThatThrownBy(() -> new KubernetesManifests().generate(spec, SourceTree.at(repo)))
                .isInstanceOfSatisfying(GenerationException.class, e -> assertThat(e.getMessage()).isEqualTo(
                        "deploy/sealed/dev/mailer.yaml has no key user in spec.encryptedData "
                                + "(services.orders.secrets.SMTP_USER)"));

        assertThatThrownBy(() -> new KubernetesManifests().generate(spec))
                .hasMessage("services.orders.secrets.SMTP_PASSWORD.sealedSecret: the SealedSecret "
                        + "deploy/sealed/dev/mailer.yaml is read from the repository, which this generation cannot see");
    }
}
