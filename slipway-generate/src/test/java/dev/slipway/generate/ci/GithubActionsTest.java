package dev.slipway.generate.ci;

import dev.slipway.generate.GoldenFiles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.generate.GeneratedFile;
import java.util.List;
import org.junit.jupiter.api.Test;

class GithubActionsTest {

    private final GithubActions generator = new GithubActions();

    private String workflow(dev.slipway.model.SystemSpec spec) {
        List<GeneratedFile> files = generator.generate(spec);
        assertThat(files).extracting(GeneratedFile::path).containsExactly(".github/workflows/slipway.yml", CiScript.PATH);
        return files.getFirst().content();
    }

    @Test
    void minimalExampleMatchesItsGoldenFile() throws Exception {
        GoldenFiles.assertMatches("github", generator.generate(CiSpecs.minimal()));
    }

    @Test
    void sameSpecGivesTheSameBytes() {
        assertThat(generator.generate(CiSpecs.wide())).isEqualTo(generator.generate(CiSpecs.wide()));
    }

    @Test
    void externalImagesGetNoBuildJobs() {
        String text = workflow(CiSpecs.minimal());
        assertThat(text).contains("  image-web:", "  image-api:", "  test-api:").doesNotContain("image-db", "test-db");
        assertThat(workflow(CiSpecs.wide())).doesNotContain("image-cache:", "test-cache:");
    }

    @Test
    void neverTagsLatestAndTagsBySha() {
        for (var spec : List.of(CiSpecs.minimal(), CiSpecs.wide())) {
            String text = workflow(spec);
            assertThat(text).contains("latest=false", "type=sha,prefix=,format=long")
                    .doesNotContainPattern(":latest\\b").doesNotContain("type=raw", "type=semver");
        }
    }

    @Test
    void everyActionIsPinnedToACommitWithItsReleaseExceptSetupRuby() {
        String text = workflow(CiSpecs.wide());
        List<String> uses = text.lines().map(String::strip).filter(l -> l.startsWith("uses: ") || l.startsWith("- uses: "))
                .map(l -> l.substring(l.indexOf("uses: ") + 6)).toList();
        assertThat(uses).isNotEmpty().allMatch(u -> u.matches("[\\w.-]+/[\\w./-]+@[0-9a-f]{40} # v[0-9.]+"), "pinned");
    }

    @Test
    void approvalIsSlipwaysGateAndEveryDeploymentIsSerialisedPerEnvironment() {
        String text = workflow(CiSpecs.minimal());
        assertThat(text).contains("# Approval is Slipway's gate: the release waits in awaiting-approval")
                .contains("group: slipway-deploy-production", "group: slipway-deploy-staging", "cancel-in-progress: false",
                        "SLIPWAY_ON_APPROVAL: ${{ vars.SLIPWAY_ON_APPROVAL || 'wait' }}");
        assertThat(text.indexOf("# Approval")).isLessThan(text.indexOf("  deploy-production:"))
                .isGreaterThan(text.indexOf("  deploy-staging:"));
    }

    @Test
    void deploymentsFollowTheirTriggers() {
        String text = workflow(CiSpecs.wide());
        assertThat(text).contains("github.ref == 'refs/heads/trunk'", "startsWith(github.ref, 'refs/tags/v')",
                "inputs.environment == 'qa'", "- qa").doesNotContain("release/**");
        // preview is promoted from dev in the same run: it waits for dev's deployment
        String preview = job(text, "deploy-preview");
        assertThat(preview).contains("- deploy-dev", "sh .slipway/ci.sh promote preview")
                .doesNotContain("KUBECONFIG", "image-", "test-");
        assertThat(job(text, "deploy-dev")).contains("sh .slipway/ci.sh release dev \"$@\"",
                "\"order-api=${ORDER_API_VERSION}@${ORDER_API_DIGEST}\"", "- changes", "- image-order-api");
        assertThat(job(text, "deploy-production")).contains("sh .slipway/ci.sh promote production")
                .doesNotContain("needs:");
        // no Slipway binary or image anywhere, and no build on a road that is not the main branch
        assertThat(text).doesNotContain("slipway deploy", "ghcr.io/slipway-dev", "KUBECONFIG", "paths-filter", "gh api");
    }

