package dev.slipway.generate.ci;

import dev.slipway.generate.GoldenFiles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.generate.GeneratedFile;
import dev.slipway.model.SystemSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class GitlabCiTest {

    private final GitlabCi generator = new GitlabCi();

    private String pipeline(SystemSpec spec) {
        List<GeneratedFile> files = generator.generate(spec);
        assertThat(files).extracting(GeneratedFile::path).containsExactly(".gitlab-ci.yml");
        return files.getFirst().content();
    }

    /** The text of one top-level job, up to the next top-level key. */
    private static String job(String text, String id) {
        int start = text.indexOf("\n" + id + ":\n");
        assertThat(start).as("job %s", id).isNotNegative();
        int end = text.indexOf("\n", start + 1);
        while (end >= 0 && end + 1 < text.length() && (text.charAt(end + 1) == ' ')) {
            end = text.indexOf("\n", end + 1);
        }
        return text.substring(start + 1, end < 0 ? text.length() : end);
    }

    @Test
    void minimalExampleMatchesItsGoldenFile() throws Exception {
        GoldenFiles.assertMatches("gitlab", generator.generate(CiSpecs.minimal()));
    }

    @Test
    void sameSpecGivesTheSameBytes() {
        assertThat(generator.generate(CiSpecs.wide())).isEqualTo(generator.generate(CiSpecs.wide()));
        assertThat(pipeline(CiSpecs.wide())).doesNotContain("&id", "*id");
    }

    @Test
    void approvalEnvironmentGetsABlockingManualJob() {
        String text = pipeline(CiSpecs.minimal());
        String production = job(text, "deploy-production");
        assertThat(production).contains("when: manual", "allow_failure: false", "name: production",
                "deployment_tier: production", "resource_group: production");
        assertThat(job(text, "deploy-dev")).doesNotContain("when: manual");
        assertThat(text).contains("# Approval: a manual job that blocks the pipeline");
    }

    @Test
    void manualEnvironmentIsAnOptionalManualJob() {
        String qa = job(pipeline(CiSpecs.wide()), "deploy-qa");
        assertThat(qa).contains("when: manual", "allow_failure: true");
    }

    @Test
    void servicesBuildOnlyWhenTheirPathsChangeAndExternalImagesNever() {
        String text = pipeline(CiSpecs.minimal());
        assertThat(job(text, "lint-web")).contains("- web/**/*", "- docker/web/Dockerfile");
        assertThat(text).contains("build-api:", "scan-api:", "push-api:").doesNotContain("build-db", "scan-db", "push-db");
        assertThat(pipeline(CiSpecs.wide())).doesNotContain("build-cache:");
    }

    @Test
    void stagesFormAFailFastChainPerService() {
        String text = pipeline(CiSpecs.minimal());
        assertThat(text).contains("stages:\n  - lint\n  - test\n  - build\n  - integration\n  - scan\n  - push\n  - deploy\n");
        assertThat(job(text, "test-web")).contains("needs:\n    - lint-web");
        assertThat(job(text, "build-web")).contains("needs:\n    - test-web");
        assertThat(job(text, "integration-web")).contains("needs:\n    - build-web");
        assertThat(job(text, "scan-web")).contains("job: build-web", "- integration-web", "--severity CRITICAL,HIGH");
        assertThat(job(text, "push-web")).contains("job: build-web", "- scan-web", "merge_request_event\"\n      when: never");
    }

    @Test
    void neverTagsLatest() {
        for (SystemSpec spec : List.of(CiSpecs.minimal(), CiSpecs.wide())) {
            assertThat(pipeline(spec)).doesNotContainPattern(":latest\\b").contains("$IMAGE:$CI_COMMIT_SHA");
        }
    }

    @Test
    void deploymentsFollowTheirTriggersAndPromotionsWaitForTheirSource() {
        String text = pipeline(CiSpecs.wide());
        assertThat(job(text, "deploy-dev")).contains("$CI_COMMIT_BRANCH == \"trunk\"");
        assertThat(job(text, "deploy-production")).contains("$CI_COMMIT_TAG =~ /^v/");
        assertThat(job(text, "deploy-preview")).contains("job: deploy-dev");
        assertThat(text).contains("registry.example.com/shop/order-api", "$REGISTRY_PASSWORD", "--severity CRITICAL ");
    }
}
