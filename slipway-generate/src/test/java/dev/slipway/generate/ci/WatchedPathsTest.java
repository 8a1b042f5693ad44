package dev.slipway.generate.ci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.generate.ConformanceCheck;
import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.Generator;
import dev.slipway.generate.RepositoryFiles;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.load.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service's {@code watch:} globs (a shared library) rebuild it in every CI target that filters by path. */
class WatchedPathsTest {

    @TempDir
    Path dir;

    private static SystemSpec minimalWatching() throws Exception {
        String text = Files.readString(RepositoryFiles.root().resolve("examples/minimal/slipway.yaml"));
        String watching = text.replace("    path: web\n", "    path: web\n    watch: ['libs/ui/**', package.json]\n");
        assertThat(watching).isNotEqualTo(text);
        return SpecLoader.load(watching, "slipway.yaml").orThrow();
    }

    @Test
    void watchedGlobsJoinTheServicesOwnPathsInEveryTargetAndStillValidate() throws Exception {
        SystemSpec spec = minimalWatching();
        assertThat(spec.service("web").orElseThrow().watch()).containsExactly("libs/ui/**", "package.json");

        String github = only(new GithubActions(), spec);
        String filters = String.join("\n", github.lines().map(String::strip).toList());
        // web watches them, api does not
        assertThat(filters).contains("web:\n- 'web/**'\n- 'docker/web/Dockerfile'\n- 'libs/ui/**'\n- 'package.json'\n"
                + "api:\n- 'api/**'\n- 'docker/api/Dockerfile'\n");
        assertThat(github).containsOnlyOnce("libs/ui/**");

        String gitlab = only(new GitlabCi(), spec);
        assertThat(gitlab).contains("- libs/ui/**/*", "- package.json");

        String jenkins = only(new Jenkinsfile(), spec);
        assertThat(jenkins).contains("changeset 'libs/ui/**'", "changeset 'package.json'");


        for (Generator generator : List.<Generator>of(new GithubActions(), new GitlabCi(), new Jenkinsfile())) {
            for (GeneratedFile file : generator.generate(spec)) {
                Path target = dir.resolve(file.path());
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.content());
            }
        }
        ConformanceCheck.Result result = ConformanceCheck.validate(dir);
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    @SuppressWarnings("unchecked")
    void githubComparesPushesWithTheLastSuccessfulDeploymentAndTheDeployJobMovesThatMark() throws Exception {
        String github = only(new GithubActions(), minimalWatching());
        Map<String, Object> workflow = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(github);
        Map<String, Object> jobs = (Map<String, Object>) workflow.get("jobs");
        Map<String, Object> changes = (Map<String, Object>) jobs.get("changes");
        List<Map<String, Object>> steps = (List<Map<String, Object>>) changes.get("steps");
        assertThat(((Map<String, Object>) steps.get(0).get("with"))).containsEntry("fetch-depth", 0);
        assertThat((String) steps.get(1).get("run")).contains("refs/tags/slipway/deployed/dev^{commit}", "all=true");
        assertThat(((Map<String, Object>) steps.get(2).get("with"))).containsEntry("base", "${{ steps.deployed.outputs.base }}");
        assertThat((String) ((Map<String, Object>) jobs.get("test-web")).get("if")).contains("needs.changes.outputs.all == 'true'");
        for (String environment : List.of("dev", "staging", "production")) {
            Map<String, Object> deploy = (Map<String, Object>) jobs.get("deploy-" + environment);
            List<Map<String, Object>> deploySteps = (List<Map<String, Object>>) deploy.get("steps");
            Map<String, Object> mark = deploySteps.getLast();
            assertThat(((Map<String, Object>) mark.get("env"))).containsEntry("TAG", "slipway/deployed/" + environment);
            assertThat(mark).doesNotContainKey("if"); // only when every step before it passed
            // a waiting deployment is never cancelled
            assertThat((Map<String, Object>) deploy.get("concurrency")).containsEntry("cancel-in-progress", false);
        }
    }

    private static String only(Generator generator, SystemSpec spec) {
        List<GeneratedFile> files = generator.generate(spec);
        assertThat(files).hasSize(1);
        return files.getFirst().content();
    }
}