    @Test
    void onlyChangedServicesAreBuiltAndOnlyOnTheMainBranchAndPullRequests() {
        String text = workflow(CiSpecs.minimal());
        assertThat(job(text, "changes")).contains(
                "if: ${{ github.event_name == 'pull_request' || github.ref == 'refs/heads/main' }}",
                "fetch-depth: 0", "SLIPWAY_CHANGE_BASE: ${{ github.event.pull_request.base.sha }}",
                "changed=\"$(sh .slipway/ci.sh changed dev web 'web/**' 'docker/web/Dockerfile')\"",
                "echo \"web=$changed\" >> \"$GITHUB_OUTPUT\"");
        assertThat(job(text, "test-web")).contains("if: ${{ needs.changes.outputs.web == 'true' }}");
        assertThat(job(text, "changes")).contains("version=\"$(sh .slipway/ci.sh version)\"",
                "version: ${{ steps.changed.outputs.version }}");
        assertThat(job(text, "image-web")).contains("- test-web", "- changes",
                "sh .slipway/ci.sh record-build web \"$VERSION\" \"$IMAGE\" \"$DIGEST\"",
                "VERSION: ${{ needs.changes.outputs.version }}", "DIGEST: ${{ steps.push.outputs.digest }}");
        // scanned before it is pushed, pushed before it is recorded
        String image = job(text, "image-web");
        assertThat(image.indexOf("name: Scan image")).isLessThan(image.indexOf("name: Push image"));
        assertThat(image.indexOf("name: Push image")).isLessThan(image.indexOf("name: Record the build in Slipway"));
    }

    /** The text of one job, up to the next job. */
    static String job(String text, String id) {
        int start = text.indexOf("\n  " + id + ":\n");
        assertThat(start).as("job %s", id).isNotNegative();
        int end = text.indexOf("\n  ", start + 1);
        while (end >= 0 && text.startsWith("   ", end + 1)) {
            end = text.indexOf("\n  ", end + 1);
        }
        return text.substring(start + 1, end < 0 ? text.length() : end);
    }

    @Test
    void permissionsAreLeastPrivilege() {
        String text = workflow(CiSpecs.minimal());
        assertThat(text).startsWith("# Generated by Slipway").contains("permissions:\n  contents: read\n");
        // write scopes only in the image jobs: two services, one packages and one security-events each
        assertThat(text.split("packages: write", -1)).hasSize(3);
        assertThat(text.split("security-events: write", -1)).hasSize(3);
        assertThat(text).doesNotContain("contents: write", "pull-requests");
        assertThat(text).doesNotContain("write-all", "id-token");
    }

    @Test
    void scanFailsOnTheConfiguredSeveritiesAndUploadsSarif() {
        assertThat(workflow(CiSpecs.minimal())).contains("severity: CRITICAL,HIGH", "exit-code: '1'", "sarif_file: trivy-web.sarif");
        assertThat(workflow(CiSpecs.wide())).contains("severity: CRITICAL\n");
    }

    @Test
    void buildsUseTheLanguagesToolsAndRegistryCache() {
        String text = workflow(CiSpecs.wide());
        assertThat(text).contains("gradle --no-daemon test", "poetry run pytest", "cargo test --locked",
                "cache-from: type=registry,ref=registry.example.com/shop/order-api:buildcache",
                "file: services/order-api/Dockerfile", "secrets.REGISTRY_PASSWORD");
        assertThat(workflow(CiSpecs.minimal())).contains("npm test", "go test ./...", "file: docker/web/Dockerfile",
                "context: web", "changed dev web 'web/**' 'docker/web/Dockerfile'");
    }
}
