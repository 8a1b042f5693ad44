package dev.slipway.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.model.SystemSpec;
import dev.slipway.model.UserError;
import dev.slipway.model.load.SpecLoader;
import dev.slipway.release.Deployed;
import dev.slipway.release.execute.ProgressListener;
import dev.slipway.release.execute.ReleaseEngine;
import dev.slipway.release.execute.ReleaseResult;
import dev.slipway.release.plan.ReleaseRequest;
import dev.slipway.sandbox.Fault;
import dev.slipway.sandbox.Faults;
import dev.slipway.store.Store;
import dev.slipway.supply.gitops.GitHttpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A release to a {@code delivery: gitops} environment, the whole road on the sandbox: Slipway commits the digests
 * to a real Git server, a stand-in for Argo CD ({@link ArgoCdStandIn}) applies them, and Slipway follows the
 * rollout and rolls back by committing the previous digests. Slipway itself never applies there.
 */
class GitDeliveryTest {

    private static final String API_1 = "sha256:" + "1".repeat(64);
    private static final String WEB_1 = "sha256:" + "2".repeat(64);
    private static final String WEB_2 = "sha256:" + "3".repeat(64);
    private static final double SPEED = 300;

    @TempDir
    Path dir;
    private GitHttpServer server;
    private Path bare;
    private Path data;
    private Releaser releaser;
    private Store store;
    private final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        bare = dir.resolve("git/shop.git");
        Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
        seedOverlays();
        server = GitHttpServer.withoutAuthentication(dir.resolve("git"));
        data = Files.createDirectories(dir.resolve("data"));
        store = Store.h2(data);
        releaser = releaser(false);
    }

    private Releaser releaser(boolean pullRequest) throws Exception {
        Path specFile = dir.resolve("slipway.yaml");
        Files.writeString(specFile, """
                system: {name: shop, registry: registry.example.com/shop}
                environments:
                  - name: production
                    delivery: gitops
                    gitops: {repository: "%s", author: "Slipway Test <slipway@example.com>", pullRequest: %s}
                services:
                  api: {path: api, language: go, port: 8080}
                  web: {path: web, language: node, port: 3000, dependsOn: {api: "^1"}, strategy: {type: canary}}
                """.formatted(server.url("shop.git"), pullRequest));
        SystemSpec spec = SpecLoader.load(specFile).orThrow();
        return new Releaser(new ReleaseRecords(store, data), spec, specFile, warnings::add, Releaser.Fence.OPEN);
    }

    @AfterEach
    void tearDown() {
        server.close();
        store.close();
    }

    @Test
    void aReleaseIsCommittedAppliedByTheControllerFollowedAndRolledBackThroughGit() throws Exception {
        try (World world = World.open(store, data, releaser.spec(), SPEED);
             ArgoCdStandIn argo = new ArgoCdStandIn(bare, "main", "production", List.of("api", "web"), world)) {
            // the controller is off: Slipway's commit alone must change nothing in the cluster
            CompletableFuture<Releaser.Ended> first = start(world, Map.of("api", "1.0.0", "web", "1.0.0"),
                    Map.of("api", API_1, "web", WEB_1));
            awaitCommit("Release r-production-1 to production: api 1.0.0");
            Thread.sleep(300); // a whole virtual minute and a half: Slipway would have applied by now
            assertThat(world.onClock(() -> world.inventory("production")).services()).isEmpty();
            assertThat(first).isNotDone();

            argo.syncing(true);
            Releaser.Ended installed = first.get(60, TimeUnit.SECONDS);
            assertThat(installed.result()).hasValueSatisfying(r ->
                    assertThat(r.outcome()).isEqualTo(ReleaseResult.Outcome.SUCCEEDED));
            // dependencies first, one commit per service as it starts; web's canary ran as Git applied it
            assertThat(history()).startsWith("Release r-production-1 to production: web 1.0.0",
                    "Release r-production-1 to production: api 1.0.0", "seed the overlays");
            assertThat(argo.log).containsExactly("api 1.0.0 " + API_1, "web 1.0.0 " + WEB_1);
            assertThat(world.onClock(() -> world.inventory("production")).deployed("web"))
                    .map(Deployed::version).contains("1.0.0");

            // web 1.1.0 crash-loops: the rollout fails as the controller applies it, and Slipway commits 1.0.0 back
            world.inject(Faults.of(new Fault("web", "1.1.0", 0, 1, true, false, Optional.empty())));
            Releaser.Ended failed = start(world, Map.of("web", "1.1.0"), Map.of("web", WEB_2)).get(60, TimeUnit.SECONDS);
            assertThat(failed.result()).hasValueSatisfying(r ->
                    assertThat(r.outcome()).isEqualTo(ReleaseResult.Outcome.ROLLED_BACK));
            assertThat(history()).startsWith("Roll back r-production-2 on production: web 1.0.0",
                    "Release r-production-2 to production: web 1.1.0");
            assertThat(overlay("web")).contains("newTag: 1.0.0", "digest: " + WEB_1);
            assertThat(argo.log).endsWith("web 1.1.0 " + WEB_2, "web 1.0.0 " + WEB_1);
            assertThat(world.onClock(() -> world.inventory("production")).deployed("web"))
                    .map(Deployed::version).contains("1.0.0");
        }
    }

    @Test
    void withPullRequestsTheReleaseWaitsUntilItsBranchIsMergedAndApplied() throws Exception {
        releaser = releaser(true);
        try (World world = World.open(store, data, releaser.spec(), SPEED);
             ArgoCdStandIn argo = new ArgoCdStandIn(bare, "main", "production", List.of("api"), world)) {
            argo.syncing(true); // the controller syncs main; the release's branch is not main
            CompletableFuture<Releaser.Ended> release = start(world, Map.of("api", "1.0.0"), Map.of("api", API_1));
            awaitCommit("slipway/r-production-1", "Release r-production-1 to production: api 1.0.0");
            Thread.sleep(300);
            assertThat(history("main")).containsExactly("seed the overlays");
            assertThat(argo.log).isEmpty();
            assertThat(release).isNotDone();

            merge("slipway/r-production-1"); // the pull request, merged on the Git host
            assertThat(release.get(60, TimeUnit.SECONDS).result()).hasValueSatisfying(r ->
                    assertThat(r.outcome()).isEqualTo(ReleaseResult.Outcome.SUCCEEDED));
            assertThat(argo.log).containsExactly("api 1.0.0 " + API_1);
        }
    }

    @Test
    void aVersionWithoutADigestIsRefusedBeforeAnythingIsCommitted() throws Exception {
        try (World world = World.open(store, data, releaser.spec(), SPEED)) {
            assertThatThrownBy(() -> releaser.create(world, new ReleaseRequest("production", Map.of("api", "1.0.0")),
                    ReleaseEngine.Options.DEFAULT, null, Commit.NONE, Releaser.Starter.of("alice")))
                    .isInstanceOf(UserError.class)
                    .hasMessage("environment production delivers through Git, which pins images by digest, and api "
                            + "1.0.0 has no digest");
        }
        assertThat(history()).containsExactly("seed the overlays");
    }

    private CompletableFuture<Releaser.Ended> start(World world, Map<String, String> versions,
                                                    Map<String, String> digests) {
        Releaser.Preparation preparation = releaser.create(world, new ReleaseRequest("production", versions, digests),
                ReleaseEngine.Options.DEFAULT, null, Commit.NONE, Releaser.Starter.of("alice"));
        assertThat(preparation.prepared()).as("a plan to run").isPresent();
        return CompletableFuture.supplyAsync(() ->
                releaser.run(world, preparation.prepared().get(), ProgressListener.NONE, false));
    }

    private void awaitCommit(String subject) throws Exception {
        awaitCommit("main", subject);
    }

    private void awaitCommit(String branch, String subject) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!history(branch).contains(subject)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no commit '" + subject + "' on " + branch + " in " + history(branch));
            }
            Thread.sleep(20);
        }
    }

    private List<String> history() throws Exception {
        return history("main");
    }

    private List<String> history(String branch) throws Exception {
        try (Git git = Git.open(bare.toFile())) {
            var head = git.getRepository().resolve("refs/heads/" + branch);
            List<String> subjects = new ArrayList<>();
            if (head != null) {
                git.log().add(head).call().forEach(c -> subjects.add(c.getShortMessage()));
            }
            return subjects;
        }
    }

    /** Fast-forwards main to {@code branch}, as merging its pull request on the Git host does. */
    private void merge(String branch) throws Exception {
        try (Repository repository = Git.open(bare.toFile()).getRepository()) {
            var update = repository.updateRef("refs/heads/main");
            update.setNewObjectId(repository.resolve("refs/heads/" + branch));
            assertThat(update.update()).isIn(org.eclipse.jgit.lib.RefUpdate.Result.FAST_FORWARD);
        }
    }

    private String overlay(String service) throws Exception {
        try (Repository repository = Git.open(bare.toFile()).getRepository(); RevWalk walk = new RevWalk(repository)) {
            RevCommit head = walk.parseCommit(repository.resolve("refs/heads/main"));
            try (var file = org.eclipse.jgit.treewalk.TreeWalk.forPath(repository,
                    "deploy/kubernetes/" + service + "/overlays/production/kustomization.yaml", head.getTree())) {
                return new String(repository.open(file.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    private void seedOverlays() throws Exception {
        Path work = dir.resolve("seed");
        try (Git git = Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(work.toFile()).call()) {
            git.checkout().setOrphan(true).setName("main").call();
            for (String service : List.of("api", "web")) {
                String path = "deploy/kubernetes/" + service + "/overlays/production/kustomization.yaml";
                Files.createDirectories(work.resolve(path).getParent());
                Files.writeString(work.resolve(path), """
                        apiVersion: kustomize.config.k8s.io/v1beta1
                        kind: Kustomization
                        resources:
                          - ../../base
                        namespace: shop-production
                        images:
                          - name: registry.example.com/shop/%s
                            newName: registry.example.com/shop/%s
                            newTag: 0.0.0-unreleased
                        """.formatted(service, service));
                git.add().addFilepattern(path).call();
            }
            git.commit().setMessage("seed the overlays").setAuthor("Someone", "someone@example.com")
                    .setCommitter("Someone", "someone@example.com").setSign(false).call();
            git.push().setRefSpecs(new RefSpec("HEAD:refs/heads/main")).call();
        }
    }
}
