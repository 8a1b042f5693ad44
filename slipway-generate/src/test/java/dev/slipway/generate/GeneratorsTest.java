package dev.slipway.generate;

import dev.slipway.generate.targets.Generators;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeneratorsTest {

    @Test
    void parsesTargetListsAndReportsUnknownNames() {
        List<String> unknown = new ArrayList<>();
        List<Generator> chosen = Generators.parse("kubernetes, github,helm,github", unknown);
        assertThat(chosen).extracting(Generator::target).containsExactly("github", "kubernetes");
        assertThat(unknown).containsExactly("helm");
        assertThat(Generators.parse("all", new ArrayList<>())).hasSize(Generators.all().size());
    }

    @Test
    void everyTargetHasAUniqueNameAndADescription() {
        assertThat(Generators.targets()).doesNotHaveDuplicates().containsExactly("github", "gitlab", "jenkins",
                "tekton", "docker", "kubernetes", "argocd", "flux", "istio", "gateway-api", "argo-rollouts");
        assertThat(Generators.all()).allSatisfy(g -> assertThat(g.description()).isNotBlank());
    }

    @Test
    void defaultTargetsAreTheCiProvidersPlusDockerAndKubernetes() {
        Path minimal = RepositoryFiles.root().resolve("examples/minimal/slipway.yaml");
        assertThat(Generators.defaultsFor(RepositoryFiles.load(minimal))).extracting(Generator::target)
                .containsExactly("github", "gitlab", "jenkins", "tekton", "docker", "kubernetes");
    }

    @Test
    void everyExampleGeneratesByteIdenticalOutputTwice() {
        for (Path spec : RepositoryFiles.exampleSpecs()) {
            List<GeneratedFile> first = Generators.run(RepositoryFiles.load(spec), Generators.all());
            List<GeneratedFile> second = Generators.run(RepositoryFiles.load(spec), Generators.all());
            assertThat(second).as("output for %s", spec).isEqualTo(first);
            assertThat(first).allSatisfy(f -> assertThat(f.content()).doesNotContain(":latest"));
        }
    }
}
