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
        assertThat(files).extracting(GeneratedFile::path).containsExactly(".gitlab-ci.yml", CiScript.PATH);
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
    void approvalIsSlipwaysGateNotAManualJob() {
        String text = pipeline(CiSpecs.minimal());
        String production = job(text, "deploy-production");
        assertThat(production).contains("name: production", "deployment_tier: production", "resource_group: production",
                "sh .slipway/ci.sh promote production").doesNotContain("when: manual");
        assertThat(text).contains("# Approval is Slipway's gate: the release waits in awaiting-approval");
    }

    @Test
    void manualEnvironmentIsAnOptionalManualJob() {
        String qa = job(pipeline(CiSpecs.wide()), "deploy-qa");
        assertThat(qa).contains("when: manual", "allow_failure: true", "sh .slipway/ci.sh promote qa");
    }

    @Test
    void servicesBuildOnlyOnTheMainBranchOrMergeRequestsWhenTheyChangedAndExternalImagesNever() {
        String text = pipeline(CiSpecs.minimal());
        assertThat(job(text, "changes")).contains("GIT_DEPTH: '0'", "image: alpine:3.22",
                "changed=\"$(sh .slipway/ci.sh changed dev web 'web/**' 'docker/web/Dockerfile')\"",
                "echo \"SLIPWAY_BUILD_WEB=$changed\" >> changes.env", "dotenv: changes.env",
                "SLIPWAY_CHANGE_BASE=\"${CI_MERGE_REQUEST_DIFF_BASE_SHA:-}\"");
        for (String id : List.of("lint-web", "test-web", "build-web", "scan-web", "record-web")) {
            assertThat(job(text, id)).as(id).contains("job: changes",
                    "\"${SLIPWAY_BUILD_WEB:-}\" != true ]; then echo", "did not change since its last successful deployment",
                    "$CI_COMMIT_BRANCH == \"main\"")
                    .doesNotContain("CI_COMMIT_TAG", "release\\/");
        }
        // merge requests lint and test; only the main branch pushes, scans and records
        assertThat(job(text, "test-web")).contains("merge_request_event");
        assertThat(job(text, "build-web")).doesNotContain("merge_request_event");
        assertThat(job(text, "record-web")).doesNotContain("merge_request_event");
        assertThat(text).contains("build-api:", "scan-api:", "record-api:").doesNotContain("build-db", "scan-db", "record-db");
        assertThat(pipeline(CiSpecs.wide())).doesNotContain("build-cache:");
    }

    @Test
    void stagesFormAFailFastChainPerService() {
        String text = pipeline(CiSpecs.minimal());
        assertThat(text).contains("stages:\n  - changes\n  - lint\n  - test\n  - build\n");
        assertThat(job(text, "test-web")).contains("- lint-web");
        assertThat(job(text, "build-web")).contains("- test-web", "until wget -q -O /dev/null \"http://docker:${port}/health\"");
        assertThat(job(text, "scan-web")).contains("job: build-web", "--severity CRITICAL,HIGH", "\"$IMAGE@$WEB_DIGEST\"");
        assertThat(job(text, "record-web")).contains("job: build-web", "job: scan-web",
                "sh .slipway/ci.sh record-build web \"$WEB_VERSION\" \"$IMAGE\" \"$WEB_DIGEST\"");
    }

    @Test
    void neverTagsLatest() {
        for (SystemSpec spec : List.of(CiSpecs.minimal(), CiSpecs.wide())) {
            assertThat(pipeline(spec)).doesNotContainPattern(":latest\\b").contains("$IMAGE:$CI_COMMIT_SHA");
        }
    }

    @Test
    void theFirstEnvironmentReceivesTheBuildsAndLaterOnesArePromotionsWithoutABuild() {
        String text = pipeline(CiSpecs.wide());
        assertThat(job(text, "deploy-dev")).contains("$CI_COMMIT_BRANCH == \"trunk\"", "job: record-order-api", "job: changes",
                "sh .slipway/ci.sh release dev \"$@\"", "image:\n    name: curlimages/curl");
        assertThat(job(text, "deploy-production")).contains("$CI_COMMIT_TAG =~ /^v/", "sh .slipway/ci.sh promote production")
                .doesNotContain("job: build-", "job: record-", "job: changes");
        assertThat(job(text, "deploy-preview")).contains("job: deploy-dev", "promote preview").doesNotContain("job: build-");
        assertThat(text).contains("registry.example.com/shop/order-api", "$REGISTRY_PASSWORD", "--severity CRITICAL ")
                .doesNotContain("slipway deploy", "SLIPWAY_IMAGE", "KUBECONFIG", "ghcr.io/slipway-dev");
    }
}
