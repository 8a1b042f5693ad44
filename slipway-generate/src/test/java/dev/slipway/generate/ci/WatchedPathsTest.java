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

        // every target asks the one script, with the service's own paths and the globs it watches
        String paths = "'web/**' 'docker/web/Dockerfile' 'libs/ui/**' 'package.json'";
        for (Generator generator : List.<Generator>of(new GithubActions(), new GitlabCi(), new Jenkinsfile())) {
            String text = pipeline(generator, spec);
            assertThat(text).as(generator.target()).contains("sh .slipway/ci.sh changed dev web " + paths)
                    .contains("sh .slipway/ci.sh changed dev api 'api/**' 'docker/api/Dockerfile'")
                    .containsOnlyOnce("libs/ui/**");
        }

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
    void githubComparesPushesWithTheLastSuccessfulDeploymentSlipwayRecordedNotWithAGitMark() throws Exception {
        String github = pipeline(new GithubActions(), minimalWatching());
        Map<String, Object> workflow = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(github);
        Map<String, Object> jobs = (Map<String, Object>) workflow.get("jobs");
        Map<String, Object> changes = (Map<String, Object>) jobs.get("changes");
        List<Map<String, Object>> steps = (List<Map<String, Object>>) changes.get("steps");
        // the whole history: the commit last deployed may be far back
        assertThat(((Map<String, Object>) steps.get(0).get("with"))).containsEntry("fetch-depth", 0);
        assertThat(((Map<String, Object>) steps.get(1).get("env"))).containsEntry("SLIPWAY_URL", "${{ secrets.SLIPWAY_URL }}")
                .containsEntry("SLIPWAY_CHANGE_BASE", "${{ github.event.pull_request.base.sha }}");
        assertThat((String) ((Map<String, Object>) jobs.get("test-web")).get("if")).isEqualTo("${{ needs.changes.outputs.web == 'true' }}");
        for (String environment : List.of("dev", "staging", "production")) {
            Map<String, Object> deploy = (Map<String, Object>) jobs.get("deploy-" + environment);
            assertThat(github).doesNotContain("slipway/deployed/");
            assertThat((Map<String, Object>) deploy.get("permissions")).containsEntry("contents", "read");
            // a waiting deployment is never cancelled
            assertThat((Map<String, Object>) deploy.get("concurrency")).containsEntry("cancel-in-progress", false);
        }
    }

    private static String pipeline(Generator generator, SystemSpec spec) {
        List<GeneratedFile> files = generator.generate(spec);
        assertThat(files).extracting(GeneratedFile::path).hasSize(2).contains(CiScript.PATH);
        return files.getFirst().content();
    }
}
