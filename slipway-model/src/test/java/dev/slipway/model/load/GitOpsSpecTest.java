package dev.slipway.model.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.Delivery;
import dev.slipway.model.Environment;
import dev.slipway.model.GitOpsSettings;
import dev.slipway.model.LoadResult;
import dev.slipway.model.Problem;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** delivery: and gitops: of an environment, their defaults and the rules that keep them consistent. */
class GitOpsSpecTest {

    private static final String SERVICES = """
            services:
              api: {path: api, language: go, port: 8080}
            """;

    private static LoadResult load(String text) {
        return SpecLoader.load(text + SERVICES, "slipway.yaml");
    }

    @Test
    void anEnvironmentDeliversThroughSlipwayUnlessItSaysGitops() {
        LoadResult result = load("""
                system: {name: shop, registry: r.example.com/shop, repository: https://git.example.com/shop.git}
                ci: {mainBranch: trunk}
                environments:
                  - {name: dev}
                  - name: production
                    kubeContext: prod
                    delivery: gitops
                """);
        assertThat(result.problems()).isEmpty();
        Environment dev = result.orThrow().environments().get(0);
        Environment production = result.orThrow().environments().get(1);
        assertThat(dev.delivery()).isEqualTo(Delivery.SLIPWAY);
        assertThat(dev.gitops()).isEmpty();
        assertThat(dev.deliversThroughGit()).isFalse();
        assertThat(production.deliversThroughGit()).isTrue();
        // the defaults are what Argo CD and Flux sync: the system's repository, the main branch, generate's overlays
        assertThat(production.gitops()).contains(new GitOpsSettings(Optional.of("https://git.example.com/shop.git"),
                "trunk", "deploy/kubernetes/{service}/overlays/production", false, "Slipway <slipway@localhost>",
                "SLIPWAY_GIT_USERNAME", "SLIPWAY_GIT_TOKEN"));
        assertThat(production.gitops().orElseThrow().overlay("api")).isEqualTo("deploy/kubernetes/api/overlays/production");
    }

    @Test
    void everyGitopsKeyIsRead() {
        LoadResult result = load("""
                system: {name: shop, registry: r.example.com/shop}
                environments:
                  - name: production
                    kubeContext: prod
                    delivery: gitops
                    gitops:
                      repository: https://git.example.com/deploy.git
                      branch: releases
                      path: clusters/prod
                      pullRequest: true
                      author: Release Bot <bot@example.com>
                      usernameEnv: DEPLOY_USER
                      tokenEnv: DEPLOY_TOKEN
                """);
        assertThat(result.problems()).isEmpty();
        assertThat(result.orThrow().environments().getFirst().gitops()).contains(new GitOpsSettings(
                Optional.of("https://git.example.com/deploy.git"), "releases", "clusters/prod", true,
                "Release Bot <bot@example.com>", "DEPLOY_USER", "DEPLOY_TOKEN"));
    }

    @Test
    void gitopsKeysWithoutGitopsDeliveryAreAnErrorWithAHint() {
        LoadResult result = load("""
                system: {name: shop, registry: r.example.com/shop}
                environments:
                  - name: staging
                    gitops: {repository: https://git.example.com/deploy.git}
                """);
        assertThat(result.problems()).extracting(Problem::format).containsExactly(
                "slipway.yaml:4:5: environments[0].gitops: 'gitops' applies only to an environment with "
                        + "`delivery: gitops` (hint: add `delivery: gitops` to staging to commit its releases to Git, "
                        + "or remove `gitops`)");
    }

    @Test
    void gitopsDeliveryNeedsAnHttpRepository() {
        LoadResult none = load("""
                system: {name: shop, registry: r.example.com/shop}
                environments:
                  - {name: production, kubeContext: prod, delivery: gitops}
                """);
        assertThat(none.problems()).extracting(Problem::format).containsExactly(
                "slipway.yaml:3:43: environments[0].delivery: environment production delivers through Git, and no "
                        + "repository is named (hint: set `gitops.repository` (or `system.repository`) to the https "
                        + "URL Argo CD or Flux syncs from)");

        LoadResult ssh = load("""
                system: {name: shop, registry: r.example.com/shop, repository: "git@github.com:acme/shop.git"}
                environments:
                  - {name: production, kubeContext: prod, delivery: gitops}
                """);
        assertThat(ssh.problems()).extracting(Problem::format).singleElement().asString()
                .startsWith("slipway.yaml:3:53: environments[0].delivery: system.repository 'git@github.com:acme/shop.git'"
                        + " is not an http(s) URL")
                .contains("SLIPWAY_GIT_TOKEN");
    }

    @Test
    void anOverlayOutsideTheRepositoryAndABadAuthorAreRefused() {
        LoadResult result = load("""
                system: {name: shop, registry: r.example.com/shop, repository: https://git.example.com/shop.git}
                environments:
                  - name: production
                    delivery: gitops
                    gitops: {path: ../elsewhere, author: slipway, pullRequest: "yes"}
                """);
        assertThat(result.problems()).extracting(Problem::format)
                .anySatisfy(p -> assertThat(p).startsWith("slipway.yaml:5:20: environments[0].gitops.path: overlay path "
                        + "'../elsewhere' leaves the repository"))
                .anySatisfy(p -> assertThat(p).contains("environments[0].gitops.author"))
                .anySatisfy(p -> assertThat(p).contains("environments[0].gitops.pullRequest"));
    }

    @Test
    void plainHttpOutsideTheMachineIsAWarning() {
        LoadResult result = load("""
                system: {name: shop, registry: r.example.com/shop}
                environments:
                  - name: production
                    kubeContext: prod
                    delivery: gitops
                    gitops: {repository: "http://git.internal/shop.git"}
                """);
        assertThat(result.ok()).isTrue();
        assertThat(result.problems()).extracting(Problem::format).singleElement().asString()
                .contains("environments[0].gitops.repository").contains("unencrypted");
        assertThat(load("""
                system: {name: shop, registry: r.example.com/shop}
                environments:
                  - name: production
                    kubeContext: prod
                    delivery: gitops
                    gitops: {repository: "http://127.0.0.1:8080/shop.git"}
                """).problems()).isEmpty();
    }

    @Test
    void gitopsDeliveryOnTheSandboxIsAWarning() {
        LoadResult result = load("""
                system: {name: shop, registry: r.example.com/shop, repository: https://git.example.com/shop.git}
                environments:
                  - {name: production, delivery: gitops}
                """);
        assertThat(result.ok()).isTrue();
        assertThat(result.problems()).extracting(Problem::format).containsExactly(
                "slipway.yaml:3:34: environments[0].delivery: warning: environment production delivers through Git and names no "
                        + "kubeContext: Slipway would follow its rollouts on the embedded sandbox, where no Argo CD or "
                        + "Flux applies the commits (hint: set kubeContext to the cluster Argo CD or Flux deploys to)");
    }
}
